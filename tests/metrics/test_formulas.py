"""Each metric against the values worked out by hand in conftest.py."""

import csv

import pytest

from metrics.formulas import Figure, day_figures
from tests.councils.test_councils import REFERENCE
from tests.metrics.conftest import DAY, d


def scotland_population() -> int:
    with REFERENCE.open(newline="") as data:
        return sum(int(row["population"]) for row in csv.DictReader(data))


def figures(day=DAY) -> dict[tuple, float | None]:
    return {(f.metric, f.scope, f.scope_id, f.key): f.value for f in day_figures(day)}


def value(
    found: dict, metric: str, scope: str = "programme", scope_id: int = 0, key: str = ""
):
    return found[metric, scope, scope_id, key]


def test_projects_running_by_phase_rag_and_stalled(programme) -> None:
    found = figures()
    a, b, scaling = programme["a"].pk, programme["b"].pk, programme["scaling"].pk
    assert value(found, "projects_running") == 2
    assert value(found, "projects_running", "portfolio", a) == 2
    assert value(found, "projects_running", "portfolio", b) == 0  # P3 closed 31 Mar
    assert value(found, "projects_running", "objective", scaling) == 1
    assert value(found, "projects_in_phase", key="3") == 1
    assert value(found, "projects_in_phase", key="1") == 1
    assert value(found, "projects_in_phase", key="2") == 0
    assert value(found, "projects_by_rag", key="amber") == 1
    assert value(found, "projects_by_rag", key="red") == 1
    assert value(found, "projects_by_rag", key="green") == 0
    assert value(found, "projects_stalled") == 1  # P2: last pulse 1 Apr


def test_the_past_is_read_as_it_was(programme) -> None:
    found = figures(d(3, 15))
    # On 15 March P3 was still running (in Recruit); P1 had just entered Recruit.
    assert value(found, "projects_running") == 3
    assert value(found, "projects_in_phase", key="2") == 2
    assert value(found, "projects_running", "portfolio", programme["b"].pk) == 1
    # None had reported a pulse by then, and each started over 28 days before:
    # a missed pulse is a stall.
    assert value(found, "projects_stalled") == 3


def test_gate_decisions_in_the_last_30_days(programme) -> None:
    assert value(figures(), "gate_decisions_30d", key="proceed") == 0
    assert value(figures(d(5, 15)), "gate_decisions_30d", key="proceed") == 1
    assert value(figures(d(3, 20)), "gate_decisions_30d", key="proceed") == 1


def test_median_days_in_each_phase(programme) -> None:
    found = figures()
    assert value(found, "median_days_in_phase", key="3") == 60  # 1 May to 30 Jun
    assert value(found, "median_days_in_phase", key="1") == 149  # 1 Feb to 30 Jun
    a = programme["a"].pk
    assert value(found, "median_days_in_phase", "portfolio", a, "3") == 60


def test_median_of_an_even_group_is_the_mean_of_the_middle_two(programme) -> None:
    p3 = programme["p3"]
    p3.closed_on = None
    p3.save()
    found = figures()
    # In Scope now: P2 since 1 Feb (149 days); P3 never reviewed, in Recruit since
    # 1 Jun 2025 (394 days) -> phase 2 alone; phase 1 alone -> 149.
    assert value(found, "median_days_in_phase", key="2") == 394
    programme["p1"].reviews.all().delete()  # P1 then in Discover since 1 Jan
    found = figures()
    assert value(found, "median_days_in_phase", key="3") == 180


def test_share_of_expected_products_delivered(programme) -> None:
    found = figures()
    p1 = programme["p1"].pk
    assert value(found, "products_delivered_share", "project", p1) == pytest.approx(
        5 / 6
    )
    assert value(found, "products_delivered_share") == pytest.approx(5 / 9)


def test_councils_taking_part_and_their_share_of_scotland(programme, fife) -> None:
    found = figures()
    scotland = scotland_population()
    assert value(found, "councils_taking_part") == 1  # Highland left on 1 Jun
    assert value(found, "councils_share") == pytest.approx(1 / 32)
    assert value(found, "population_share") == pytest.approx(373_550 / scotland)
    earlier = figures(d(5, 1))
    assert value(earlier, "councils_taking_part") == 2


def test_coverage_of_needs_by_commitments(programme) -> None:
    found = figures()
    p1 = programme["p1"].pk
    assert value(found, "coverage_people", "project", p1) == pytest.approx(20 / 40)
    assert value(found, "coverage_money_share", "project", p1) == 0
    assert value(found, "coverage", "project", p1) == pytest.approx(0.25)
    assert value(found, "coverage_people") == pytest.approx(20 / 50)
    assert value(found, "coverage") == pytest.approx(0.2)
    # Before Fife's confirmation on 1 March, nothing was confirmed.
    assert value(figures(d(2, 25)), "coverage_people", "project", p1) == 0


def test_each_councils_commitment_against_its_population_share(
    programme, fife, highland
) -> None:
    found = figures()
    assert value(found, "confirmed_days", "council", fife.pk) == 20
    assert value(found, "confirmed_days") == 20  # every council's, for the shares
    assert value(found, "confirmed_money") == 0  # Fife's £4,000 is only proposed
    assert value(found, "confirmed_days", "council", highland.pk) == 0
    assert value(found, "projects_taking_part", "council", fife.pk) == 1
    assert value(found, "projects_taking_part", "council", highland.pk) == 0
    assert value(found, "population_share", "council", fife.pk) == pytest.approx(
        373_550 / scotland_population()
    )


def test_benefits_actual_against_target(programme) -> None:
    found = figures()
    p1 = programme["p1"].pk
    assert value(found, "benefit_actual", "project", p1, "hours_saved") == 200
    assert value(found, "benefit_target", "project", p1, "hours_saved") == 1000
    assert value(found, "benefit_progress", "project", p1, "hours_saved") == 0.2
    assert value(found, "benefit_actual", key="hours_saved") == 200
    assert value(found, "benefit_progress", key="hours_saved") == 0.2
    assert value(figures(d(7, 31)), "benefit_actual", key="hours_saved") == 500


def test_figures_are_unique_per_metric_scope_key(programme) -> None:
    all_figures = day_figures(DAY)
    keys = [(f.metric, f.scope, f.scope_id, f.key) for f in all_figures]
    assert len(keys) == len(set(keys))
    assert all(isinstance(f, Figure) for f in all_figures)
