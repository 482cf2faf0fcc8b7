"""The staff's daily digest of commitments and ideas proposed."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from councils.models import Council, User
from councils.roles import Role
from ideas.models import Idea
from outbox.kinds import Kind
from outbox.models import Email
from portfolios.models import Commitment, Project, VisionObjective
from tests.factories import CommitmentFactory
from tests.worlds import user_in
from workbench import tasks
from workbench.notifications import send_staff_digest

TODAY = timezone.localdate()
TOMORROW = TODAY + dt.timedelta(days=1)


def propose(project: Project, council: str, **kwargs: object) -> Commitment:
    kwargs.setdefault("proposed_on", TODAY)
    return CommitmentFactory(
        project=project, council=Council.objects.get(slug=council), **kwargs
    )


def digests(person: User) -> list[Email]:
    return list(Email.objects.filter(recipient=person, kind=Kind.STAFF_DIGEST))


@pytest.fixture
def readers(db: None, staff_user: User, lead_user: User, executive_user: User) -> None:
    """Staff, a lead and an executive, each with an address."""


def test_each_member_of_staff_gets_one_digest_of_what_was_proposed(
    readers, staff_user, lead_user, executive_user, project, settings
) -> None:
    other_staff = user_in(Role.STAFF, username="do-other")
    commitment = propose(project, "fife")
    Idea.objects.create(
        title="Shared booking system",
        problem="Every council builds its own.",
        affects="Residents.",
        objective=VisionObjective.objects.get(slug="scaling"),
        proposed_by=lead_user,
        council=lead_user.council,
    )
    assert send_staff_digest() == 2
    [email] = digests(staff_user)
    assert len(digests(other_staff)) == 1
    assert not Email.objects.filter(recipient__in=[lead_user, executive_user]).exists()
    assert email.key == f"staff-digest:{staff_user.pk}:{TODAY.isoformat()}"
    assert email.subject == "Heartbeat digest: 1 commitment and 1 idea proposed"
    base = settings.HEARTBEAT_BASE_URL.rstrip("/")
    body = email.text_body
    assert f"Fife: 10 person-days of Service designer to {project.name}" in body
    assert f"{base}{commitment.get_absolute_url()}" in body
    assert "Shared booking system, from Fife" in body
    assert "Commitments awaiting confirmation: 1" in body
    assert "Ideas to score: 1" in body
    assert f"{base}/queue/" in body
    assert f'href="{base}{commitment.get_absolute_url()}"' in email.html_body


def test_a_second_run_the_same_day_sends_nothing_more(
    readers, staff_user, project, django_capture_on_commit_callbacks
) -> None:
    propose(project, "fife")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_staff_digest() == 1
    propose(project, "highland")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_staff_digest() == 0
    assert len(digests(staff_user)) == 1
    assert [message.to for message in mail.outbox] == [[staff_user.email]]


def test_nothing_is_sent_when_nothing_was_proposed(
    readers, staff_user, project
) -> None:
    old = propose(project, "fife")
    Commitment.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=25)
    )
    assert send_staff_digest() == 0
    assert digests(staff_user) == []


def test_the_next_digest_covers_only_what_came_since_the_last(
    readers, staff_user, project
) -> None:
    propose(project, "fife")
    send_staff_digest()
    propose(project, "highland")
    assert send_staff_digest(day=TOMORROW) == 1
    newest = Email.objects.get(key=f"staff-digest:{staff_user.pk}:{TOMORROW}")
    assert "Highland:" in newest.text_body
    assert "Fife:" not in newest.text_body


def test_a_proposal_recorded_now_for_an_earlier_day_is_not_news(
    readers, staff_user, project
) -> None:
    propose(project, "fife", proposed_on=TODAY - dt.timedelta(days=30))
    assert send_staff_digest() == 0


def test_a_commitment_decided_since_it_was_proposed_says_so(
    readers, staff_user, project
) -> None:
    propose(project, "fife", status=Commitment.Status.CONFIRMED, confirmed_on=TODAY)
    send_staff_digest()
    assert "(now confirmed)" in digests(staff_user)[0].text_body


def test_the_daily_task_sends_the_digest(readers, staff_user, project) -> None:
    propose(project, "fife")
    assert tasks.send_staff_digest.apply().get() == 1
    assert tasks.send_staff_digest.apply().get() == 0
