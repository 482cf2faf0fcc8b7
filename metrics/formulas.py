"""The metrics' formulas: pure functions over plain values, tested without a database.

Ratios, medians, the figures made of coverage's and benefits' parts, and the
programme's figures rolled up from its portfolios'. The database's side (what is
counted, for which projects, on which day) is in `metrics.figures`.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import astuple, dataclass
from decimal import Decimal

from metrics.models import Scope
from metrics.names import ADDITIVE, Metric
from portfolios.coverage import Coverage, overall_share
from portfolios.targets import OWN_NAMED

PROGRAMME = 0  # the programme's scope id

type Number = float | int | Decimal


@dataclass(frozen=True)
class Figure:
    """One figure of a day: a metric, for a scope, with an optional key (a phase,
    a RAG colour, a decision, a benefit measure, a portfolio)."""

    metric: Metric
    scope: str
    scope_id: int
    value: float | None
    key: str = ""


def ratio(top: Number | None, bottom: Number | None) -> float | None:
    """top / bottom; None when there is nothing to divide by."""
    return float(top or 0) / float(bottom) if bottom else None


def median(values: Sequence[Number]) -> float | None:
    """The middle value, or the mean of the middle two; None for no values."""
    ordered = sorted(float(value) for value in values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def as_float(value: Number | None) -> float | None:
    return None if value is None else float(value)


# ---------------------------------------------------------------------------------
# Participation


def participation_figures(
    scope: str,
    scope_id: int,
    populations: Sequence[int],
    *,
    councils: int,
    people: int,
) -> list[Figure]:
    """Councils taking part (their populations given), their share of the `councils`
    and of Scotland's `people`."""
    return [
        Figure(Metric.COUNCILS_TAKING_PART, scope, scope_id, len(populations)),
        Figure(
            Metric.COUNCILS_SHARE, scope, scope_id, ratio(len(populations), councils)
        ),
        Figure(
            Metric.POPULATION_SHARE, scope, scope_id, ratio(sum(populations), people)
        ),
    ]


# ---------------------------------------------------------------------------------
# Coverage


COVERAGE_PARTS = (
    Metric.COVERAGE_DAYS,
    Metric.COVERAGE_DAYS_NEEDED,
    Metric.COVERAGE_MONEY,
    Metric.COVERAGE_MONEY_NEEDED,
)


@dataclass(frozen=True)
class CoverageParts:
    """What a scope's coverage is made of: counted against needed, for people and
    for money. Parts add up across projects; shares do not."""

    counted_days: float = 0
    needed_days: float = 0
    counted_money: float = 0
    needed_money: float = 0

    @classmethod
    def from_figures(cls, values: Mapping[str, float | None]) -> "CoverageParts":
        """From stored figures, by metric (as coverage_figures gives them)."""
        return cls(*(float(values.get(metric) or 0) for metric in COVERAGE_PARTS))

    @classmethod
    def of(cls, coverage: Coverage) -> "CoverageParts":
        return cls(
            coverage.counted_days,
            coverage.needed_days,
            coverage.counted_amount,
            coverage.needed_amount,
        )

    def __add__(self, other: "CoverageParts") -> "CoverageParts":
        return CoverageParts(
            self.counted_days + other.counted_days,
            self.needed_days + other.needed_days,
            self.counted_money + other.counted_money,
            self.needed_money + other.needed_money,
        )

    @property
    def people(self) -> float | None:
        return ratio(self.counted_days, self.needed_days)

    @property
    def money(self) -> float | None:
        return ratio(self.counted_money, self.needed_money)

    @property
    def overall(self) -> float | None:
        return overall_share(self.people, self.money)


def coverage_figures(scope: str, scope_id: int, parts: CoverageParts) -> list[Figure]:
    """A scope's coverage: its parts (kept so that the scopes above add them up,
    without computing each project's coverage again) and its shares."""
    return [
        *(
            Figure(metric, scope, scope_id, float(part))
            for metric, part in zip(COVERAGE_PARTS, astuple(parts), strict=True)
        ),
        Figure(Metric.COVERAGE_PEOPLE, scope, scope_id, parts.people),
        Figure(Metric.COVERAGE_MONEY_SHARE, scope, scope_id, parts.money),
        Figure(Metric.COVERAGE, scope, scope_id, parts.overall),
    ]


