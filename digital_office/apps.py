from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class DigitalOfficeConfig(AppConfig):
    default = True
    name = "digital_office"
    verbose_name = "Digital Office"


class HeartbeatAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "digital_office.admin.HeartbeatAdminSite"
