from django.contrib.auth.backends import BaseBackend

from councils.models import User


class RoleBackend(BaseBackend):
    """Digital Office staff may do everything: every model permission, in the admin too.

    Granting by role in code, rather than by permission rows on the group, means a new
    model's permissions cannot be forgotten.
    """

    def has_perm(self, user_obj: User, perm: str, obj: object | None = None) -> bool:
        return getattr(user_obj, "is_programme_staff", False)

    def has_module_perms(self, user_obj: User, app_label: str) -> bool:
        return getattr(user_obj, "is_programme_staff", False)