# ---------------------------------------------------------------------------------
# Benefits


def benefit_progress(
    actual: Number | None, target: Number | None, baseline: Number | None
) -> float | None:
    """How far from baseline to target the actual has come."""
    if actual is None or target is None:
        return None
    base = float(baseline or 0)
    return ratio(float(actual) - base, float(target) - base)


def benefit_figures(
    scope: str,
    scope_id: int,
    key: str,
    actual: Number | None,
    target: Number | None,
    baseline: Number | None,
) -> list[Figure]:
    figures = [
        Figure(Metric.BENEFIT_ACTUAL, scope, scope_id, as_float(actual), key),
        Figure(Metric.BENEFIT_TARGET, scope, scope_id, as_float(target), key),
    ]
    if scope != Scope.PROJECT:  # a part of the programme's progress
        figures.append(
            Figure(Metric.BENEFIT_BASELINE, scope, scope_id, float(baseline or 0), key)
        )
    figures.append(
        Figure(
            Metric.BENEFIT_PROGRESS,
            scope,
            scope_id,
            benefit_progress(actual, target, baseline),
            key,
        )
    )
    return figures


# ---------------------------------------------------------------------------------
# The programme, rolled up from its portfolios

# Figures summed here but shown through their own formulas.
_PARTS = {
    Metric.COVERAGE_DAYS,
    Metric.COVERAGE_DAYS_NEEDED,
    Metric.COVERAGE_MONEY,
    Metric.COVERAGE_MONEY_NEEDED,
    Metric.BENEFIT_ACTUAL,
    Metric.BENEFIT_TARGET,
    Metric.BENEFIT_BASELINE,
}


def programme_figures(portfolio_figures: Iterable[Figure]) -> list[Figure]:
    """The programme's figures that add up: sums of the portfolios' additive figures,
    and the ratios of those sums (products delivered, coverage, benefits). The
    figures that do not add up (distinct councils, medians) are counted apart."""
    totals: dict[tuple[Metric, str], float] = defaultdict(float)
    for figure in portfolio_figures:
        if (
            figure.metric in ADDITIVE
            and figure.value is not None
            and not figure.key.startswith(OWN_NAMED)
        ):
            totals[figure.metric, figure.key] += figure.value
    figures = [
        Figure(metric, Scope.PROGRAMME, PROGRAMME, value, key)
        for (metric, key), value in sorted(totals.items())
        if metric not in _PARTS
    ]
    for metric in (Metric.COMMITTED_DAYS, Metric.COMMITTED_MONEY):
        if (metric, "") not in totals:  # no portfolio yet: still a figure, of nothing
            figures.append(Figure(metric, Scope.PROGRAMME, PROGRAMME, 0.0))
    figures.append(
        Figure(
            Metric.PRODUCTS_DELIVERED_SHARE,
            Scope.PROGRAMME,
            PROGRAMME,
            ratio(
                totals[Metric.PRODUCTS_DELIVERED, ""],
                totals[Metric.PRODUCTS_EXPECTED, ""],
            ),
        )
    )
    figures += coverage_figures(
        Scope.PROGRAMME,
        PROGRAMME,
        CoverageParts(
            totals[Metric.COVERAGE_DAYS, ""],
            totals[Metric.COVERAGE_DAYS_NEEDED, ""],
            totals[Metric.COVERAGE_MONEY, ""],
            totals[Metric.COVERAGE_MONEY_NEEDED, ""],
        ),
    )
    measures = sorted(
        {key for metric, key in totals if metric == Metric.BENEFIT_TARGET}
    )
    for key in measures:
        figures += benefit_figures(
            Scope.PROGRAMME,
            PROGRAMME,
            key,
            totals.get((Metric.BENEFIT_ACTUAL, key)),
            totals[Metric.BENEFIT_TARGET, key],
            totals[Metric.BENEFIT_BASELINE, key],
        )
    return figures
