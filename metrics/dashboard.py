"""What the dashboards show, read from stored snapshots only: no figure is aggregated
when a page is asked for. Each read is one query, whatever the size of the data.

Also the dashboard's composition (`dashboard_context`), its body kept in the page
cache for the metrics' generation (`dashboard_body`), and its rendering after a
recompute (`warm_dashboard`), which the tasks and the background runner call.
"""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, Subquery
from django.template.loader import render_to_string

from councils.models import Council
from heartbeat.models import Phase
from metrics.caching import cached_html
from metrics.charts import LineChart, bars, line_chart
from metrics.models import Scope, Snapshot
from metrics.names import GRID, Datum, Metric
from portfolios.models import Portfolio, Project, VisionObjective

logger = logging.getLogger(__name__)

MONTH, QUARTER = 30, 91
TREND_DAYS = 364
STALLED_SHOWN = 12  # the longest silent; the project list filters them all


@dataclass(frozen=True)
class Where:
    """The scope a dashboard shows: the programme, a portfolio or an objective.
    `tag` names it on the page's figures ("portfolio:<slug>"; none for the
    programme)."""

    scope: str = Scope.PROGRAMME
    scope_id: int = 0
    name: str = "the programme"
    tag: str = ""

    @classmethod
    def portfolio(cls, portfolio: Portfolio) -> "Where":
        return cls(
            Scope.PORTFOLIO, portfolio.pk, portfolio.name, f"portfolio:{portfolio.slug}"
        )

    @classmethod
    def objective(cls, objective: VisionObjective) -> "Where":
        return cls(
            Scope.OBJECTIVE,
            objective.pk,
            f"the {objective.name} objective",
            f"objective:{objective.slug}",
        )


@dataclass(frozen=True)
class Part:
    """A piece of a headline's line of detail: text, and a figure named for the page
    when `name` is given."""

    before: str = ""
    name: str = ""
    value: float | None = None
    kind: str = "count"
    after: str = ""


@dataclass
class Headline:
    label: str
    name: str  # the figure's name on the page (a Datum), or "" for none
    kind: str  # "count", "percent" or "pounds"
    now: float | None
    month_ago: float | None
    quarter_ago: float | None
    parts: list[Part] = field(default_factory=list)

    @staticmethod
    def _change(now: float | None, then: float | None) -> float | None:
        return None if now is None or then is None else now - then

    @property
    def since_month(self) -> float | None:
        return self._change(self.now, self.month_ago)

    @property
    def since_quarter(self) -> float | None:
        return self._change(self.now, self.quarter_ago)


@dataclass
class Trend:
    label: str
    metric: Metric
    key: str
    percent: bool
    chart: LineChart = field(default_factory=lambda: line_chart([]))

    @property
    def kind(self) -> str:
        return "percent" if self.percent else "count"


TRENDS = [
    Trend("Projects in flight", Metric.PROJECTS_RUNNING, "", False),
    Trend("Councils taking part", Metric.COUNCILS_TAKING_PART, "", False),
    Trend("Resource coverage", Metric.COVERAGE, "", True),
    Trend(
        "Cashable savings against target",
        Metric.BENEFIT_PROGRESS,
        "cashable_savings",
        True,
    ),
]


def latest_day(on_or_before: dt.date | None = None) -> dt.date | None:
    """The newest day with figures, on or before the one asked for."""
    days = Snapshot.objects.filter(
        scope=Scope.PROGRAMME, metric=Metric.PROJECTS_RUNNING
    ).order_by("-date")
    if on_or_before is not None:
        days = days.filter(date__lte=on_or_before)
    return days.values_list("date", flat=True).first()


def first_day() -> dt.date | None:
    return (
        Snapshot.objects.filter(scope=Scope.PROGRAMME, metric=Metric.PROJECTS_RUNNING)
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )


HEADLINE_METRICS = [
    Metric.PROJECTS_RUNNING,
    Metric.PROJECTS_STALLED,
    Metric.COUNCILS_TAKING_PART,
    Metric.POPULATION_SHARE,
    Metric.COVERAGE,
    Metric.COVERAGE_PEOPLE,
    Metric.COVERAGE_MONEY_SHARE,
    Metric.COMMITTED_DAYS,
    Metric.COMMITTED_MONEY,
    Metric.BENEFIT_ACTUAL,
    Metric.BENEFIT_TARGET,
    Metric.BENEFIT_PROGRESS,
    Metric.PROJECTS_IN_PHASE,
]
SAVINGS = "cashable_savings"


