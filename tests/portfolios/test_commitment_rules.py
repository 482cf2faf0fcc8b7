"""The rules of commitments and participation, on the services that apply them, and
the database constraints that hold them whatever writes the rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from councils.refusals import Conflict, Refused
from portfolios.models import Commitment, Participation, ResourceRole
from portfolios.services import (
    CommitmentTerms,
    DuplicateCommitment,
    change_commitment,
    join_project,
    leave_project,
    propose_commitment,
    set_commitment_status,
    working_days,
)
from tests.factories import CommitmentFactory, ProjectFactory, ResourceRoleFactory

Status = Commitment.Status
MONDAY = dt.date(2026, 3, 2)


def role(name: str = "Service designer") -> ResourceRole:
    return ResourceRoleFactory(name=name)


def people(role_name="Service designer", days=20, start=MONDAY, end=None):
    return CommitmentTerms(
        kind="people",
        role=role(role_name),
        person_days=days,
        starts_on=start,
        ends_on=end or start + dt.timedelta(days=90),
    )


def money(amount, start=MONDAY) -> CommitmentTerms:
    return CommitmentTerms(
        kind="money",
        amount=Decimal(amount),
        starts_on=start,
        ends_on=start + dt.timedelta(days=30),
    )


def propose(project, council, user, terms, on=None) -> Commitment:
    return propose_commitment(project, council=council, by=user, terms=terms, on=on)


def move(commitment, status, user, on=None, reason="Because.") -> Commitment:
    return set_commitment_status(
        commitment,
        status=status,
        by=user,
        reason=reason,
        expected_version=commitment.version,
        on=on,
    )


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
    assert commitment.proposed_by == lead_user
    assert commitment.proposed_on == timezone.localdate()
    participation = Participation.objects.get(project=project, council=fife)
    assert participation.registered_by == lead_user
    assert participation.is_active


def test_a_proposal_dated_in_the_past_joins_on_that_day(
    project, fife, lead_user
) -> None:
    day = dt.date(2026, 2, 10)
    commitment = propose(project, fife, lead_user, people(), on=day)
    assert commitment.proposed_on == day
    assert Participation.objects.get(project=project, council=fife).joined_on == day
    assert commitment.history.latest().history_date.date() == day


def test_no_change_is_dated_in_the_future(project, fife, lead_user, staff_user):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(Refused, match="cannot be dated in the future"):
        propose(project, fife, lead_user, people(), on=tomorrow)
    commitment = propose(project, fife, lead_user, people())
    with pytest.raises(Refused, match="cannot be dated in the future"):
        move(commitment, Status.CONFIRMED, staff_user, on=tomorrow)
    assert Commitment.objects.get().status == Status.PROPOSED


def test_person_days_cannot_exceed_the_working_days_of_the_period(
    project, fife, lead_user
) -> None:
    terms = people(days=6, start=MONDAY, end=MONDAY + dt.timedelta(days=4))
    with pytest.raises(Refused) as refused:
        propose(project, fife, lead_user, terms)
    assert refused.value.errors["person_days"].startswith("Enter at most 5 person-days")
    assert not Commitment.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-5", "1000000.01"])
def test_money_must_be_positive_and_under_the_ceiling(
    project, fife, lead_user, amount
) -> None:
    with pytest.raises(Refused) as refused:
        propose(project, fife, lead_user, money(amount))
    assert "amount" in refused.value.errors


def test_money_is_funding_with_no_role(project, fife, lead_user) -> None:
    commitment = propose(project, fife, lead_user, money("25000"))
    assert commitment.role is None
    assert commitment.what == Commitment.FUNDING
    assert commitment.person_days is None
    assert commitment.summary == "£25,000"


def test_each_kind_keeps_only_its_own_terms(project, fife, lead_user) -> None:
    mixed = CommitmentTerms(
        kind="in_kind",
        role=role(),
        person_days=5,
        amount=Decimal(100),
        support="  Meeting\trooms  ",
        starts_on=MONDAY,
        ends_on=MONDAY + dt.timedelta(days=30),
    )
    commitment = propose(project, fife, lead_user, mixed)
    assert (commitment.role, commitment.person_days, commitment.amount) == (
        None,
        None,
        None,
    )
    assert commitment.support == "Meeting rooms"
    assert commitment.what == "Meeting rooms"


def test_support_in_kind_says_what_it_is(project, fife, lead_user) -> None:
    terms = CommitmentTerms(
        kind="in_kind", support=" ", starts_on=MONDAY, ends_on=MONDAY
    )
    with pytest.raises(Refused) as refused:
        propose(project, fife, lead_user, terms)
    assert refused.value.errors == {
        "support": "Say what the support is, in a few words"
    }


def test_people_need_a_role_still_offered(project, fife, lead_user) -> None:
    with pytest.raises(Refused) as refused:
        propose(
            project,
            fife,
            lead_user,
            CommitmentTerms(
                kind="people", person_days=1, starts_on=MONDAY, ends_on=MONDAY
            ),
        )
    assert refused.value.errors == {"role": "Choose the role the people will fill"}
    retired = ResourceRoleFactory(name="Fax operator", is_active=False)
    with pytest.raises(Refused, match="Fax operator is no longer offered"):
        propose(project, fife, lead_user, people("Fax operator"))
    assert retired.commitments.count() == 0


def test_a_role_retired_since_may_stay_on_a_changed_commitment(
    project, fife, lead_user
) -> None:
    commitment = propose(project, fife, lead_user, people("Trainer", days=20))
    ResourceRole.objects.filter(name="Trainer").update(is_active=False)
    changed = change_commitment(
        commitment,
        by=lead_user,
        expected_version=1,
        terms=people("Trainer", days=25),
    )
    assert (changed.role.name, changed.person_days) == ("Trainer", 25)


def test_the_period_must_be_inside_the_projects_dates(project, fife, lead_user) -> None:
    with pytest.raises(Refused) as refused:
        propose(project, fife, lead_user, people(start=dt.date(2025, 12, 1)))
    assert "inside the project's dates" in refused.value.errors["starts_on"]


def test_the_period_must_end_after_it_starts(project, fife, lead_user) -> None:
    terms = people(start=MONDAY, end=MONDAY - dt.timedelta(days=1))
    with pytest.raises(Refused) as refused:
        propose(project, fife, lead_user, terms)
    assert "ends_on" in refused.value.errors


def test_no_two_active_commitments_of_one_role_and_overlapping_period(
    project, fife, highland, lead_user, other_lead_user
) -> None:
    first = propose(project, fife, lead_user, people("Service designer"))
    with pytest.raises(DuplicateCommitment) as refused:
        propose(
            project,
            fife,
            lead_user,
            people("Service designer", start=MONDAY + dt.timedelta(days=30)),
        )
    assert refused.value.existing == first
    assert "Change that commitment instead" in refused.value.errors[None]
    # Another role, a later period, or another council: all fine.
    propose(project, fife, lead_user, people("User researcher"))
    propose(project, fife, lead_user, people(start=MONDAY + dt.timedelta(days=120)))
    propose(project, highland, other_lead_user, people("Service designer"))


def test_a_role_is_one_role_however_it_is_typed(db) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceRole.objects.create(name="service DESIGNER")


def test_a_withdrawn_commitment_no_longer_blocks_a_new_one(
    project, fife, lead_user
) -> None:
    first = propose(project, fife, lead_user, people())
    move(first, Status.WITHDRAWN, lead_user, reason="Staff moved on.")
    propose(project, fife, lead_user, people())


def test_a_closed_project_takes_no_commitments(fife, lead_user) -> None:
    project = ProjectFactory(closed_on=timezone.localdate())
    with pytest.raises(Refused, match="closed"):
        propose(project, fife, lead_user, people())


def test_a_change_based_on_an_old_version_is_refused(project, fife, lead_user) -> None:
    commitment = propose(project, fife, lead_user, people(days=20))
    change_commitment(
        commitment, by=lead_user, expected_version=1, terms=people(days=25)
    )
    with pytest.raises(Conflict, match="Someone else changed"):
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
    move(commitment, Status.CONFIRMED, staff_user)
    with pytest.raises(Refused, match="Only a proposed commitment"):
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
        commitment = move(commitment, status, staff_user)
    if allowed:
        move(commitment, last, staff_user)
    else:
        with pytest.raises(Refused, match="cannot be"):
            move(commitment, last, staff_user)


def test_each_move_is_dated_on_its_day(project, fife, lead_user, staff_user) -> None:
    commitment = propose(project, fife, lead_user, people(), on=dt.date(2026, 2, 10))
    commitment = move(commitment, Status.CONFIRMED, staff_user, on=dt.date(2026, 3, 1))
    commitment = move(commitment, Status.FULFILLED, staff_user, on=dt.date(2026, 6, 5))
    assert (commitment.proposed_on, commitment.confirmed_on, commitment.ended_on) == (
        dt.date(2026, 2, 10),
        dt.date(2026, 3, 1),
        dt.date(2026, 6, 5),
    )
    assert commitment.history.latest().history_date.date() == dt.date(2026, 6, 5)


def test_a_move_cannot_be_dated_before_the_last_decision(
    project, fife, lead_user, staff_user
) -> None:
    commitment = propose(project, fife, lead_user, people(), on=dt.date(2026, 2, 10))
    with pytest.raises(Refused, match="last decided on 10/02/2026"):
        move(commitment, Status.CONFIRMED, staff_user, on=dt.date(2026, 2, 9))
    commitment = move(commitment, Status.CONFIRMED, staff_user, on=dt.date(2026, 3, 1))
    with pytest.raises(Refused, match="last decided on 01/03/2026"):
        move(commitment, Status.WITHDRAWN, lead_user, on=dt.date(2026, 2, 20))
    commitment.refresh_from_db()
    assert commitment.status == Status.CONFIRMED


def test_a_commitment_cannot_be_fulfilled_before_its_period_starts(
    project, fife, lead_user, staff_user
) -> None:
    commitment = propose(project, fife, lead_user, people(), on=dt.date(2026, 2, 10))
    commitment = move(commitment, Status.CONFIRMED, staff_user, on=dt.date(2026, 2, 20))
    with pytest.raises(Refused, match="cannot be fulfilled before then"):
        move(commitment, Status.FULFILLED, staff_user, on=MONDAY - dt.timedelta(days=1))
    fulfilled = move(commitment, Status.FULFILLED, staff_user, on=MONDAY)
    assert fulfilled.ended_on == MONDAY


def test_declining_needs_a_reason_and_records_it(project, fife, lead_user, staff_user):
    commitment = propose(project, fife, lead_user, people())
    with pytest.raises(Refused) as refused:
        move(commitment, Status.DECLINED, staff_user, reason="")
    assert "reason" in refused.value.errors
    move(
        commitment,
        Status.DECLINED,
        staff_user,
        reason="The role is already covered by Glasgow.",
    )
    latest = commitment.history.latest()
    assert latest.history_change_reason == "The role is already covered by Glasgow."
    assert latest.history_user == staff_user
    assert latest.status == Status.DECLINED


def test_leaving_withdraws_the_councils_active_commitments(
    project, fife, lead_user, staff_user
) -> None:
    kept = propose(project, fife, lead_user, people("Data analyst"))
    move(kept, Status.CONFIRMED, staff_user)
    propose(project, fife, lead_user, people("Developer"))
    participation = leave_project(project, council=fife, by=lead_user)
    assert participation.left_on == timezone.localdate()
    assert participation.left_by == lead_user
    assert set(Commitment.objects.values_list("status", flat=True)) == {
        Status.WITHDRAWN
    }
    rejoined = join_project(project, council=fife, by=lead_user)
    assert rejoined.is_active
    assert rejoined.pk == participation.pk


def test_a_council_cannot_leave_before_it_joined(project, fife, lead_user) -> None:
    join_project(project, council=fife, by=lead_user, on=dt.date(2026, 3, 1))
    with pytest.raises(Refused, match="cannot leave before the day it joined"):
        leave_project(project, council=fife, by=lead_user, on=dt.date(2026, 2, 1))
    assert Participation.objects.get(project=project, council=fife).is_active


def test_a_closed_project_takes_no_new_council(fife, lead_user) -> None:
    project = ProjectFactory(closed_on=timezone.localdate())
    with pytest.raises(Refused, match="takes no new councils"):
        join_project(project, council=fife, by=lead_user)


# The database holds the same rules, whatever writes the rows -------------------


@pytest.mark.parametrize(
    "days",
    [
        # A status and days that disagree.
        {"status": Status.PROPOSED, "confirmed_on": dt.date(2026, 3, 1)},
        {"status": Status.CONFIRMED},
        {"status": Status.DECLINED, "ended_on": None},
        {
            "status": Status.DECLINED,
            "confirmed_on": dt.date(2026, 3, 1),
            "ended_on": dt.date(2026, 3, 2),
        },
        {"status": Status.WITHDRAWN},
        {"status": Status.FULFILLED, "ended_on": dt.date(2026, 6, 1)},
        # Days out of order.
        {"status": Status.CONFIRMED, "confirmed_on": dt.date(2026, 2, 1)},
        {
            "status": Status.WITHDRAWN,
            "confirmed_on": dt.date(2026, 3, 1),
            "ended_on": dt.date(2026, 2, 20),
        },
        # Fulfilled before its period (from 1 March) began.
        {
            "status": Status.FULFILLED,
            "confirmed_on": dt.date(2026, 2, 15),
            "ended_on": dt.date(2026, 2, 28),
        },
    ],
)
def test_the_database_refuses_a_status_without_its_days(project, days) -> None:
    # Proposed on 10 February, for 1 March to 30 June (the factory's).
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentFactory(project=project, **days)


@pytest.mark.parametrize(
    "days",
    [
        {"status": Status.CONFIRMED, "confirmed_on": dt.date(2026, 2, 10)},
        {"status": Status.DECLINED, "ended_on": dt.date(2026, 2, 11)},
        {"status": Status.WITHDRAWN, "ended_on": dt.date(2026, 2, 11)},
        {
            "status": Status.WITHDRAWN,
            "confirmed_on": dt.date(2026, 2, 11),
            "ended_on": dt.date(2026, 2, 12),
        },
        {
            "status": Status.FULFILLED,
            "confirmed_on": dt.date(2026, 2, 11),
            "ended_on": dt.date(2026, 3, 1),
        },
    ],
)
def test_the_database_takes_a_status_with_its_days_in_order(project, days) -> None:
    assert CommitmentFactory(project=project, **days).pk


@pytest.mark.parametrize(
    "terms",
    [
        {"kind": "people", "role": None},
        {"kind": "people", "amount": Decimal(5)},
        {"kind": "money", "person_days": None, "amount": Decimal(5)},
        # A NULL makes a comparison unknown, which a CHECK passes: said outright.
        {"kind": "money", "role": None, "person_days": None, "amount": None},
        {"kind": "people", "person_days": None},
        {"kind": "in_kind", "role": None, "person_days": None, "support": ""},
        {"kind": "in_kind", "person_days": None, "support": "Rooms"},
    ],
)
def test_the_database_refuses_a_commitment_that_mixes_its_kinds(project, terms) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentFactory(project=project, **terms)
