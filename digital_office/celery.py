"""The Celery app: settings from Django's under the CELERY_ prefix, tasks per app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digital_office.settings")

app = Celery("digital_office")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