def headlines(where: Where, day: dt.date) -> tuple[list[Headline], dict, dt.datetime]:
    """The headline figures, now and a month and a quarter before, and the phase
    funnel; with when they were computed. One query."""
    days = {
        "now": day,
        "month": day - dt.timedelta(days=MONTH),
        "quarter": day - dt.timedelta(days=QUARTER),
    }
    rows = Snapshot.objects.filter(
        scope=where.scope,
        scope_id=where.scope_id,
        date__in=days.values(),
        metric__in=HEADLINE_METRICS,
    ).values_list("date", "metric", "key", "value", "computed_at")
    found: dict[tuple, float | None] = {}
    computed = None
    for date, metric, key, value, computed_at in rows:
        found[date, metric, key] = value
        if date == day:
            computed = max(computed, computed_at) if computed else computed_at

    def at(metric: Metric, key: str = "") -> tuple:
        return tuple(found.get((days[when], metric, key)) for when in days)

    def now(metric: Metric, key: str = "") -> float | None:
        return found.get((day, metric, key))

    heads = [
        Headline(
            "Projects in flight",
            Datum.PROJECTS_IN_FLIGHT,
            "count",
            *at(Metric.PROJECTS_RUNNING),
            parts=_stalled(now(Metric.PROJECTS_STALLED)),
        ),
        Headline(
            "Councils taking part",
            Datum.COUNCILS_TAKING_PART,
            "count",
            *at(Metric.COUNCILS_TAKING_PART),
            parts=_population(now(Metric.POPULATION_SHARE)),
        ),
        Headline(
            "Resource coverage",
            Datum.COVERAGE,
            "percent",
            *at(Metric.COVERAGE),
            parts=_coverage(
                now(Metric.COVERAGE_PEOPLE), now(Metric.COVERAGE_MONEY_SHARE)
            ),
        ),
        Headline(
            "Committed by councils",
            Datum.COMMITTED_DAYS,
            "count",
            *at(Metric.COMMITTED_DAYS),
            parts=_committed(now(Metric.COMMITTED_MONEY)),
        ),
        Headline(
            "Cashable savings against target",
            "",
            "percent",
            *at(Metric.BENEFIT_PROGRESS, SAVINGS),
            parts=_savings(
                now(Metric.BENEFIT_ACTUAL, SAVINGS), now(Metric.BENEFIT_TARGET, SAVINGS)
            ),
        ),
    ]
    funnel = {
        key: value
        for (date, metric, key), value in found.items()
        if date == day and metric == Metric.PROJECTS_IN_PHASE
    }
    return heads, funnel, computed


def _stalled(count: float | None) -> list[Part]:
    if count is None:
        return []
    return [
        Part(name=Datum.PROJECTS_STALLED, value=count, after=" stalled: a pulse missed")
    ]


def _population(share: float | None) -> list[Part]:
    if share is None:
        return []
    return [Part(f"covering {share:.0%} of Scotland's population")]


def _coverage(people: float | None, money: float | None) -> list[Part]:
    parts = []
    if people is not None:
        parts.append(Part("people ", Datum.COVERAGE_PEOPLE, people, "percent"))
    if money is not None:
        before = ", money " if parts else "money "
        parts.append(Part(before, Datum.COVERAGE_MONEY, money, "percent"))
    if parts:
        parts.append(Part(" covered"))
    return parts


def _committed(money: float | None) -> list[Part]:
    return [
        Part("person-days and ", Datum.COMMITTED_MONEY, money, "pounds"),
        Part(", confirmed or fulfilled"),
    ]


def _savings(actual: float | None, target: float | None) -> list[Part]:
    if target is None:
        return []
    return [Part(f"£{actual or 0:,.0f} of a £{target:,.0f} target")]


def phase_funnel(funnel: dict[str, float], names: dict[int, str]) -> list:
    return bars(
        [(names[number], funnel.get(str(number), 0)) for number in sorted(names)]
    )


