"""A council's leads hear when the Digital Office confirms or declines a commitment.

`portfolios.notifications.commitment_decided` is called by `set_commitment_status`
in its transaction: these tests make the decision through the service and count
what the outbox stored and sent.
"""

import datetime as dt

import pytest
from django.core import mail

from councils.roles import Role
from outbox.kinds import Kind
from outbox.models import Email
from portfolios.models import Commitment
from portfolios.notifications import commitment_decided
from portfolios.services import set_commitment_status
from tests.factories import CommitmentFactory, PreferenceFactory, ResourceRoleFactory
from tests.worlds import user_in

Status = Commitment.Status
REASON = "The cohort is full for this period: offer the next one."


@pytest.fixture
def commitment(project, fife):
    """Fife's proposal of 10 person-days of a service designer."""
    return CommitmentFactory(
        project=project, council=fife, role=ResourceRoleFactory(name="Service designer")
    )


def decide(commitment, staff_user, callbacks, status, *, reason="", on=None) -> int:
    """Decide through the service; how many emails it sent."""
    with callbacks(execute=True):
        set_commitment_status(
            commitment,
            status=status,
            by=staff_user,
            expected_version=commitment.version,
            reason=reason,
            on=on,
        )
    return len(mail.outbox)


def test_the_councils_leads_hear_that_their_commitment_is_confirmed(
    commitment,
    staff_user,
    lead_user,
    other_lead_user,
    fife,
    django_capture_on_commit_callbacks,
) -> None:
    colleague = user_in(Role.LEAD, username="lead-fife-2", council=fife)
    sent = decide(
        commitment, staff_user, django_capture_on_commit_callbacks, Status.CONFIRMED
    )
    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [lead_user.email, colleague.email]
    )  # Highland's lead hears nothing
    message = mail.outbox[0]
    assert message.subject == (
        "Fife's commitment to Digital telecare switchover is confirmed"
    )
    assert "10 person-days of Service designer" in message.body
    assert f"/projects/digital-telecare-switchover/commitments/{commitment.pk}/" in (
        message.body
    )
    assert "counts towards what the project needs" in message.body


def test_a_decline_says_why(
    commitment, staff_user, lead_user, django_capture_on_commit_callbacks
) -> None:
    decide(
        commitment,
        staff_user,
        django_capture_on_commit_callbacks,
        Status.DECLINED,
        reason=REASON,
    )
    [message] = mail.outbox
    assert message.subject.endswith("is declined")
    assert f"Why: {REASON}" in message.body
    assert REASON in message.alternatives[0].content


def test_deciding_is_told_once_however_often_it_is_called(
    commitment, staff_user, lead_user, django_capture_on_commit_callbacks
) -> None:
    decide(commitment, staff_user, django_capture_on_commit_callbacks, Status.CONFIRMED)
    commitment.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        commitment_decided(commitment, reason="")
    assert len(mail.outbox) == 1
    assert Email.objects.get().key == f"commitment-decided:{commitment.pk}:confirmed"


def test_a_decision_dated_in_the_past_sends_nothing(
    commitment, staff_user, lead_user, django_capture_on_commit_callbacks
) -> None:
    # The demo enters a year of history through the same service.
    sent = decide(
        commitment,
        staff_user,
        django_capture_on_commit_callbacks,
        Status.CONFIRMED,
        on=dt.date(2026, 2, 20),
    )
    assert sent == 0
    assert not mail.outbox


def test_a_withdrawal_is_not_a_decision_to_tell(
    commitment, staff_user, lead_user, django_capture_on_commit_callbacks
) -> None:
    sent = decide(
        commitment,
        staff_user,
        django_capture_on_commit_callbacks,
        Status.WITHDRAWN,
        reason="The designer has left.",
    )
    assert sent == 0


def test_a_lead_who_switched_these_off_is_not_emailed(
    commitment, staff_user, lead_user, django_capture_on_commit_callbacks
) -> None:
    PreferenceFactory(user=lead_user, kind=Kind.COMMITMENT_DECIDED, enabled=False)
    decide(commitment, staff_user, django_capture_on_commit_callbacks, Status.CONFIRMED)
    assert not mail.outbox
