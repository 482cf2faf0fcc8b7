"""Delivering an email: at most once, a failure kept in sight, and tried again."""

import datetime as dt

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.utils import timezone

from councils.refusals import Refused
from outbox.models import Email
from outbox.services import MAX_ATTEMPTS, deliver, retry_email, retry_failed
from outbox.tasks import deliver_email, retry_failed_emails
from tests.factories import EmailFactory
from tests.outbox.conftest import mail_up

DOWN = "service not available"


def test_delivering_sends_the_text_and_html_and_marks_it_sent(db) -> None:
    email = EmailFactory(address="ann@fife.gov.uk")
    assert deliver(email.pk) is True
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert email.attempts == 1
    [message] = mail.outbox
    assert message.to == ["ann@fife.gov.uk"]
    assert message.body == email.text_body
    assert message.alternatives[0].content == email.html_body


def test_delivering_twice_sends_once(db) -> None:
    email = EmailFactory()
    assert deliver(email.pk) is True
    assert deliver(email.pk) is False
    assert deliver_email(email.pk) is False  # the task, run again by the broker
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_an_email_gone_from_the_outbox_is_not_an_error(db) -> None:
    assert deliver(404) is False


def test_a_failed_send_is_recorded_and_raised_for_the_task_to_retry(
    db, mail_down
) -> None:
    email = EmailFactory()
    with pytest.raises(OSError, match=DOWN):
        deliver(email.pk)
    email.refresh_from_db()
    assert email.status == Email.Status.FAILED
    assert email.attempts == 1
    assert "SMTPConnectError" in email.last_error
    assert email.failed_at is not None
    assert not mail.outbox


def test_in_process_a_failed_send_is_left_for_the_periodic_retry(db, mail_down) -> None:
    email = EmailFactory()
    # In-process (no broker) Celery does not wait to retry: it hands the retry
    # back to whoever queued the task (the outbox's queuing logs it).
    with pytest.raises(Retry):
        deliver_email.delay(email.pk)
    email.refresh_from_db()
    assert email.status == Email.Status.FAILED
    assert email.attempts == 1


def test_a_failed_email_is_sent_by_the_periodic_retry_once_mail_is_back(
    db, mail_down, settings
) -> None:
    email = EmailFactory()
    with pytest.raises(OSError, match=DOWN):
        deliver(email.pk)
    # Left alone a while after it failed; the mail server is back.
    Email.objects.filter(pk=email.pk).update(
        failed_at=timezone.now() - dt.timedelta(minutes=20)
    )
    mail_up(settings)
    assert retry_failed_emails() == 1
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert email.attempts == 2
    assert "SMTPConnectError" in email.last_error  # what happened stays readable
    assert len(mail.outbox) == 1
    assert retry_failed() == 0  # nothing left to send


def test_an_email_never_queued_is_picked_up_by_the_periodic_retry(db) -> None:
    # The broker was down when it was composed: it was never tried.
    stuck = EmailFactory(created_at=timezone.now() - dt.timedelta(minutes=20))
    assert stuck.is_stuck
    assert retry_failed() == 1
    stuck.refresh_from_db()
    assert stuck.is_sent


@pytest.mark.parametrize(
    "email",
    [
        {"created_at": dt.timedelta(minutes=1)},
        {"failed_at": dt.timedelta(minutes=1), "attempts": 6},
        {"failed_at": dt.timedelta(hours=2), "attempts": MAX_ATTEMPTS},
        {"sent_at": dt.timedelta(hours=2), "attempts": 1},
    ],
    ids=["just composed", "just failed", "out of attempts", "sent"],
)
def test_the_periodic_retry_leaves_alone(db, email) -> None:
    now = timezone.now()
    EmailFactory(
        **{
            name: now - value if isinstance(value, dt.timedelta) else value
            for name, value in email.items()
        }
    )
    assert retry_failed() == 0
    assert not mail.outbox


def test_staff_send_a_failed_email_again(
    db, mail_down, settings, staff_user, django_capture_on_commit_callbacks
) -> None:
    email = EmailFactory()
    with pytest.raises(OSError, match=DOWN):
        deliver(email.pk)
    mail_up(settings)
    with django_capture_on_commit_callbacks(execute=True):
        retry_email(email, by=staff_user)
    email.refresh_from_db()
    assert email.is_sent
    assert len(mail.outbox) == 1


def test_a_sent_email_is_never_sent_again(db, staff_user) -> None:
    email = EmailFactory()
    deliver(email.pk)
    with pytest.raises(Refused, match="not sent again"):
        retry_email(email, by=staff_user)
    assert len(mail.outbox) == 1
