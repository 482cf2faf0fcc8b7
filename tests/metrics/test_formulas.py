"""The metrics' pure formulas, over plain values: no database."""

import pytest

from metrics.formulas import (
    CoverageParts,
    Figure,
    benefit_figures,
    benefit_progress,
    coverage_figures,
    median,
    participation_figures,
    programme_figures,
    ratio,
)
from metrics.names import ADDITIVE, Metric


def by_name(figures: list[Figure]) -> dict[tuple[Metric, str], float | None]:
    return {(f.metric, f.key): f.value for f in figures}


def test_a_ratio_of_nothing_is_no_figure_not_zero() -> None:
    assert ratio(1, 4) == 0.25
    assert ratio(None, 4) == 0
    assert ratio(3, 0) is None
    assert ratio(3, None) is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], None), ([7], 7), ([3, 1, 2], 2), ([4, 1, 3, 2], 2.5), ([10, 20], 15)],
)
def test_the_median_is_the_middle_or_the_mean_of_the_middle_two(
    values, expected
) -> None:
    assert median(values) == expected


def test_participation_is_counted_and_shared_out() -> None:
    found = by_name(
        participation_figures("portfolio", 3, [100, 300], councils=32, people=4000)
    )
    assert found[Metric.COUNCILS_TAKING_PART, ""] == 2
    assert found[Metric.COUNCILS_SHARE, ""] == 2 / 32
    assert found[Metric.POPULATION_SHARE, ""] == 0.1


def test_coverage_parts_add_up_and_shares_are_of_the_sums() -> None:
    one = CoverageParts(
        counted_days=20, needed_days=40, counted_money=0, needed_money=10
    )
    two = CoverageParts(counted_days=5, needed_days=10)
    both = one + two
    assert both == CoverageParts(25, 50, 0, 10)
    assert both.people == 0.5
    assert both.money == 0
    assert both.overall == 0.25


def test_coverage_of_what_is_not_needed_is_no_figure() -> None:
    people_only = CoverageParts(counted_days=5, needed_days=10)
    assert people_only.money is None
    assert people_only.overall == 0.5  # the mean over what is needed
    assert CoverageParts().overall is None


def test_coverage_keeps_its_parts_so_that_scopes_add_them_up() -> None:
    parts = CoverageParts(20, 40, 0, 10_000)
    for scope in ("project", "portfolio"):
        figures = coverage_figures(scope, 1, parts)
        found = by_name(figures)
        assert found[Metric.COVERAGE_DAYS, ""] == 20
        assert found[Metric.COVERAGE_MONEY_NEEDED, ""] == 10_000
        assert found[Metric.COVERAGE_PEOPLE, ""] == 0.5
        assert found[Metric.COVERAGE_MONEY_SHARE, ""] == 0
        assert found[Metric.COVERAGE, ""] == 0.25
        stored = {f.metric: f.value for f in figures}
        assert CoverageParts.from_figures(stored) == parts


def test_benefit_progress_runs_from_baseline_to_target() -> None:
    assert benefit_progress(200, 1000, 0) == 0.2
    assert benefit_progress(150, 200, 100) == 0.5
    assert benefit_progress(None, 1000, 0) is None
    assert benefit_progress(5, 100, 100) is None  # no distance to cover
    found = by_name(benefit_figures("portfolio", 1, "hours_saved", 200, 1000, None))
    assert found[Metric.BENEFIT_BASELINE, "hours_saved"] == 0
    assert found[Metric.BENEFIT_PROGRESS, "hours_saved"] == 0.2
    project = by_name(benefit_figures("project", 1, "hours_saved", 200, 1000, 0))
    assert (Metric.BENEFIT_BASELINE, "hours_saved") not in project


def test_the_programme_is_the_sum_of_its_portfolios() -> None:
    portfolios = [
        Figure(Metric.PROJECTS_RUNNING, "portfolio", 1, 2),
        Figure(Metric.PROJECTS_RUNNING, "portfolio", 2, 3),
        Figure(Metric.PROJECTS_BY_RAG, "portfolio", 1, 1, "red"),
        Figure(Metric.COMMITTED_DAYS, "portfolio", 1, 30),
        Figure(Metric.COMMITTED_DAYS, "portfolio", 2, 15),
        Figure(Metric.COMMITTED_MONEY, "portfolio", 2, 2000),
        Figure(Metric.PRODUCTS_DELIVERED, "portfolio", 1, 5),
        Figure(Metric.PRODUCTS_EXPECTED, "portfolio", 1, 9),
        Figure(Metric.COVERAGE_DAYS, "portfolio", 1, 25),
        Figure(Metric.COVERAGE_DAYS_NEEDED, "portfolio", 1, 50),
        Figure(Metric.COVERAGE_MONEY, "portfolio", 1, 0),
        Figure(Metric.COVERAGE_MONEY_NEEDED, "portfolio", 1, 10_000),
        Figure(Metric.BENEFIT_ACTUAL, "portfolio", 1, 200, "hours_saved"),
        Figure(Metric.BENEFIT_TARGET, "portfolio", 1, 1000, "hours_saved"),
        Figure(Metric.BENEFIT_BASELINE, "portfolio", 1, 0, "hours_saved"),
        # Shares do not add up: they are made again from the sums.
        Figure(Metric.COVERAGE, "portfolio", 1, 0.25),
        Figure(Metric.COVERAGE, "portfolio", 2, None),
    ]
    figures = programme_figures(portfolios)
    assert all(f.scope == "programme" and f.scope_id == 0 for f in figures)
    found = by_name(figures)
    assert found[Metric.PROJECTS_RUNNING, ""] == 5
    assert found[Metric.PROJECTS_BY_RAG, "red"] == 1
    assert found[Metric.COMMITTED_DAYS, ""] == 45
    assert found[Metric.COMMITTED_MONEY, ""] == 2000
    assert found[Metric.PRODUCTS_DELIVERED_SHARE, ""] == pytest.approx(5 / 9)
    assert found[Metric.COVERAGE_PEOPLE, ""] == 0.5
    assert found[Metric.COVERAGE, ""] == 0.25
    assert found[Metric.BENEFIT_PROGRESS, "hours_saved"] == 0.2
    keys = [(f.metric, f.key) for f in figures]
    assert len(keys) == len(set(keys))


def test_a_programme_with_nothing_committed_says_zero() -> None:
    found = by_name(programme_figures([]))
    assert found[Metric.COMMITTED_DAYS, ""] == 0
    assert found[Metric.COMMITTED_MONEY, ""] == 0
    assert found[Metric.COVERAGE, ""] is None


def test_only_figures_that_add_up_are_summed() -> None:
    shares = {name for name in Metric if name.endswith("_share")}
    assert not ADDITIVE & shares
    assert Metric.COVERAGE not in ADDITIVE
    assert Metric.COUNCILS_TAKING_PART not in ADDITIVE  # distinct councils
