from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from councils.models import User


class StaffSignInForm(AdminAuthenticationForm):
    """The admin's own sign-in lets in whom has_permission lets in: Digital Office
    staff by role. Django's asks for the is_staff flag, which our staff need not
    have, so they could not sign in here although the admin is theirs."""

    def confirm_login_allowed(self, user: User) -> None:
        AuthenticationForm.confirm_login_allowed(self, user)  # active accounts only
        if not user.is_programme_staff:
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class HeartbeatAdminSite(admin.AdminSite):
    site_header = "Heartbeat administration"
    site_title = "Heartbeat admin"
    index_title = "Programme data"
    site_url = "/"
    login_form = StaffSignInForm

    def has_permission(self, request: HttpRequest) -> bool:
        # The admin is for Digital Office staff, whatever the is_staff flag says.
        user = request.user
        return user.is_active and user.is_authenticated and user.is_programme_staff
