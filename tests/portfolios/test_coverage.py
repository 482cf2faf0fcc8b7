"""Coverage (DESIGN §2), as pure functions on plain values: no database.

A need is covered by confirmed and fulfilled commitments of its role (or money),
each counted for the part of its period inside the need's, never beyond what the
need asks; proposed ones are shown beside.
"""

import datetime as dt
from decimal import Decimal

import pytest

from portfolios.coverage import (
    MONEY,
    Need,
    Offer,
    coverage,
    needs_from,
    offers_from,
    overall_share,
    project_coverage,
)
from portfolios.models import Commitment, ResourceNeed, ResourceRole

ANALYST, DEVELOPER = "analyst", "developer"  # roles, as coverage sees them: any key
MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def need(role: object, quantity: float, period: tuple = YEAR) -> Need:
    return Need(role, quantity, *period)


def confirmed(role: object, quantity: float, period: tuple = YEAR) -> Offer:
    return Offer(role, quantity, *period, counted=True)


def proposed(role: object, quantity: float, period: tuple = YEAR) -> Offer:
    return Offer(role, quantity, *period, counted=False)


def row(status: str, kind: str = "people", **values: object) -> dict:
    """A commitment's row as `values()` gives it: 10 days of role 1 by default."""
    people, money = kind == "people", kind == "money"
    return {
        "kind": kind,
        "role_id": 1 if people else None,
        "person_days": 10 if people else None,
        "amount": Decimal(500) if money else None,
        "starts_on": YEAR[0],
        "ends_on": YEAR[1],
        "status": status,
        **values,
    }


def test_only_confirmed_and_fulfilled_commitments_count() -> None:
    offers = offers_from(
        [
            row(Commitment.Status.CONFIRMED),
            row(Commitment.Status.FULFILLED, person_days=5),
            row(Commitment.Status.PROPOSED, person_days=7),
            row(Commitment.Status.DECLINED, person_days=100),
            row(Commitment.Status.WITHDRAWN, person_days=100),
        ]
    )
    (line,) = coverage([need(1, 40)], offers).lines
    assert (line.counted, line.confirmed, line.proposed) == (15, 15, 7)
    assert line.share == pytest.approx(15 / 40)


def test_support_in_kind_covers_no_need() -> None:
    offers = offers_from(
        [row(Commitment.Status.CONFIRMED, kind="in_kind", role_id=None)]
    )
    assert offers == []


def test_a_commitment_counts_for_the_part_of_its_period_inside_the_needs() -> None:
    # Ten days from 27 March to 5 April: five of them fall inside March.
    offer = confirmed(ANALYST, 10, (dt.date(2026, 3, 27), dt.date(2026, 4, 5)))
    (line,) = coverage([need(ANALYST, 20, MARCH)], [offer]).lines
    assert line.counted == pytest.approx(5)
    assert line.share == pytest.approx(0.25)
    # The rest, outside the need's period, is shown as beyond it.
    assert line.beyond == pytest.approx(5)


def test_a_commitment_wholly_outside_the_needs_period_covers_nothing() -> None:
    offer = confirmed(ANALYST, 10, (dt.date(2026, 4, 1), dt.date(2026, 4, 30)))
    (line,) = coverage([need(ANALYST, 20, MARCH)], [offer]).lines
    assert line.counted == 0
    assert line.share == 0
    assert line.beyond == 10


def test_a_need_is_covered_at_most_in_full_and_the_rest_is_beyond() -> None:
    result = coverage(
        [need(ANALYST, 10)], [confirmed(ANALYST, 25), confirmed(ANALYST, 5)]
    )
    (line,) = result.lines
    assert (line.needed, line.counted, line.confirmed) == (10, 10, 30)
    assert line.share == 1
    assert line.beyond == 20
    assert result.people_share == 1  # never above 100%
    assert (result.counted_days, result.confirmed_days) == (10, 30)


def test_overlapping_needs_never_count_one_commitment_twice() -> None:
    # Two needs in the same role over March; one commitment of 15 days in March.
    result = coverage(
        [need(ANALYST, 10, MARCH), need(ANALYST, 10, MARCH)],
        [confirmed(ANALYST, 15, MARCH)],
    )
    (line,) = result.lines
    assert line.needed == 20
    assert line.counted == 15  # not 10 + 10
    assert line.beyond == 0
    assert line.share == pytest.approx(0.75)


