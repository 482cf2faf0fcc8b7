"""The coverage formula, as a pure function on plain rows."""

from decimal import Decimal

import pytest

from portfolios.coverage import coverage


def need(role: str, days: int = 0, amount: int = 0) -> dict:
    return {"role": role, "person_days": days, "amount": Decimal(amount)}


def offer(role: str, status: str, days: int = 0, amount: int = 0) -> dict:
    kind = "money" if amount else "people"
    return {
        "role": role,
        "kind": kind,
        "status": status,
        "person_days": days,
        "amount": Decimal(amount),
    }


def test_coverage_per_role_counts_confirmed_and_proposed_apart() -> None:
    result = coverage(
        [need("Service designer", 40), need("User researcher", 20)],
        [
            offer("service designer", "confirmed", 10),
            offer("Service Designer ", "proposed", 15),
            offer("User researcher", "confirmed", 20),
        ],
    )
    designer, researcher = result.roles
    assert (designer.needed_days, designer.confirmed_days, designer.proposed_days) == (
        40,
        10,
        15,
    )
    assert designer.covered == pytest.approx(0.25)
    assert designer.covered_with_proposed == pytest.approx(0.625)
    assert researcher.covered == pytest.approx(1.0)
    assert result.people_covered == pytest.approx(30 / 60)


def test_a_surplus_in_one_role_does_not_cover_another() -> None:
    result = coverage(
        [need("Analyst", 10), need("Developer", 10)],
        [offer("Analyst", "confirmed", 30)],
    )
    assert result.confirmed_days == 30
    assert result.people_covered == pytest.approx(0.5)


def test_money_is_covered_whatever_the_role_name() -> None:
    result = coverage(
        [need("Funding", amount=100_000), need("Licences", amount=20_000)],
        [
            offer("Funding", "confirmed", amount=30_000),
            offer("Funding", "proposed", amount=50_000),
        ],
    )
    assert result.needed_amount == Decimal(120_000)
    assert result.money_covered == pytest.approx(0.25)
    assert result.proposed_amount == Decimal(50_000)


def test_overall_is_the_mean_of_people_and_money() -> None:
    result = coverage(
        [need("Analyst", 10), need("Funding", amount=1000)],
        [offer("Analyst", "confirmed", 10)],
    )
    assert result.overall == pytest.approx(0.5)


def test_nothing_needed_means_no_coverage_figure() -> None:
    result = coverage([], [offer("Analyst", "confirmed", 5)])
    assert result.people_covered is None
    assert result.money_covered is None
    assert result.overall is None
    assert result.roles[0].covered is None
