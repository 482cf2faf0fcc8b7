"""Each figure of a day against the values worked out by hand in conftest.py."""

import csv

import pytest

from metrics.figures import day_figures
from metrics.formulas import Figure
from metrics.names import Metric
from portfolios.models import Benefit, BenefitActual
from tests.councils.test_councils import REFERENCE
from tests.metrics.conftest import DAY, d


def scotland_population() -> int:
    with REFERENCE.open(newline="") as data:
        return sum(int(row["population"]) for row in csv.DictReader(data))


def figures(day=DAY) -> dict[tuple, float | None]:
    return {(f.metric, f.scope, f.scope_id, f.key): f.value for f in day_figures(day)}


def value(
    found: dict,
    metric: Metric,
    scope: str = "programme",
    scope_id: int = 0,
    key: str = "",
):
    return found[metric, scope, scope_id, key]


def test_projects_running_by_phase_rag_and_stalled(programme) -> None:
    found = figures()
    a, b, scaling = programme["a"].pk, programme["b"].pk, programme["scaling"].pk
    assert value(found, Metric.PROJECTS_RUNNING) == 2
    assert value(found, Metric.PROJECTS_RUNNING, "portfolio", a) == 2
    assert value(found, Metric.PROJECTS_RUNNING, "portfolio", b) == 0  # closed 31 Mar
    assert value(found, Metric.PROJECTS_RUNNING, "objective", scaling) == 1
    assert value(found, Metric.PROJECTS_IN_PHASE, key="3") == 1
    assert value(found, Metric.PROJECTS_IN_PHASE, key="1") == 1
    assert value(found, Metric.PROJECTS_IN_PHASE, key="2") == 0
    assert value(found, Metric.PROJECTS_BY_RAG, key="amber") == 1
    assert value(found, Metric.PROJECTS_BY_RAG, key="red") == 1
    assert value(found, Metric.PROJECTS_BY_RAG, key="green") == 0
    assert value(found, Metric.PROJECTS_STALLED) == 1  # P2: last pulse 1 Apr
    assert value(found, Metric.PROJECTS_STALLED, "objective", scaling) == 0
    assert value(found, Metric.STALLED, "project", programme["p2"].pk) == 1
    assert value(found, Metric.STALLED, "project", programme["p1"].pk) == 0


def test_the_past_is_read_as_it_was(programme) -> None:
    found = figures(d(3, 15))
    # On 15 March P3 was still running (in Recruit); P1 had just entered Recruit.
    assert value(found, Metric.PROJECTS_RUNNING) == 3
    assert value(found, Metric.PROJECTS_IN_PHASE, key="2") == 2
    assert value(found, Metric.PROJECTS_RUNNING, "portfolio", programme["b"].pk) == 1
    # None had reported a pulse by then, and each started over 28 days before:
    # a missed pulse is a stall.
    assert value(found, Metric.PROJECTS_STALLED) == 3


def test_today_is_read_from_the_projects_own_rows(programme) -> None:
    from django.utils import timezone

    p1 = programme["p1"]
    found = figures(timezone.localdate())
    # Today P1's last pulse (20 June) is months old: stalled, as its page says.
    assert p1.is_stalled
    assert value(found, Metric.STALLED, "project", p1.pk) == 1
    assert value(found, Metric.PHASE, "project", p1.pk) == p1.phase.number


def test_gate_decisions_in_the_last_30_days(programme) -> None:
    assert value(figures(), Metric.GATE_DECISIONS_30D, key="proceed") == 0
    assert value(figures(d(5, 15)), Metric.GATE_DECISIONS_30D, key="proceed") == 1
    assert value(figures(d(3, 20)), Metric.GATE_DECISIONS_30D, key="proceed") == 1


def test_median_days_in_each_phase(programme) -> None:
    found = figures()
    assert value(found, Metric.MEDIAN_DAYS_IN_PHASE, key="3") == 60  # 1 May-30 Jun
    assert value(found, Metric.MEDIAN_DAYS_IN_PHASE, key="1") == 149  # 1 Feb-30 Jun
    a = programme["a"].pk
    assert value(found, Metric.MEDIAN_DAYS_IN_PHASE, "portfolio", a, "3") == 60


