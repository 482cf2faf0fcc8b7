"""Composing an email: to a person, once per key, as they chose, sent on commit."""

from unittest import mock

import pytest
from django.core import mail
from django.db import transaction

from outbox.kinds import Kind
from outbox.models import Email
from outbox.services import compose, link
from portfolios.models import Project
from tests.factories import PreferenceFactory, UserFactory

TEMPLATE = "heartbeat/email/pulse_due"


def compose_to(person, *, kind=Kind.PHASE_CHANGED, key="test:1", template=TEMPLATE):
    project = Project.objects.get(slug="digital-telecare-switchover")
    return compose(
        person,
        kind=kind,
        key=key,
        subject="A pulse is due",
        template=template,
        context={
            "project": project,
            "due_on": project.pulse_due_on,
            "action_label": "Report the pulse",
            "action_url": link(f"/projects/{project.slug}/pulse/"),
        },
    )


@pytest.fixture
def ann(project):
    """Ann, who gets emails about the project (tests/conftest.py's)."""
    return UserFactory(username="ann", first_name="Ann", email="ann@fife.gov.uk")


def test_the_email_is_addressed_to_the_person_by_first_name(
    ann, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        email = compose_to(ann)
    assert email.address == "ann@fife.gov.uk"
    assert email.text_body.startswith("Hello Ann,\n")
    [message] = mail.outbox
    assert message.to == ["ann@fife.gov.uk"]
    assert message.subject == "A pulse is due"


def test_a_person_with_no_first_name_is_greeted_by_username(
    project, django_capture_on_commit_callbacks
) -> None:
    person = UserFactory(username="morag.c", first_name="")
    with django_capture_on_commit_callbacks(execute=True):
        email = compose_to(person)
    assert email.text_body.startswith("Hello morag.c,\n")


def test_links_are_absolute_from_the_site_address(ann, settings) -> None:
    settings.HEARTBEAT_BASE_URL = "https://heartbeat.example.scot/"
    email = compose_to(ann)
    page = "https://heartbeat.example.scot/projects/digital-telecare-switchover/pulse/"
    assert page in email.text_body
    assert 'href="https://heartbeat.example.scot/projects/digital-telecare-' in (
        email.html_body
    )
    # The footer says why, and where to choose.
    assert "https://heartbeat.example.scot/accounts/email/" in email.text_body
    assert "You get this email because" in email.text_body


def test_the_email_goes_as_text_with_an_html_alternative_and_no_script(
    ann, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        compose_to(ann)
    [message] = mail.outbox
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "<script" not in html.lower()
    assert "Hello Ann," in html
    assert "Report the pulse" in message.body


def test_a_second_compose_with_the_same_key_sends_nothing_more(
    ann, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = compose_to(ann)
        again = compose_to(ann)
    assert again == first
    assert Email.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_same_key_reaches_each_person_once(
    ann, django_capture_on_commit_callbacks
) -> None:
    bob = UserFactory(username="bob")
    with django_capture_on_commit_callbacks(execute=True):
        compose_to(ann)
        compose_to(bob)
        compose_to(bob)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ann@fife.gov.uk",
        "bob@example.org",
    ]


def test_a_kind_switched_off_is_not_composed(ann) -> None:
    PreferenceFactory(user=ann, kind=Kind.PHASE_CHANGED, enabled=False)
    assert compose_to(ann, kind=Kind.PHASE_CHANGED) is None
    assert not Email.objects.exists()


def test_a_kind_switched_back_on_is_composed(ann) -> None:
    PreferenceFactory(user=ann, kind=Kind.PHASE_CHANGED, enabled=True)
    assert compose_to(ann) is not None


def test_a_kind_that_asks_for_an_action_is_sent_whatever_is_stored(ann) -> None:
    # A row that should never exist (the services refuse it) changes nothing.
    PreferenceFactory(user=ann, kind=Kind.PULSE_DUE, enabled=False)
    assert compose_to(ann, kind=Kind.PULSE_DUE) is not None


@pytest.mark.parametrize(
    "person", [{"email": ""}, {"is_active": False}], ids=["no address", "inactive"]
)
def test_no_email_to_a_person_who_cannot_receive_it(project, person) -> None:
    assert compose_to(UserFactory(**person)) is None
    assert not Email.objects.exists()


def test_delivery_waits_for_the_commit(ann, django_capture_on_commit_callbacks) -> None:
    with mock.patch("outbox.tasks.deliver_email.delay") as delay:
        with django_capture_on_commit_callbacks() as callbacks:
            email = compose_to(ann)
        delay.assert_not_called()  # nothing is sent inside the transaction
        for callback in callbacks:
            callback()
    delay.assert_called_once_with(email.pk)


def test_a_rolled_back_change_sends_nothing(
    ann, django_capture_on_commit_callbacks
) -> None:
    def change_that_fails() -> None:
        with transaction.atomic():
            compose_to(ann)
            raise RuntimeError("the change failed")

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
    ):
        change_that_fails()
    assert not Email.objects.exists()
    assert not mail.outbox


def test_a_broker_outage_keeps_the_email_queued_and_the_save(
    ann, django_capture_on_commit_callbacks
) -> None:
    with (
        mock.patch(
            "outbox.tasks.deliver_email.delay", side_effect=ConnectionError("down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        email = compose_to(ann)
    email.refresh_from_db()
    assert email.status == Email.Status.QUEUED
    assert not mail.outbox
