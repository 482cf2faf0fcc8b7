"""Confirming and declining several proposed commitments at once from the queue."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from councils.models import Council
from portfolios.models import Commitment, Project
from portfolios.services import set_commitment_status
from tests.factories import CommitmentFactory

QUEUE = reverse("workbench:queue")
DECIDE = reverse("workbench:decide")
Status = Commitment.Status


def choice(commitment: Commitment) -> str:
    return f"{commitment.pk}:{commitment.version}"


@pytest.fixture
def three(project: Project) -> list[Commitment]:
    """Proposals from Fife, Highland and Angus, the oldest first."""
    return [
        CommitmentFactory(
            project=project,
            council=Council.objects.get(slug=slug),
            proposed_on=timezone.localdate() - dt.timedelta(days=days),
        )
        for slug, days in (("fife", 20), ("highland", 10), ("angus", 5))
    ]


def statuses(commitments: list[Commitment]) -> list[str]:
    return [Commitment.objects.get(pk=c.pk).status for c in commitments]


def messages_of(response: object) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_staff_confirm_several_at_once_through_the_service(
    staff_client, staff_user, three
) -> None:
    fife, _, angus = three
    response = staff_client.post(
        DECIDE,
        {"commitment": [choice(fife), choice(angus)], "decision": "confirmed"},
    )
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    assert statuses(three) == [Status.CONFIRMED, Status.PROPOSED, Status.CONFIRMED]
    record = Commitment.objects.get(pk=fife.pk).history.first()
    assert record.history_user == staff_user
    assert record.history_change_reason == "Confirmed"
    [message] = messages_of(response)
    assert message.startswith("Confirmed: Fife's 10 person-days")
    assert "Angus" in message
    assert "Highland" not in message


def test_staff_decline_several_with_one_reason(staff_client, three) -> None:
    staff_client.post(
        DECIDE,
        {
            "commitment": [choice(c) for c in three],
            "decision": "declined",
            "reason": "The project has all the people it needs.",
        },
    )
    assert statuses(three) == [Status.DECLINED] * 3
    for commitment in three:
        record = Commitment.objects.get(pk=commitment.pk).history.first()
        assert record.history_change_reason == (
            "The project has all the people it needs."
        )


def test_a_decline_without_a_reason_is_refused_and_keeps_the_ticks(
    staff_client, three
) -> None:
    response = staff_client.post(
        DECIDE, {"commitment": [choice(three[1])], "decision": "declined"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Say why you decline" in page
    assert f'value="{choice(three[1])}" id="commitment-{three[1].pk}" checked' in page
    assert f'value="{choice(three[0])}" id="id_commitment">' in page
    assert statuses(three) == [Status.PROPOSED] * 3


def test_nothing_ticked_is_explained(staff_client, three) -> None:
    response = staff_client.post(DECIDE, {"decision": "confirmed"})
    page = response.content.decode()
    assert "Tick at least one commitment to confirm or decline" in page
    assert 'href="#id_commitment"' in page


@pytest.mark.parametrize(
    "data",
    [
        {"commitment": ["1;DROP TABLE"], "decision": "confirmed"},
        {"commitment": ["x:y"], "decision": "confirmed"},
        {"commitment": ["1:1"], "decision": "fulfilled"},
        {"commitment": ["1:1"]},
    ],
)
def test_bad_input_gets_a_message_not_an_error(staff_client, three, data) -> None:
    response = staff_client.post(DECIDE, data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert statuses(three) == [Status.PROPOSED] * 3


def test_a_row_changed_since_the_page_was_opened_is_named_and_left_alone(
    staff_client, staff_user, three
) -> None:
    fife, highland, _ = three
    sent = [choice(c) for c in three]
    # While the queue was open: Fife's lead changed theirs (a new version), and
    # someone declined Highland's.
    Commitment.objects.filter(pk=fife.pk).update(person_days=12, version=2)
    set_commitment_status(
        highland,
        status=Status.DECLINED,
        by=staff_user,
        reason="No.",
        expected_version=1,
    )
    response = staff_client.post(DECIDE, {"commitment": sent, "decision": "confirmed"})
    assert statuses(three) == [Status.PROPOSED, Status.DECLINED, Status.CONFIRMED]
    done, changed = messages_of(response)
    assert done.startswith("Confirmed: Angus's")
    assert "changed after you opened the queue" in changed
    assert "Fife's 12 person-days" in changed
    assert "Highland's" in changed


def test_sending_the_same_decision_again_changes_nothing(staff_client, three) -> None:
    data = {"commitment": [choice(three[0])], "decision": "confirmed"}
    staff_client.post(DECIDE, data, follow=True)
    confirmed = Commitment.objects.get(pk=three[0].pk)
    response = staff_client.post(DECIDE, data)  # Back, and send again
    assert Commitment.objects.get(pk=three[0].pk).version == confirmed.version
    [message] = messages_of(response)
    assert "changed after you opened the queue" in message


def test_a_commitment_that_does_not_exist_is_reported(staff_client, three) -> None:
    response = staff_client.post(
        DECIDE, {"commitment": ["999999:1"], "decision": "confirmed"}
    )
    assert messages_of(response) == ["1 of the commitments ticked no longer exist."]


def test_the_filter_and_pages_are_kept_after_deciding(staff_client, three) -> None:
    response = staff_client.post(
        f"{DECIDE}?mine=1&commitments=2",
        {"commitment": [choice(three[0])], "decision": "confirmed"},
    )
    assert response["Location"] == f"{QUEUE}?mine=1&commitments=2"


@pytest.mark.parametrize("client_name", ["lead_client", "executive_client"])
def test_leads_and_executives_cannot_decide(request, client_name, three) -> None:
    client = request.getfixturevalue(client_name)
    response = client.post(
        DECIDE, {"commitment": [choice(three[0])], "decision": "confirmed"}
    )
    assert response.status_code == 403
    assert statuses(three) == [Status.PROPOSED] * 3


def test_deciding_needs_a_post(staff_client) -> None:
    assert staff_client.get(DECIDE).status_code == 405