def test_median_of_an_even_group_is_the_mean_of_the_middle_two(programme) -> None:
    p3 = programme["p3"]
    p3.closed_on = None
    p3.save()
    found = figures()
    # In Scope now: P2 since 1 Feb (149 days); P3 never reviewed, in Recruit since
    # 1 Jun 2025 (394 days) -> phase 2 alone; phase 1 alone -> 149.
    assert value(found, Metric.MEDIAN_DAYS_IN_PHASE, key="2") == 394
    programme["p1"].reviews.all().delete()  # P1 then in Discover since 1 Jan
    found = figures()
    assert value(found, Metric.MEDIAN_DAYS_IN_PHASE, key="3") == 180


def test_share_of_expected_products_delivered(programme) -> None:
    found = figures()
    p1 = programme["p1"].pk
    assert value(
        found, Metric.PRODUCTS_DELIVERED_SHARE, "project", p1
    ) == pytest.approx(5 / 6)
    assert value(found, Metric.PRODUCTS_DELIVERED_SHARE) == pytest.approx(5 / 9)


def test_councils_taking_part_and_their_share_of_scotland(programme, fife) -> None:
    found = figures()
    scotland = scotland_population()
    assert value(found, Metric.COUNCILS_TAKING_PART) == 1  # Highland left on 1 Jun
    assert value(found, Metric.COUNCILS_SHARE) == pytest.approx(1 / 32)
    assert value(found, Metric.POPULATION_SHARE) == pytest.approx(373_550 / scotland)
    earlier = figures(d(5, 1))
    assert value(earlier, Metric.COUNCILS_TAKING_PART) == 2


def test_coverage_counts_confirmed_and_fulfilled_inside_the_needs_period(
    programme,
) -> None:
    found = figures()
    p1, p2, a = programme["p1"].pk, programme["p2"].pk, programme["a"].pk
    assert value(found, Metric.COVERAGE_PEOPLE, "project", p1) == pytest.approx(0.5)
    assert value(found, Metric.COVERAGE_MONEY_SHARE, "project", p1) == 0
    assert value(found, Metric.COVERAGE, "project", p1) == pytest.approx(0.25)
    # Fulfilled, but only the half of its period from 1 May is inside the need.
    assert value(found, Metric.COVERAGE_PEOPLE, "project", p2) == pytest.approx(0.5)
    assert value(found, Metric.COVERAGE_DAYS, "portfolio", a) == pytest.approx(25)
    assert value(found, Metric.COVERAGE_DAYS_NEEDED, "portfolio", a) == 50
    assert value(found, Metric.COVERAGE_PEOPLE) == pytest.approx(25 / 50)
    assert value(found, Metric.COVERAGE) == pytest.approx(0.25)
    # Before Fife's confirmation on 1 March, nothing was confirmed.
    assert value(figures(d(2, 25)), Metric.COVERAGE_PEOPLE, "project", p1) == 0


def test_proposed_commitments_are_never_counted(programme) -> None:
    found = figures()
    assert value(found, Metric.COVERAGE_MONEY_SHARE) == 0  # Fife's £4,000: proposed
    assert value(found, Metric.COMMITTED_MONEY) == 0


def test_committed_to_projects_of_every_state_by_scope(
    programme, fife, highland
) -> None:
    found = figures()
    p1, p2, p3 = (programme[name].pk for name in ("p1", "p2", "p3"))
    a, b, scaling = programme["a"].pk, programme["b"].pk, programme["scaling"].pk
    assert value(found, Metric.COMMITTED_DAYS, "council", fife.pk) == 30
    assert value(found, Metric.COMMITTED_DAYS, "council", highland.pk) == 15
    assert value(found, Metric.COMMITTED_DAYS) == 45
    assert value(found, Metric.COMMITTED_DAYS, "portfolio", a) == 30
    assert value(found, Metric.COMMITTED_DAYS, "portfolio", b) == 15  # P3 is closed
    assert value(found, Metric.COMMITTED_DAYS, "objective", scaling) == 20
    assert value(found, Metric.COMMITTED_DAYS, "project", p1) == 20
    assert value(found, Metric.COMMITTED_DAYS, "project", p2) == 10
    assert value(found, Metric.COMMITTED_DAYS, "project", p3) == 15
    # On 1 March only Highland's was confirmed, and Fife's first that very day.
    earlier = figures(d(3, 1))
    assert value(earlier, Metric.COMMITTED_DAYS) == 35


