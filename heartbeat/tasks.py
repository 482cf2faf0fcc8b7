"""Background work of the lifecycle. Tasks take ids, hold no rules, and are safe to
run twice: they only call the services in `heartbeat.notifications`."""

import logging
from functools import partial

from celery import Task, shared_task
from django.db import transaction

from heartbeat import notifications

logger = logging.getLogger(__name__)

EMAIL = {
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "max_retries": 5,
    "acks_late": True,
}


def _send(task: Task, *args: object) -> None:
    """Publish a task; a broker outage is logged, never turned into a failed save."""
    try:
        task.delay(*args)
    except Exception:
        logger.exception(
            "Could not queue %s%r: the broker is unreachable", task.name, args
        )


def queue_phase_change_emails(review_id: int) -> None:
    """Email the leads of the project's councils once the review is committed."""
    transaction.on_commit(partial(_send, notify_phase_change, review_id))


def queue_pack_emails(pack_id: int) -> None:
    """Tell every council lead about a newly published pack, once it is committed."""
    transaction.on_commit(partial(_send, notify_pack_published, pack_id))


@shared_task(**EMAIL)
def notify_phase_change(review_id: int) -> int:
    return notifications.email_phase_change(review_id)


@shared_task(**EMAIL)
def notify_pack_published(pack_id: int) -> int:
    return notifications.email_pack_published(pack_id)


@shared_task(acks_late=True)
def send_pulse_reminders() -> int:
    return notifications.remind_pulses()
