from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class DigitalOfficeConfig(AppConfig):
    default = True
    name = "digital_office"
    verbose_name = "Digital Office"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from digital_office.caching import bump

        # Any change to the programme's data starts a new page-cache generation.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(bump, dispatch_uid=f"page-cache-{signal}")


class HeartbeatAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "digital_office.admin.HeartbeatAdminSite"
