import datetime as dt
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from councils.refusals import Refused
from councils.roles import Role
from heartbeat.models import GateReview
from heartbeat.notifications import remind_pulses
from heartbeat.services import publish_pack
from heartbeat.tasks import (
    notify_pack_published,
    notify_phase_change,
    send_pulse_reminders,
)
from outbox.kinds import Kind
from outbox.models import Email
from portfolios.models import Project, VisionObjective
from tests.factories import MarketingPackFactory, PreferenceFactory, ProjectFactory
from tests.heartbeat.conftest import none_met
from tests.heartbeat.test_gate_review_rules import review
from tests.worlds import user_in

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


def test_the_phase_change_email_is_kept_in_the_outbox_with_an_html_version(
    project, staff_user, leads, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        record = review(project, staff_user, Decision.PROCEED)
    email = Email.objects.get()
    assert email.recipient == leads[0]
    assert email.kind == Kind.PHASE_CHANGED
    assert email.is_sent
    assert "Recruit" in mail.outbox[0].alternatives[0].content
    record.refresh_from_db()
    assert record.leads_notified_at is not None


def test_a_lead_who_switched_phase_changes_off_is_not_emailed(
    project, staff_user, leads, django_capture_on_commit_callbacks
) -> None:
    PreferenceFactory(user=leads[0], kind=Kind.PHASE_CHANGED, enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        record = review(project, staff_user, Decision.PROCEED)
    assert not mail.outbox
    record.refresh_from_db()
    assert record.leads_notified_at is not None  # told everyone who wanted to be


def test_every_lead_of_a_council_taking_part_is_emailed(
    project, staff_user, leads, fife, django_capture_on_commit_callbacks
) -> None:
    colleague = user_in(Role.LEAD, username="lead-fife-2", council=fife)
    with django_capture_on_commit_callbacks(execute=True):
        review(project, staff_user, Decision.PROCEED)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [leads[0].email, colleague.email]
    )


# Packs: to the leads of councils whose priorities they match ------------------------


@pytest.fixture
def scaling_pack(project, staff_user):
    """A pack of a project tagged Scaling, ready to publish."""
    project.vision_objectives.set([objective("scaling")])
    return MarketingPackFactory(project=project)


def objective(slug: str):
    return VisionObjective.objects.get(slug=slug)


def publish(pack, staff_user, callbacks) -> None:
    with callbacks(execute=True):
        publish_pack(pack, by=staff_user)


def test_a_pack_reaches_leads_of_councils_that_give_its_objective_priority(
    scaling_pack,
    staff_user,
    lead_user,
    other_lead_user,
    fife,
    highland,
    django_capture_on_commit_callbacks,
) -> None:
    fife.priority_objectives.set([objective("scaling"), objective("shaping")])
    highland.priority_objectives.set([objective("shaping")])
    publish(scaling_pack, staff_user, django_capture_on_commit_callbacks)
    [message] = [
        m for m in mail.outbox if m.to[0] in (lead_user.email, other_lead_user.email)
    ]
    assert message.to == [lead_user.email]
    assert "It matches Fife's priority: Scaling." in message.body
    assert "/projects/digital-telecare-switchover/pack/" in message.body


def test_a_pack_reaches_leads_of_councils_that_chose_no_priorities(
    scaling_pack, staff_user, lead_user, django_capture_on_commit_callbacks
) -> None:
    publish(scaling_pack, staff_user, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.to == [lead_user.email]
    assert "Fife has chosen no priorities, so you hear of every new pack" in (
        message.body
    )
    assert "/councils/fife/edit/" in message.body


def test_a_pack_of_a_project_with_no_objectives_reaches_only_the_undecided(
    project,
    staff_user,
    lead_user,
    other_lead_user,
    highland,
    django_capture_on_commit_callbacks,
) -> None:
    highland.priority_objectives.set([objective("shaping")])
    publish(
        MarketingPackFactory(project=project),
        staff_user,
        django_capture_on_commit_callbacks,
    )
    assert [m.to for m in mail.outbox] == [[lead_user.email]]


def test_publishing_twice_and_running_the_task_again_sends_once(
    scaling_pack, staff_user, lead_user, django_capture_on_commit_callbacks
) -> None:
    publish(scaling_pack, staff_user, django_capture_on_commit_callbacks)
    publish(scaling_pack, staff_user, django_capture_on_commit_callbacks)
    assert notify_pack_published(scaling_pack.pk) == 0
    assert len(mail.outbox) == 1


def test_a_lead_chooses_their_councils_priorities(lead_client, fife) -> None:
    response = lead_client.post(
        reverse("councils:edit", args=["fife"]),
        {
            "contact_name": "Morag Campbell",
            "contact_email": "morag@fife.gov.uk",
            "priority_objectives": [objective("scaling").pk, objective("shifting").pk],
        },
    )
    assert response.status_code == 302
    assert set(fife.priority_objectives.values_list("slug", flat=True)) == {
        "scaling",
        "shifting",
    }
    page = lead_client.get(reverse("councils:edit", args=["fife"])).content.decode()
    assert 'type="checkbox" name="priority_objectives"' in page
    assert "Scaling suitable solutions" in page or "Scaling " in page


# Pulse reminders: to each project's owner, due in three days and overdue ------------


def owned(owner, *, due_in: int, **fields):
    """A project in flight whose next pulse is due in so many days (negative:
    overdue by so many)."""
    interval = settings.HEARTBEAT_PULSE_INTERVAL_DAYS
    last = timezone.localdate() - dt.timedelta(days=interval - due_in)
    return ProjectFactory(owner=owner, status_date=last, **fields)


def reminders() -> list[tuple[str, str]]:
    return sorted(Email.objects.values_list("kind", "key"))


def remind(callbacks) -> int:
    with callbacks(execute=True):
        return remind_pulses()


@pytest.mark.parametrize("due_in", [0, 1, 3])
def test_an_owner_is_reminded_of_a_pulse_due_within_three_days(
    staff_user, due_in, django_capture_on_commit_callbacks
) -> None:
    project = owned(staff_user, due_in=due_in)
    assert remind(django_capture_on_commit_callbacks) == 1
    due_on = timezone.localdate() + dt.timedelta(days=due_in)
    assert reminders() == [(Kind.PULSE_DUE, f"pulse-due:{project.pk}:{due_on}")]
    [message] = mail.outbox
    assert message.to == [staff_user.email]
    assert message.subject == f"Pulse due by {due_on.day} {due_on:%B}: {project.name}"
    assert f"/projects/{project.slug}/pulse/" in message.body


def test_no_reminder_for_a_pulse_due_later(
    staff_user, django_capture_on_commit_callbacks
) -> None:
    owned(staff_user, due_in=4)
    assert remind(django_capture_on_commit_callbacks) == 0
    assert not mail.outbox


def test_an_owner_is_told_once_a_pulse_is_overdue(
    staff_user, django_capture_on_commit_callbacks
) -> None:
    project = owned(staff_user, due_in=-1)
    assert remind(django_capture_on_commit_callbacks) == 1
    due_on = project.pulse_due_on
    assert reminders() == [(Kind.PULSE_OVERDUE, f"pulse-overdue:{project.pk}:{due_on}")]
    [message] = mail.outbox
    assert message.subject == f"Pulse overdue: {project.name}"
    assert "has not been reported" in message.body
    assert "shows as stalled" in message.body


def test_the_job_run_again_sends_no_second_reminder(
    staff_user, django_capture_on_commit_callbacks
) -> None:
    owned(staff_user, due_in=2)
    owned(staff_user, due_in=-10)
    assert remind(django_capture_on_commit_callbacks) == 2
    assert remind(django_capture_on_commit_callbacks) == 2  # found, not made again
    assert send_pulse_reminders() == 2
    assert Email.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_due_reminder_is_followed_by_one_overdue_reminder(
    staff_user, django_capture_on_commit_callbacks
) -> None:
    project = owned(staff_user, due_in=1)
    remind(django_capture_on_commit_callbacks)
    # Two days on, still no pulse: the same due day is now past.
    Project.objects.filter(pk=project.pk).update(
        status_date=project.status_date - dt.timedelta(days=2)
    )
    remind(django_capture_on_commit_callbacks)
    remind(django_capture_on_commit_callbacks)
    assert [kind for kind, _ in reminders()] == [Kind.PULSE_DUE, Kind.PULSE_OVERDUE]


def test_a_new_due_day_brings_a_new_reminder(
    staff_user, django_capture_on_commit_callbacks
) -> None:
    project = owned(staff_user, due_in=2)
    remind(django_capture_on_commit_callbacks)
    # A pulse moved the due day (here, one day earlier than it was).
    Project.objects.filter(pk=project.pk).update(
        status_date=project.status_date - dt.timedelta(days=1)
    )
    assert remind(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 2
    assert [kind for kind, _ in reminders()] == [Kind.PULSE_DUE, Kind.PULSE_DUE]


@pytest.mark.parametrize(
    "fields",
    [
        {"closed_on": dt.date(2026, 6, 30)},
        {"start_date": dt.date(2027, 1, 1), "target_date": dt.date(2027, 12, 31)},
    ],
    ids=["closed", "not started"],
)
def test_no_reminder_for_a_project_not_in_flight(
    staff_user, fields, django_capture_on_commit_callbacks
) -> None:
    owned(staff_user, due_in=-5, **fields)
    assert remind(django_capture_on_commit_callbacks) == 0


def test_no_reminder_for_a_project_with_no_owner_or_an_owner_no_longer_staff(
    executive_user, django_capture_on_commit_callbacks
) -> None:
    owned(None, due_in=1)
    owned(executive_user, due_in=-3)
    assert remind(django_capture_on_commit_callbacks) == 0
    assert not Email.objects.exists()


def test_pulse_reminders_are_for_today_only(db) -> None:
    with pytest.raises(ValueError, match="today"):
        remind_pulses(timezone.localdate() - dt.timedelta(days=1))
