"""Sending email in the background. Tasks take ids, hold no rules, and are safe to
run twice: `deliver` sends an email at most once."""

from celery import shared_task

from outbox import services

EMAIL = {
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "max_retries": 5,
    "acks_late": True,
}


@shared_task(**EMAIL)
def deliver_email(email_id: int) -> bool:
    return services.deliver(email_id)


@shared_task(acks_late=True)
def retry_failed_emails() -> int:
    return services.retry_failed()