def trends(where: Where, day: dt.date) -> list[Trend]:
    """A year of the main figures, one point a week. One query."""
    start = day - dt.timedelta(days=TREND_DAYS)
    rows = (
        Snapshot.objects.filter(
            scope=where.scope,
            scope_id=where.scope_id,
            date__gte=start,
            date__lte=day,
            date__week_day=(day.isoweekday() % 7) + 1,
            metric__in=[t.metric for t in TRENDS],
        )
        .order_by("date")
        .values_list("metric", "key", "date", "value")
    )
    series: dict[tuple[str, str], list] = defaultdict(list)
    for metric, key, date, value in rows:
        series[metric, key].append((date, value))
    return [
        Trend(
            trend.label,
            trend.metric,
            trend.key,
            trend.percent,
            line_chart(
                series.get((trend.metric, trend.key), []), percent=trend.percent
            ),
        )
        for trend in TRENDS
    ]


@dataclass
class PortfolioRow:
    portfolio: Portfolio
    running: float = 0
    red: float = 0
    amber: float = 0
    green: float = 0
    stalled: float = 0
    coverage: float | None = None

    @property
    def tag(self) -> str:
        return f"portfolio:{self.portfolio.slug}"


def portfolio_table(portfolios: list, day: dt.date) -> list[PortfolioRow]:
    """Every portfolio by priority, with its projects, RAG and coverage. One query."""
    rows = {p.pk: PortfolioRow(p) for p in portfolios}
    wanted = {
        (Metric.PROJECTS_RUNNING, ""): "running",
        (Metric.PROJECTS_BY_RAG, "red"): "red",
        (Metric.PROJECTS_BY_RAG, "amber"): "amber",
        (Metric.PROJECTS_BY_RAG, "green"): "green",
        (Metric.PROJECTS_STALLED, ""): "stalled",
        (Metric.COVERAGE, ""): "coverage",
    }
    for scope_id, metric, key, value in Snapshot.objects.filter(
        scope=Scope.PORTFOLIO,
        date=day,
        metric__in={metric for metric, _ in wanted},
    ).values_list("scope_id", "metric", "key", "value"):
        if scope_id in rows and (metric, key) in wanted:
            setattr(rows[scope_id], wanted[metric, key], value)
    return [rows[p.pk] for p in portfolios]


@dataclass(frozen=True)
class Cell:
    """A council against a portfolio: the projects it takes part in there, and the
    person-days it has committed to the portfolio's projects."""

    projects: float
    days: float

    @property
    def is_empty(self) -> bool:
        return not self.projects and not self.days


@dataclass
class GridRow:
    council: Council
    cells: list[Cell]

    @property
    def portfolios(self) -> int:
        return sum(1 for cell in self.cells if cell.projects)

    @property
    def projects(self) -> float:
        """Projects taken part in, across the portfolios shown."""
        return sum(cell.projects for cell in self.cells)

    @property
    def days(self) -> float:
        """Person-days committed, across the portfolios shown."""
        return sum(cell.days for cell in self.cells)


def _newest(rows: list[tuple]) -> list[tuple]:
    """Rows of the newest day among them (the first item of each row is its day)."""
    newest = max((row[0] for row in rows), default=None)
    return [row[1:] for row in rows if row[0] == newest]