def test_committed_figures_add_up_across_councils_and_portfolios(programme) -> None:
    for day in (DAY, d(3, 25), d(5, 31)):
        found = figures(day)
        total = value(found, Metric.COMMITTED_DAYS)
        by_scope = {"council": 0.0, "portfolio": 0.0}
        grid = 0.0
        for (metric, scope, _, _), number in found.items():
            if metric == Metric.COMMITTED_DAYS and scope in by_scope:
                by_scope[scope] += number
            if metric == Metric.GRID_COMMITTED_DAYS:
                grid += number
        assert by_scope == {"council": total, "portfolio": total}, day
        assert grid == total, day


def test_each_councils_projects_and_population_share(programme, fife, highland):
    found = figures()
    assert value(found, Metric.PROJECTS_TAKING_PART, "council", fife.pk) == 2
    assert value(found, Metric.PROJECTS_TAKING_PART, "council", highland.pk) == 0
    assert value(found, Metric.POPULATION_SHARE, "council", fife.pk) == pytest.approx(
        373_550 / scotland_population()
    )


def test_the_grid_adds_up_to_each_councils_figures(programme, fife, highland):
    found = figures()
    a, b = str(programme["a"].pk), str(programme["b"].pk)
    assert value(found, Metric.GRID_PROJECTS, "council", fife.pk, a) == 2
    assert value(found, Metric.GRID_COMMITTED_DAYS, "council", fife.pk, a) == 30
    # Highland takes part in no project in flight, but committed to closed P3.
    assert value(found, Metric.GRID_PROJECTS, "council", highland.pk, b) == 0
    assert value(found, Metric.GRID_COMMITTED_DAYS, "council", highland.pk, b) == 15


def test_benefits_actual_against_target(programme) -> None:
    found = figures()
    p1 = programme["p1"].pk
    hours = "hours_saved"
    assert value(found, Metric.BENEFIT_ACTUAL, "project", p1, hours) == 200
    assert value(found, Metric.BENEFIT_TARGET, "project", p1, hours) == 1000
    assert value(found, Metric.BENEFIT_PROGRESS, "project", p1, hours) == 0.2
    assert value(found, Metric.BENEFIT_ACTUAL, key=hours) == 200
    assert value(found, Metric.BENEFIT_PROGRESS, key=hours) == 0.2
    assert value(figures(d(7, 31)), Metric.BENEFIT_ACTUAL, key=hours) == 500


def test_figures_are_unique_and_named_by_the_enumeration(programme) -> None:
    all_figures = day_figures(DAY)
    keys = [(f.metric, f.scope, f.scope_id, f.key) for f in all_figures]
    assert len(keys) == len(set(keys))
    assert all(isinstance(f, Figure) for f in all_figures)
    assert all(isinstance(f.metric, Metric) for f in all_figures)


def test_a_measure_a_project_names_itself_adds_up_for_its_portfolio_only(
    programme,
) -> None:
    """A portfolio's target may name a measure of the projects' own naming
    ("Telecare units"): the portfolio sums it by name; the programme and the
    objectives, where names chosen apart would not add up, do not."""
    for project, units in ((programme["p1"], 120), (programme["p2"], 30)):
        benefit = Benefit.objects.create(
            project=project, measure="custom", custom_name="Telecare units", target=500
        )
        BenefitActual.objects.create(benefit=benefit, measured_on=d(5, 1), value=units)
    found = figures()
    key = "custom:Telecare units"
    portfolio = programme["a"].pk
    assert value(found, Metric.BENEFIT_ACTUAL, "portfolio", portfolio, key) == 150
    assert value(found, Metric.BENEFIT_TARGET, "portfolio", portfolio, key) == 1000
    assert (Metric.BENEFIT_ACTUAL, "programme", 0, key) not in found
    assert not any(
        metric == Metric.BENEFIT_ACTUAL and scope == "objective" and k == key
        for metric, scope, _, k in found
    )
