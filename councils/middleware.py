from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

# Pages a signed-in user without a role may still open: home explains the situation,
# and they can change their password or sign out. The admin checks its own access.
ROLE_EXEMPT_URL_NAMES = {"home", "logout", "password_change", "password_change_done"}


class RoleRequiredMiddleware:
    """Every page that needs a sign-in also needs one of the three roles."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable,
        view_args: tuple,
        view_kwargs: dict,
    ) -> None:
        if not getattr(view_func, "login_required", True):
            return
        user = request.user
        if not user.is_authenticated or user.has_role:
            return
        match = request.resolver_match
        if match.url_name in ROLE_EXEMPT_URL_NAMES or match.namespace == "admin":
            return
        raise PermissionDenied("This account has no role in Heartbeat yet.")
