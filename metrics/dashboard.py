"""What the dashboards show, read from stored snapshots only: no figure is aggregated
when a page is asked for. Each read is one query, whatever the size of the data."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, Subquery

from metrics.charts import LineChart, bars, line_chart
from metrics.models import Scope, Snapshot
from metrics.services import DETAIL_METRICS

MONTH, QUARTER = 30, 91
TREND_DAYS = 364


@dataclass(frozen=True)
class Where:
    """The scope a dashboard shows: the programme, a portfolio or an objective."""

    scope: str = Scope.PROGRAMME
    scope_id: int = 0
    name: str = "the programme"


@dataclass
class Headline:
    label: str
    kind: str  # "count", "percent" or "pounds"
    now: float | None
    month_ago: float | None
    quarter_ago: float | None
    detail: str = ""

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
    metric: str
    key: str
    percent: bool
    chart: LineChart = field(default_factory=lambda: line_chart([]))

    @property
    def kind(self) -> str:
        return "percent" if self.percent else "count"


TRENDS = [
    Trend("Projects in flight", "projects_running", "", False),
    Trend("Councils taking part", "councils_taking_part", "", False),
    Trend("Resource coverage", "coverage", "", True),
    Trend(
        "Cashable savings against target", "benefit_progress", "cashable_savings", True
    ),
]


def latest_day(on_or_before: dt.date | None = None) -> dt.date | None:
    """The newest day with figures, on or before the one asked for."""
    days = Snapshot.objects.filter(
        scope=Scope.PROGRAMME, metric="projects_running"
    ).order_by("-date")
    if on_or_before is not None:
        days = days.filter(date__lte=on_or_before)
    return days.values_list("date", flat=True).first()


def first_day() -> dt.date | None:
    return (
        Snapshot.objects.filter(scope=Scope.PROGRAMME, metric="projects_running")
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )


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
        metric__in=[
            "projects_running",
            "projects_stalled",
            "councils_taking_part",
            "population_share",
            "coverage",
            "coverage_people",
            "coverage_money_share",
            "benefit_actual",
            "benefit_target",
            "benefit_progress",
            "projects_in_phase",
        ],
    ).values_list("date", "metric", "key", "value", "computed_at")
    found: dict[tuple, float | None] = {}
    computed = None
    for date, metric, key, value, computed_at in rows:
        found[date, metric, key] = value
        if date == day:
            computed = max(computed, computed_at) if computed else computed_at

    def at(metric: str, key: str = "") -> tuple:
        return tuple(found.get((days[when], metric, key)) for when in days)

    population = found.get((day, "population_share", ""))
    people = found.get((day, "coverage_people", ""))
    money = found.get((day, "coverage_money_share", ""))
    savings = found.get((day, "benefit_actual", "cashable_savings"))
    target = found.get((day, "benefit_target", "cashable_savings"))
    heads = [
        Headline(
            "Projects in flight",
            "count",
            *at("projects_running"),
            detail=_stalled(found.get((day, "projects_stalled", ""))),
        ),
        Headline(
            "Councils taking part",
            "count",
            *at("councils_taking_part"),
            detail=_population(population),
        ),
        Headline(
            "Resource coverage",
            "percent",
            *at("coverage"),
            detail=_coverage(people, money),
        ),
        Headline(
            "Cashable savings against target",
            "percent",
            *at("benefit_progress", "cashable_savings"),
            detail=_savings(savings, target),
        ),
    ]
    funnel = {
        key: value
        for (date, metric, key), value in found.items()
        if date == day and metric == "projects_in_phase"
    }
    return heads, funnel, computed


def _stalled(count: float | None) -> str:
    return "" if count is None else f"{count:.0f} stalled: a pulse missed"


def _population(share: float | None) -> str:
    return "" if share is None else f"covering {share:.0%} of Scotland's population"


def _coverage(people: float | None, money: float | None) -> str:
    parts = []
    if people is not None:
        parts.append(f"people {people:.0%}")
    if money is not None:
        parts.append(f"money {money:.0%}")
    return ", ".join(parts) + (" confirmed" if parts else "")


def _savings(actual: float | None, target: float | None) -> str:
    if target is None:
        return ""
    return f"£{actual or 0:,.0f} of a £{target:,.0f} target"


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
    result = []
    for trend in TRENDS:
        points = series.get((trend.metric, trend.key), [])
        result.append(
            Trend(
                trend.label,
                trend.metric,
                trend.key,
                trend.percent,
                line_chart(points, percent=trend.percent),
            )
        )
    return result


@dataclass
class PortfolioRow:
    portfolio: object
    running: float = 0
    red: float = 0
    amber: float = 0
    green: float = 0
    stalled: float = 0
    coverage: float | None = None


def portfolio_table(portfolios: list, day: dt.date) -> list[PortfolioRow]:
    """Every portfolio by priority, with its projects, RAG and coverage. One query."""
    rows = {p.pk: PortfolioRow(p) for p in portfolios}
    wanted = {
        ("projects_running", ""): "running",
        ("projects_by_rag", "red"): "red",
        ("projects_by_rag", "amber"): "amber",
        ("projects_by_rag", "green"): "green",
        ("projects_stalled", ""): "stalled",
        ("coverage", ""): "coverage",
    }
    for scope_id, metric, key, value in Snapshot.objects.filter(
        scope=Scope.PORTFOLIO,
        date=day,
        metric__in={metric for metric, _ in wanted},
    ).values_list("scope_id", "metric", "key", "value"):
        if scope_id in rows and (metric, key) in wanted:
            setattr(rows[scope_id], wanted[metric, key], value)
    return [rows[p.pk] for p in portfolios]


@dataclass
class GridRow:
    council: object
    cells: list[tuple[float, float]]  # (projects, confirmed person-days) per portfolio

    @property
    def portfolios(self) -> int:
        return sum(1 for projects, _ in self.cells if projects)


def _newest(rows: list[tuple]) -> list[tuple]:
    """Rows of the newest day among them (the first item of each row is its day)."""
    newest = max((row[0] for row in rows), default=None)
    return [row[1:] for row in rows if row[0] == newest]


def participation_grid(councils: list, portfolios: list, days: set[dt.date]) -> list:
    """Each council against each portfolio, on the newest of the days that has
    them (detail figures are kept weekly in older history). One query."""
    cells: dict[tuple[int, str], list[float]] = defaultdict(lambda: [0, 0])
    rows = Snapshot.objects.filter(
        scope=Scope.COUNCIL, date__in=days, metric__in=DETAIL_METRICS
    ).values_list("date", "scope_id", "metric", "key", "value")
    for scope_id, metric, key, value in _newest(list(rows)):
        cells[scope_id, key][metric == "portfolio_confirmed_days"] = value or 0
    return [
        GridRow(c, [tuple(cells[c.pk, str(p.pk)]) for p in portfolios])
        for c in councils
    ]


def stalled_projects(where: Where, days: set[dt.date]) -> list:
    """Projects stalled on the newest of the days (from their own snapshots), in
    the scope. One query."""
    from portfolios.models import Project

    newest = (
        Snapshot.objects.filter(scope=Scope.PROJECT, metric="stalled", date__in=days)
        .order_by("-date")
        .values("date")[:1]
    )
    stalled = Snapshot.objects.filter(
        scope=Scope.PROJECT, metric="stalled", value=1, date=Subquery(newest)
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
    confirmed_days: float | None = None
    confirmed_money: float | None = None
    all_days: float | None = None
    population_share: float | None = None
    trends: list[Trend] = field(default_factory=list)

    @property
    def days_share(self) -> float | None:
        if self.confirmed_days is None or not self.all_days:
            return None
        return self.confirmed_days / self.all_days


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
            Q(scope=Scope.COUNCIL, scope_id=council_id)
            | Q(scope=Scope.PROGRAMME, metric="confirmed_days")
        )
        .filter(
            metric__in=[
                "projects_taking_part",
                "confirmed_days",
                "confirmed_money",
                "population_share",
            ]
        )
        .order_by("date")
        .values_list("scope", "metric", "date", "value")
    )
    series: dict[str, list] = defaultdict(list)
    for scope, metric, date, value in rows:
        name = f"all_{metric}" if scope == Scope.PROGRAMME else metric
        series[name].append((date, value))
        if date == day:
            if name == "all_confirmed_days":
                figures.all_days = value
            elif hasattr(figures, name):
                setattr(figures, name, value)
    figures.trends = [
        Trend(
            "Projects taking part",
            "projects_taking_part",
            "",
            False,
            line_chart(series["projects_taking_part"]),
        ),
        Trend(
            "Person-days confirmed",
            "confirmed_days",
            "",
            False,
            line_chart(series["confirmed_days"]),
        ),
    ]
    return figures
