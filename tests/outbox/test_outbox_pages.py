"""The outbox: staff see every email, to whom and when, and send a failed one again."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from outbox.kinds import Kind
from outbox.models import Email
from tests.factories import EmailFactory, UserFactory

LIST = reverse("outbox:list")


@pytest.fixture
def outbox(db) -> dict[str, Email]:
    """A sent email, a failed one and a queued one, oldest first."""
    now = timezone.now()
    ann = UserFactory(username="ann", first_name="Ann", email="ann@fife.gov.uk")
    bob = UserFactory(username="bob", first_name="Bob", last_name="Reid")
    cat = UserFactory(username="cat", first_name="Cat", last_name="Lee")
    return {
        "sent": EmailFactory(
            recipient=ann,
            subject="Fife's commitment to Digital telecare is confirmed",
            kind=Kind.COMMITMENT_DECIDED,
            created_at=now - dt.timedelta(hours=3),
            sent_at=now - dt.timedelta(hours=3),
            attempts=1,
        ),
        "failed": EmailFactory(
            recipient=bob,
            subject="Pulse overdue: Waste routes",
            kind=Kind.PULSE_OVERDUE,
            created_at=now - dt.timedelta(hours=2),
            failed_at=now - dt.timedelta(hours=2),
            attempts=6,
            last_error="SMTPConnectError: (421, 'service not available')",
        ),
        "queued": EmailFactory(
            recipient=cat,
            subject="New Heartbeat project recruiting councils: Shared analytics",
            kind=Kind.PACK_PUBLISHED,
            created_at=now - dt.timedelta(hours=1),
        ),
    }


def subjects(response) -> list[str]:
    return [email.subject for email in response.context["page_obj"]]


def test_staff_see_every_email_newest_first(staff_client, outbox) -> None:
    response = staff_client.get(LIST)
    assert response.status_code == 200
    assert subjects(response) == [
        outbox[name].subject for name in ("queued", "failed", "sent")
    ]
    assert [count for _, _, count in response.context["counts"]] == [1, 1, 1]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "failed"}, ["failed"]),
        ({"status": "sent"}, ["sent"]),
        ({"status": "queued"}, ["queued"]),
        ({"kind": Kind.PACK_PUBLISHED}, ["queued"]),
        ({"recipient": "fife.gov"}, ["sent"]),
        ({"recipient": "Ann"}, ["sent"]),
    ],
)
def test_staff_filter_the_outbox(staff_client, outbox, query, expected) -> None:
    response = staff_client.get(LIST, query)
    assert subjects(response) == [outbox[name].subject for name in expected]


def test_the_counts_follow_the_other_filters_but_not_the_status(
    staff_client, outbox
) -> None:
    response = staff_client.get(LIST, {"status": "sent", "recipient": "Ann"})
    assert [count for _, _, count in response.context["counts"]] == [0, 1, 0]


def test_a_bad_filter_is_reported_and_the_others_still_apply(
    staff_client, outbox
) -> None:
    response = staff_client.get(LIST, {"status": "lost", "kind": Kind.PULSE_OVERDUE})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert subjects(response) == [outbox["failed"].subject]


def test_the_outbox_makes_few_queries_however_many_emails(
    staff_client, outbox, django_assert_max_num_queries, settings
) -> None:
    settings.HEARTBEAT_PAGE_SIZE = 25
    recipients = UserFactory.create_batch(5)
    for n in range(40):
        EmailFactory(recipient=recipients[n % 5])
    # Three of the page's own (the counts, the total, the rows); the rest are the
    # site's (session, user, roles, the navigation's count).
    with django_assert_max_num_queries(8):
        response = staff_client.get(LIST, {"kind": Kind.PHASE_CHANGED})
    assert len(response.context["page_obj"].object_list) == 25


def test_the_outbox_pages_keep_the_filters(staff_client, outbox, small_pages) -> None:
    response = staff_client.get(LIST, {"kind": Kind.PACK_PUBLISHED})
    assert response.context["page_obj"].paginator.count == 1
    page = staff_client.get(LIST, {"page": "2", "status": ""}).content.decode()
    assert "?page=3&amp;status=" in page or "?status=&amp;page=3" in page
    assert staff_client.get(LIST, {"page": "nine"}).status_code == 200


def test_staff_read_an_email_as_it_was_sent(staff_client, outbox) -> None:
    email = outbox["failed"]
    response = staff_client.get(email.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert email.subject in page
    assert email.address in page
    assert "The project has moved to Recruit." in page  # the text as sent
    assert "SMTPConnectError" in page
    assert "Send it again" in page


def test_a_sent_email_offers_no_way_to_send_it_again(staff_client, outbox) -> None:
    page = staff_client.get(outbox["sent"].get_absolute_url()).content.decode()
    assert "Send it again" not in page


def test_staff_send_a_failed_email_again_from_its_page(
    staff_client, outbox, django_capture_on_commit_callbacks
) -> None:
    email = outbox["failed"]
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("outbox:retry", args=[email.pk]))
    assert response["Location"] == email.get_absolute_url()
    page = staff_client.get(email.get_absolute_url()).content.decode()
    assert f"The email to {email.address} is" in page
    assert "Send it again" not in page
    email.refresh_from_db()
    assert email.is_sent
    assert email.attempts == 7
    assert len(mail.outbox) == 1


def test_sending_a_sent_email_again_sends_nothing(staff_client, outbox) -> None:
    email = outbox["sent"]
    response = staff_client.post(reverse("outbox:retry", args=[email.pk]), follow=True)
    assert "not sent again" in response.content.decode()
    assert not mail.outbox


def test_retry_is_a_post(staff_client, outbox) -> None:
    url = reverse("outbox:retry", args=[outbox["failed"].pk])
    assert staff_client.get(url).status_code == 405


@pytest.mark.parametrize("who", ["lead_client", "executive_client"])
def test_only_staff_open_the_outbox(request, outbox, who) -> None:
    client = request.getfixturevalue(who)
    email = outbox["failed"]
    assert client.get(LIST).status_code == 403
    assert client.get(email.get_absolute_url()).status_code == 403
    assert client.post(reverse("outbox:retry", args=[email.pk])).status_code == 403
    email.refresh_from_db()
    assert not email.is_sent
    assert not mail.outbox


def test_an_email_that_does_not_exist_is_not_found(staff_client, db) -> None:
    assert staff_client.get(reverse("outbox:email", args=[999])).status_code == 404
    assert staff_client.post(reverse("outbox:retry", args=[999])).status_code == 404
