"""The rules of commitments and participation, on the services that apply them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from portfolios.models import Commitment, Participation
from portfolios.services import (
    CommitmentConflict,
    CommitmentRefused,
    CommitmentTerms,
    change_commitment,
    join_project,
    leave_project,
    propose_commitment,
    set_commitment_status,
    working_days,
)
from tests.factories import ProjectFactory

Status = Commitment.Status
MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def project(db):
    return ProjectFactory(
        start_date=dt.date(2026, 1, 1), target_date=dt.date(2027, 12, 31)
    )


def people(role="Service designer", days=20, start=MONDAY, end=None) -> CommitmentTerms:
    return CommitmentTerms(
        kind="people",
        role=role,
        person_days=days,
        starts_on=start,
        ends_on=end or start + dt.timedelta(days=90),
    )


def money(amount, start=MONDAY) -> CommitmentTerms:
    return CommitmentTerms(
        kind="money",
        role="",
        amount=Decimal(amount),
        starts_on=start,
        ends_on=start + dt.timedelta(days=30),
    )


def propose(project, council, user, terms) -> Commitment:
    return propose_commitment(project, council=council, proposed_by=user, terms=terms)


def test_working_days_count_mondays_to_fridays() -> None:
    assert working_days(MONDAY, MONDAY + dt.timedelta(days=4)) == 5
    assert working_days(MONDAY, MONDAY + dt.timedelta(days=6)) == 5
    assert working_days(MONDAY, MONDAY + dt.timedelta(days=13)) == 10
    assert (
        working_days(MONDAY + dt.timedelta(days=5), MONDAY + dt.timedelta(days=6)) == 0
    )


def test_proposing_records_a_proposed_commitment_and_joins_the_project(
    project, fife, lead_user
) -> None:
    commitment = propose(project, fife, lead_user, people())
    assert commitment.status == Status.PROPOSED
    assert commitment.council == fife
    participation = Participation.objects.get(project=project, council=fife)
    assert participation.registered_by == lead_user
    assert participation.is_active


def test_person_days_cannot_exceed_the_working_days_of_the_period(
    project, fife, lead_user
) -> None:
    terms = people(days=6, start=MONDAY, end=MONDAY + dt.timedelta(days=4))
    with pytest.raises(CommitmentRefused) as refused:
        propose(project, fife, lead_user, terms)
    assert refused.value.errors["person_days"].startswith("Enter at most 5 person-days")
    assert not Commitment.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-5", "1000000.01"])
def test_money_must_be_positive_and_under_the_ceiling(
    project, fife, lead_user, amount
) -> None:
    with pytest.raises(CommitmentRefused) as refused:
        propose(project, fife, lead_user, money(amount))
    assert "amount" in refused.value.errors


def test_money_counts_against_funding(project, fife, lead_user) -> None:
    commitment = propose(project, fife, lead_user, money("25000"))
    assert commitment.role == Commitment.FUNDING
    assert commitment.person_days is None


def test_the_period_must_be_inside_the_projects_dates(project, fife, lead_user) -> None:
    with pytest.raises(CommitmentRefused) as refused:
        propose(project, fife, lead_user, people(start=dt.date(2025, 12, 1)))
    assert "inside the project's dates" in refused.value.errors["starts_on"]


def test_the_period_must_end_after_it_starts(project, fife, lead_user) -> None:
    terms = people(start=MONDAY, end=MONDAY - dt.timedelta(days=1))
    with pytest.raises(CommitmentRefused) as refused:
        propose(project, fife, lead_user, terms)
    assert "ends_on" in refused.value.errors


def test_no_two_active_commitments_of_one_role_and_overlapping_period(
    project, fife, lead_user
) -> None:
    first = propose(project, fife, lead_user, people(role="Service designer"))
    with pytest.raises(CommitmentRefused) as refused:
        propose(
            project,
            fife,
            lead_user,
            people(role="service DESIGNER", start=MONDAY + dt.timedelta(days=30)),
        )
    assert refused.value.existing == first
    assert "Change that commitment instead" in refused.value.errors[None]
    # Another role, a later period, or another council: all fine.
    propose(project, fife, lead_user, people(role="User researcher"))
    propose(project, fife, lead_user, people(start=MONDAY + dt.timedelta(days=120)))


def test_a_withdrawn_commitment_no_longer_blocks_a_new_one(
    project, fife, lead_user
) -> None:
    first = propose(project, fife, lead_user, people())
    set_commitment_status(
        first,
        status=Status.WITHDRAWN,
        by=lead_user,
        reason="Staff moved on.",
        expected_version=first.version,
    )
    propose(project, fife, lead_user, people())


def test_a_closed_project_takes_no_commitments(fife, lead_user) -> None:
    project = ProjectFactory(closed_on=timezone.localdate())
    with pytest.raises(CommitmentRefused, match="closed"):
        propose(project, fife, lead_user, people())


def test_a_change_based_on_an_old_version_is_refused(project, fife, lead_user) -> None:
    commitment = propose(project, fife, lead_user, people(days=20))
    change_commitment(
        commitment, by=lead_user, expected_version=1, terms=people(days=25)
    )
    with pytest.raises(CommitmentConflict, match="Someone else changed"):
        change_commitment(
            commitment, by=lead_user, expected_version=1, terms=people(days=30)
        )
    commitment.refresh_from_db()
    assert commitment.person_days == 25
    assert commitment.version == 2


def test_only_a_proposed_commitment_can_be_changed(
    project, fife, lead_user, staff_user
):
    commitment = propose(project, fife, lead_user, people())
    set_commitment_status(
        commitment, status=Status.CONFIRMED, by=staff_user, expected_version=1
    )
    with pytest.raises(CommitmentRefused, match="Only a proposed commitment"):
        change_commitment(commitment, by=lead_user, expected_version=2, terms=people())


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ([Status.CONFIRMED, Status.FULFILLED], True),
        ([Status.CONFIRMED, Status.WITHDRAWN], True),
        ([Status.DECLINED], True),
        ([Status.FULFILLED], False),
        ([Status.DECLINED, Status.CONFIRMED], False),
        ([Status.WITHDRAWN, Status.CONFIRMED], False),
    ],
)
def test_status_moves(project, fife, lead_user, staff_user, path, allowed) -> None:
    commitment = propose(project, fife, lead_user, people())
    *before, last = path
    for status in before:
        commitment = set_commitment_status(
            commitment,
            status=status,
            by=staff_user,
            reason="Because.",
            expected_version=commitment.version,
        )
    if allowed:
        set_commitment_status(
            commitment,
            status=last,
            by=staff_user,
            reason="Because.",
            expected_version=commitment.version,
        )
    else:
        with pytest.raises(CommitmentRefused, match="cannot be"):
            set_commitment_status(
                commitment,
                status=last,
                by=staff_user,
                reason="Because.",
                expected_version=commitment.version,
            )


def test_declining_needs_a_reason_and_records_it(project, fife, lead_user, staff_user):
    commitment = propose(project, fife, lead_user, people())
    with pytest.raises(CommitmentRefused) as refused:
        set_commitment_status(
            commitment, status=Status.DECLINED, by=staff_user, expected_version=1
        )
    assert "reason" in refused.value.errors
    set_commitment_status(
        commitment,
        status=Status.DECLINED,
        by=staff_user,
        reason="The role is already covered by Glasgow.",
        expected_version=1,
    )
    latest = commitment.history.latest()
    assert latest.history_change_reason == "The role is already covered by Glasgow."
    assert latest.history_user == staff_user
    assert latest.status == Status.DECLINED


def test_leaving_withdraws_the_councils_active_commitments(
    project, fife, lead_user, staff_user
) -> None:
    kept = propose(project, fife, lead_user, people(role="Analyst"))
    set_commitment_status(
        kept, status=Status.CONFIRMED, by=staff_user, expected_version=1
    )
    propose(project, fife, lead_user, people(role="Developer"))
    participation = leave_project(project, council=fife, by=lead_user)
    assert participation.left_on == timezone.localdate()
    assert participation.left_by == lead_user
    assert set(Commitment.objects.values_list("status", flat=True)) == {
        Status.WITHDRAWN
    }
    rejoined = join_project(project, council=fife, by=lead_user)
    assert rejoined.is_active
    assert rejoined.pk == participation.pk
