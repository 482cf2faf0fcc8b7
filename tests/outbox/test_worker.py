"""Email really is delivered in the background: a real Celery worker, the real Redis
broker, a real commit."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import transaction

from digital_office.celery import app
from outbox.kinds import Kind
from outbox.models import Email
from outbox.services import compose, link
from tests.factories import ProjectFactory, UserFactory


@pytest.mark.redis
@pytest.mark.postgres
# serialized_rollback restores the migrated data (the 32 councils) after the flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_on_redis_delivers_an_email_once_it_is_committed() -> None:
    owner = UserFactory(username="owner", first_name="Ann")
    project = ProjectFactory(name="Digital telecare switchover")
    app.control.purge()
    app.conf.task_always_eager = False
    with start_worker(app, perform_ping_check=False, loglevel="WARNING", pool="solo"):
        with transaction.atomic():
            email = compose(
                owner,
                kind=Kind.PULSE_DUE,
                key=f"pulse-due:{project.pk}:{project.pulse_due_on}",
                subject="Pulse due",
                template="heartbeat/email/pulse_due",
                context={
                    "project": project,
                    "due_on": project.pulse_due_on,
                    "action_label": "Report the pulse",
                    "action_url": link(f"/projects/{project.slug}/pulse/"),
                },
            )
            assert not Email.objects.get(pk=email.pk).is_sent  # not before commit
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            email.refresh_from_db()
            if email.is_sent:
                break
            time.sleep(0.2)
    assert email.is_sent, "the worker delivered nothing"
    assert email.attempts == 1
    assert [message.to for message in mail.outbox] == [[owner.email]]
