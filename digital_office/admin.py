from django.contrib import admin
from django.http import HttpRequest


class HeartbeatAdminSite(admin.AdminSite):
    site_header = "Heartbeat administration"
    site_title = "Heartbeat admin"
    index_title = "Programme data"
    site_url = "/"

    def has_permission(self, request: HttpRequest) -> bool:
        # The admin is for Digital Office staff, whatever the is_staff flag says.
        user = request.user
        return user.is_active and user.is_authenticated and user.is_programme_staff