def test_commitments_fill_needs_in_their_periods_only() -> None:
    april = (dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    result = coverage(
        [need(ANALYST, 10, MARCH), need(ANALYST, 10, april)],
        [confirmed(ANALYST, 20, MARCH)],
    )
    (line,) = result.lines
    assert line.counted == 10  # March's need in full; none of it reaches April's
    assert line.beyond == 10


def test_proposed_commitments_are_shown_beside_never_counted() -> None:
    result = coverage(
        [need(ANALYST, 40)], [confirmed(ANALYST, 10), proposed(ANALYST, 15)]
    )
    (line,) = result.lines
    assert (line.counted, line.confirmed, line.proposed) == (10, 10, 15)
    assert line.share == pytest.approx(0.25)
    assert line.share_with_proposed == pytest.approx(25 / 40)
    assert result.proposed_days == 15


def test_a_commitment_in_another_role_covers_nothing() -> None:
    result = coverage(
        [need(ANALYST, 10), need(DEVELOPER, 10)], [confirmed(ANALYST, 30)]
    )
    analyst, developer = result.lines
    assert (analyst.counted, developer.counted) == (10, 0)
    assert result.people_share == pytest.approx(0.5)  # a surplus covers no other role
    # A role nobody needs: shown, with what is confirmed for it all beyond a need.
    (trainer,) = coverage([], [confirmed("trainer", 5)]).lines
    assert (trainer.needed, trainer.counted, trainer.beyond) == (0, 0, 5)
    assert trainer.share is None


def test_money_is_covered_by_money_in_pounds() -> None:
    result = coverage(
        [need(MONEY, 100_000), need(MONEY, 20_000), need(ANALYST, 10)],
        [
            confirmed(MONEY, 30_000),
            proposed(MONEY, 50_000),
            confirmed(ANALYST, 10),
        ],
    )
    assert result.money.name == "Money"
    assert result.lines[-1] is result.money  # people first, then money
    assert result.needed_amount == 120_000
    assert result.counted_amount == 30_000
    assert result.proposed_amount == 50_000
    assert result.money_share == pytest.approx(0.25)
    assert result.needed_days == 10  # money is never counted as days
    assert result.people_share == 1


def test_overall_share_is_the_mean_of_what_is_needed() -> None:
    assert overall_share(0.5, 1.0) == pytest.approx(0.75)
    assert overall_share(0.5, None) == 0.5
    assert overall_share(None, 0.25) == 0.25
    assert overall_share(None, None) is None
    result = coverage([need(ANALYST, 10), need(MONEY, 1000)], [confirmed(ANALYST, 10)])
    assert result.overall == pytest.approx(0.5)


def test_nothing_needed_means_no_share() -> None:
    result = coverage([], [confirmed(ANALYST, 5)])
    assert result.people_share is None
    assert result.money_share is None
    assert result.overall is None
    assert not result.is_empty
    assert coverage([], []).is_empty


def test_roles_are_named_and_ordered_by_name() -> None:
    result = coverage(
        [need(2, 5), need(1, 5), need(MONEY, 10)],
        [],
        names={1: "User researcher", 2: "business analyst"},
    )
    assert [line.name for line in result.lines] == [
        "business analyst",
        "User researcher",
        "Money",
    ]


def test_the_status_on_a_past_day_can_be_read_instead() -> None:
    # Confirmed now, but only proposed on the day asked about.
    offers = offers_from(
        [row(Commitment.Status.CONFIRMED, status_on=Commitment.Status.PROPOSED)],
        status="status_on",
    )
    (line,) = coverage([need(1, 40)], offers).lines
    assert (line.counted, line.proposed) == (0, 10)


def test_a_projects_needs_and_commitments_are_read_from_its_rows() -> None:
    analyst = ResourceRole(pk=1, name="Data analyst")
    needs = [
        ResourceNeed(
            role=analyst, person_days=20, starts_on=MARCH[0], ends_on=MARCH[1]
        ),
        ResourceNeed(
            role=None, amount=Decimal(1000), starts_on=YEAR[0], ends_on=YEAR[1]
        ),
    ]
    commitments = [
        Commitment(
            kind=Commitment.Kind.PEOPLE,
            role=analyst,
            person_days=10,
            starts_on=MARCH[0],
            ends_on=MARCH[1],
            status=Commitment.Status.FULFILLED,
        ),
        Commitment(
            kind=Commitment.Kind.MONEY,
            amount=Decimal(250),
            starts_on=YEAR[0],
            ends_on=YEAR[1],
            status=Commitment.Status.CONFIRMED,
        ),
    ]
    result = project_coverage(needs, commitments)
    assert [line.name for line in result.lines] == ["Data analyst", "Money"]
    assert result.people_share == pytest.approx(0.5)
    assert result.money_share == pytest.approx(0.25)
    assert needs_from(needs)[1] == Need(MONEY, 1000.0, *YEAR)
