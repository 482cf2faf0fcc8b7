"""The workbench's scheduled work: it only calls the service, which is safe to run
twice (a day's digest goes to each person once)."""

from celery import shared_task

from workbench import notifications


@shared_task(acks_late=True)
def send_staff_digest() -> int:
    return notifications.send_staff_digest()
