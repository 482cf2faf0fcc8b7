from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class DigitalOfficeConfig(AppConfig):
    default = True
    name = "digital_office"
    verbose_name = "Digital Office"

    def ready(self) -> None:
        from django.core.signals import request_started

        from digital_office.beat import beat

        # The embedded mode's scheduled jobs (production runs celery beat).
        request_started.connect(beat.request_started, dispatch_uid="embedded-beat")


class HeartbeatAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "digital_office.admin.HeartbeatAdminSite"
