from unittest import mock

import pytest
from django.core import mail

from councils.refusals import Refused
from heartbeat.models import GateReview
from heartbeat.tasks import notify_phase_change
from tests.heartbeat.conftest import none_met
from tests.heartbeat.test_gate_review_rules import review

Decision = GateReview.Decision


@pytest.fixture
def leads(fife_takes_part, lead_user, other_lead_user):
    """Fife's lead (taking part) and Highland's lead (not taking part)."""
    return lead_user, other_lead_user


def test_a_phase_change_emails_the_leads_of_the_councils_taking_part(
    project, staff_user, leads, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        review(project, staff_user, Decision.PROCEED)
    assert [message.to for message in mail.outbox] == [[leads[0].email]]
    message = mail.outbox[0]
    assert message.subject == "Digital telecare switchover has moved to Recruit"
    assert "from Scope to Recruit" in message.body
    assert "/projects/digital-telecare-switchover/" in message.body


def test_the_email_task_is_queued_once_per_phase_change_after_commit(
    project, staff_user, leads, django_capture_on_commit_callbacks
) -> None:
    with mock.patch("heartbeat.tasks.notify_phase_change.delay") as delay:
        with django_capture_on_commit_callbacks() as callbacks:
            record = review(project, staff_user, Decision.PROCEED)
        delay.assert_not_called()  # nothing is sent inside the transaction
        for callback in callbacks:
            callback()
    delay.assert_called_once_with(record.pk)


@pytest.mark.parametrize("decision", [Decision.HOLD])
def test_no_email_without_a_phase_change(
    project, staff_user, leads, decision, django_capture_on_commit_callbacks
) -> None:
    with (
        mock.patch("heartbeat.tasks.notify_phase_change.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        review(project, staff_user, decision, ticks=none_met(project))
    delay.assert_not_called()


def test_no_email_for_a_refused_review(
    project, staff_user, leads, django_capture_on_commit_callbacks
) -> None:
    with (
        mock.patch("heartbeat.tasks.notify_phase_change.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Refused),
    ):
        review(project, staff_user, Decision.PROCEED, ticks=none_met(project))
    delay.assert_not_called()


def test_running_the_email_task_twice_sends_once(
    project, staff_user, leads, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        record = review(project, staff_user, Decision.PROCEED)
    assert notify_phase_change(record.pk) == 0
    assert len(mail.outbox) == 1


def test_a_broker_outage_does_not_undo_the_decision(
    project, staff_user, leads, django_capture_on_commit_callbacks
) -> None:
    with (
        mock.patch(
            "heartbeat.tasks.notify_phase_change.delay",
            side_effect=ConnectionError("broker down"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        review(project, staff_user, Decision.PROCEED)
    project.refresh_from_db()
    assert project.phase.number == 2