def participation_grid(councils: list, portfolios: list, days: set[dt.date]) -> list:
    """Each council against each portfolio, on the newest of the days that has
    them (the grid is kept weekly in older history). One query."""
    cells: dict[tuple[int, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    rows = Snapshot.objects.filter(
        scope=Scope.COUNCIL, date__in=days, metric__in=GRID
    ).values_list("date", "scope_id", "metric", "key", "value")
    for scope_id, metric, key, value in _newest(list(rows)):
        cells[scope_id, key][metric == Metric.GRID_COMMITTED_DAYS] = value or 0.0
    return [
        GridRow(
            c,
            [Cell(*cells[c.pk, str(p.pk)]) for p in portfolios],
        )
        for c in councils
    ]


def stalled_projects(where: Where, days: set[dt.date]) -> list:
    """Projects stalled on the newest of the days (from their own snapshots), in
    the scope. One query."""
    newest = (
        Snapshot.objects.filter(
            scope=Scope.PROJECT, metric=Metric.STALLED, date__in=days
        )
        .order_by("-date")
        .values("date")[:1]
    )
    stalled = Snapshot.objects.filter(
        scope=Scope.PROJECT, metric=Metric.STALLED, value=1, date=Subquery(newest)
    ).values("scope_id")
    projects = Project.objects.filter(pk__in=stalled).select_related(
        "portfolio", "phase"
    )
    if where.scope == Scope.PORTFOLIO:
        projects = projects.filter(portfolio_id=where.scope_id)
    elif where.scope == Scope.OBJECTIVE:
        projects = projects.filter(vision_objectives=where.scope_id)
    return list(projects.order_by("status_date", "name"))


@dataclass
class CouncilFigures:
    projects: float | None = None
    committed_days: float | None = None
    committed_money: float | None = None
    all_days: float | None = None  # what every council has committed
    population_share: float | None = None
    trends: list[Trend] = field(default_factory=list)

    @property
    def days_share(self) -> float | None:
        if self.committed_days is None or not self.all_days:
            return None
        return self.committed_days / self.all_days


COUNCIL_METRICS = {
    Metric.PROJECTS_TAKING_PART: "projects",
    Metric.COMMITTED_DAYS: "committed_days",
    Metric.COMMITTED_MONEY: "committed_money",
    Metric.POPULATION_SHARE: "population_share",
}


def council_figures(council_id: int, day: dt.date | None) -> CouncilFigures:
    """A council's figures on the day, and a year of them weekly. One query."""
    figures = CouncilFigures()
    if day is None:
        return figures
    start = day - dt.timedelta(days=TREND_DAYS)
    rows = (
        Snapshot.objects.filter(date__gte=start, date__lte=day)
        .filter(date__week_day=(day.isoweekday() % 7) + 1)
        .filter(
            Q(scope=Scope.COUNCIL, scope_id=council_id, metric__in=COUNCIL_METRICS)
            | Q(scope=Scope.PROGRAMME, metric=Metric.COMMITTED_DAYS)
        )
        .order_by("date")
        .values_list("scope", "metric", "date", "value")
    )
    series: dict[str, list] = defaultdict(list)
    for scope, metric, date, value in rows:
        if scope == Scope.PROGRAMME:
            if date == day:
                figures.all_days = value
            continue
        series[metric].append((date, value))
        if date == day:
            setattr(figures, COUNCIL_METRICS[Metric(metric)], value)
    figures.trends = [
        Trend(
            "Projects taking part",
            Metric.PROJECTS_TAKING_PART,
            "",
            False,
            line_chart(series[Metric.PROJECTS_TAKING_PART]),
        ),
        Trend(
            "Person-days committed",
            Metric.COMMITTED_DAYS,
            "",
            False,
            line_chart(series[Metric.COMMITTED_DAYS]),
        ),
    ]
    return figures


# ---------------------------------------------------------------------------------
# The dashboard's body


def dashboard_context(where: Where, day: dt.date) -> dict:
    portfolios = list(Portfolio.objects.order_by("priority"))
    heads, funnel, computed = headlines(where, day)
    phases = {phase.number: phase.name for phase in Phase.objects.all()}
    details = {day, day - dt.timedelta(days=day.weekday())}
    councils = list(Council.objects.order_by("short_name"))
    chosen = where.scope_id if where.scope == Scope.PORTFOLIO else None
    grid_portfolios = [p for p in portfolios if chosen in (None, p.pk)]
    return {
        "where": where,
        "day": day,
        "computed": computed,
        "headlines": heads,
        "funnel": phase_funnel(funnel, phases),
        "trends": trends(where, day),
        "portfolio_rows": portfolio_table(portfolios, day),
        "chosen_portfolio": chosen,
        "grid_portfolios": grid_portfolios,
        "grid": participation_grid(councils, grid_portfolios, details),
        "stalled": stalled_projects(where, details),
        "stalled_shown": STALLED_SHOWN,
        "stalled_slice": f":{STALLED_SHOWN}",
        "chosen_portfolio_slug": next(
            (p.slug for p in portfolios if p.pk == chosen), ""
        ),
        "interval": settings.HEARTBEAT_PULSE_INTERVAL_DAYS,
    }


def dashboard_body(where: Where, day: dt.date) -> str:
    """The dashboard's figures as HTML, kept in the cache for this generation."""
    return cached_html(
        "dashboard",
        (where.scope, where.scope_id, day),
        lambda: render_to_string(
            "metrics/_dashboard_body.html", dashboard_context(where, day)
        ),
        # Snapshots, and names of portfolios, councils and phases: a project's own
        # change reaches it through the recompute it queues.
        reference_only=True,
    )


def warm_dashboard() -> None:
    """Render the default dashboard once a recompute is stored, so that the first
    executive to look does not wait for it. Never raises: the figures are stored,
    and a page that fails here fails again, and is seen, when it is asked for."""
    try:
        if day := latest_day():
            dashboard_body(Where(), day)
    except Exception:
        logger.exception("Could not warm the dashboard")
