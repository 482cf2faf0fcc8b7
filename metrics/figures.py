"""The figures of a day, per scope, counted in the database.

Each function reads the facts of a day (`metrics.facts`, and the portfolios app's
rules it is built on), lets the database count and sum them per scope, and returns
plain `Figure`s through the pure formulas (`metrics.formulas`); none writes.

Scopes: each project (all those given, or those asked for), each portfolio and
vision objective (for the ids asked for: every one of their projects must be among
those given), each council, and the programme. The programme's figures are rolled
up from the portfolios' (sums, and ratios of sums) except those that do not add up
(distinct councils, medians), which are counted over every project. So a change to
one project needs only the projects of its portfolio and its objectives counted
afresh, and their coverage is added up from the parts stored for each project.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from councils.models import Council
from heartbeat.models import GateReview, ProjectProduct
from metrics import facts
from metrics.formulas import (
    PROGRAMME,
    CoverageParts,
    Figure,
    as_float,
    benefit_figures,
    coverage_figures,
    median,
    participation_figures,
    programme_figures,
    ratio,
)
from metrics.models import Scope
from metrics.names import Metric
from portfolios.coverage import coverage_by_project
from portfolios.models import (
    Benefit,
    BenefitActual,
    Commitment,
    Participation,
    Portfolio,
    Project,
    VisionObjective,
    is_today,
)
from portfolios.targets import measure_key

DECISIONS = tuple(GateReview.Decision.values)
MEASURES = tuple(m for m in Benefit.Measure.values if m != Benefit.Measure.CUSTOM)

# How a project reaches each scope above it.
SCOPES = (
    (Scope.PORTFOLIO, "portfolio_id"),
    (Scope.OBJECTIVE, "vision_objectives__id"),
)

# The ids of the scopes asked for, by scope; for Scope.PROJECT, None is every
# project given.
type Ids = dict[str, set[int] | None]


def _groupings(ids: Ids) -> list[tuple[str, str]]:
    """Each project, then the scopes asked for, as reached from rows that belong to
    a project."""
    return [
        (Scope.PROJECT, "project_id"),
        *((scope, f"project__{by}") for scope, by in SCOPES if ids[scope]),
    ]


def _wanted(scope: str, scope_id: int | None, ids: Ids) -> bool:
    """Whether a group's figures are asked for. Filtered here, not in SQL: a filter
    across a many-to-many relation joins it afresh and would not narrow the groups."""
    wanted = ids.get(scope)
    return (scope == Scope.PROJECT and wanted is None) or scope_id in (wanted or ())


def _scotland() -> dict:
    return Council.objects.aggregate(people=Sum("population"), councils=Count("pk"))


@dataclass(frozen=True)
class Members:
    """The portfolio and vision objectives of each project given: rows the database
    sums per project are added up the scopes here, in one pass."""

    portfolio: dict[int, int]
    objectives: dict[int, list[int]]

    @classmethod
    def of(cls, projects: QuerySet, ids: Ids) -> "Members":
        objectives: dict[int, list[int]] = defaultdict(list)
        if ids[Scope.OBJECTIVE]:
            tags = Project.vision_objectives.through.objects.filter(
                project__in=projects
            )
            for project_id, objective_id in tags.values_list(
                "project_id", "visionobjective_id"
            ):
                objectives[project_id].append(objective_id)
        return cls(dict(projects.values_list("pk", "portfolio_id")), objectives)

    def scopes(self, project_id: int, ids: Ids) -> Iterator[tuple[str, int]]:
        """The project and the scopes above it, of those asked for."""
        for where in (
            (Scope.PROJECT, project_id),
            (Scope.PORTFOLIO, self.portfolio[project_id]),
            *((Scope.OBJECTIVE, o) for o in self.objectives.get(project_id, ())),
        ):
            if _wanted(*where, ids):
                yield where

    def above(self, ids: Ids) -> set[tuple[str, int]]:
        """The portfolios and objectives asked for: each has its figures, even with
        no project."""
        return {
            (scope, scope_id)
            for scope in (Scope.PORTFOLIO, Scope.OBJECTIVE)
            for scope_id in ids[scope]
        }

    def own(self, ids: Ids) -> set[tuple[str, int]]:
        """The projects whose own figures are asked for."""
        wanted = ids[Scope.PROJECT]
        return {
            (Scope.PROJECT, pk) for pk in (self.portfolio if wanted is None else wanted)
        }


# ---------------------------------------------------------------------------------
# Progress


def progress(
    projects: QuerySet, running: QuerySet, day: dt.date, ids: Ids
) -> Iterator[Figure]:
    """Projects in flight, by phase and by RAG status, and those stalled; gate
    decisions in the last 30 days; median days in each phase. `running` is
    facts.in_flight(projects, day)."""
    scopes = [s for s in SCOPES if ids[s[0]]]
    numbers = facts.phase_numbers()
    silent = projects.stalled(day)
    for scope, by in scopes:
        # One grouped count per scope; the figures are sums of its groups.
        counts: dict[tuple, float] = defaultdict(float)
        for group in (
            running.order_by()
            .values(by, "phase_at", "rag_at")
            .annotate(n=Count("pk", distinct=True))
        ):
            if not _wanted(scope, group[by], ids):
                continue
            scope_id, n = group[by], group["n"]
            counts[Metric.PROJECTS_RUNNING, scope_id, ""] += n
            counts[
                Metric.PROJECTS_IN_PHASE, scope_id, str(numbers[group["phase_at"]])
            ] += n
            counts[Metric.PROJECTS_BY_RAG, scope_id, group["rag_at"]] += n
        for group in (
            silent.order_by().values(by).annotate(n=Count("pk", distinct=True))
        ):
            if _wanted(scope, group[by], ids):
                counts[Metric.PROJECTS_STALLED, group[by], ""] += group["n"]
        for scope_id in sorted(ids[scope]):
            # A zero where there is none, so that a figure falling to nothing says so.
            for metric, keys in (
                (Metric.PROJECTS_RUNNING, [""]),
                (Metric.PROJECTS_STALLED, [""]),
                (Metric.PROJECTS_IN_PHASE, [str(n) for n in sorted(numbers.values())]),
                (Metric.PROJECTS_BY_RAG, facts.RAGS),
            ):
                for key in keys:
                    yield Figure(
                        metric, scope, scope_id, counts[metric, scope_id, key], key
                    )
    yield from gate_decisions(projects, day, ids)
    for scope, by in scopes:
        yield from median_days_in_phase(running, day, scope, by, ids[scope], numbers)


def gate_decisions(projects: QuerySet, day: dt.date, ids: Ids) -> Iterator[Figure]:
    """Gate decisions of the 30 days to the day, by decision."""
    reviews = GateReview.objects.filter(
        project__in=projects,
        decided_on__gt=day - dt.timedelta(days=30),
        decided_on__lte=day,
    )
    for scope, by in SCOPES:
        if not ids[scope]:
            continue
        field = f"project__{by}"
        counted = {
            (row[field], row["decision"]): row["n"]
            for row in reviews.order_by()
            .values(field, "decision")
            .annotate(n=Count("pk", distinct=True))
        }
        for scope_id in sorted(ids[scope]):
            for decision in DECISIONS:
                yield Figure(
                    Metric.GATE_DECISIONS_30D,
                    scope,
                    scope_id,
                    counted.get((scope_id, decision), 0),
                    decision,
                )


def median_days_in_phase(
    running: QuerySet,
    day: dt.date,
    scope: str,
    by: str | None,
    wanted: set[int],
    numbers: dict[int, int],
) -> Iterator[Figure]:
    """The median number of days the projects in flight have spent in their phase.

    The database ranks the projects of each group and returns only the one or two in
    the middle; the median is theirs.
    """
    partition = [F("phase_at"), *([F(by)] if by else [])]
    middle = (
        running.annotate(
            scope_key=F(by) if by else Value(PROGRAMME),
            rank=Window(RowNumber(), partition_by=partition, order_by=F("entered_at")),
            size=Window(Count("pk"), partition_by=partition),
        )
        .filter(Q(rank=(F("size") + 1) / 2) | Q(rank=(F("size") + 2) / 2))
        .values_list("scope_key", "phase_at", "entered_at")
    )
    days: dict[tuple[int, int], list[int]] = defaultdict(list)
    for scope_id, phase_id, entered in middle:
        if scope_id in wanted:  # not None: a project with no vision objective
            days[scope_id, phase_id].append((day - entered).days)
    for (scope_id, phase_id), values in sorted(days.items()):
        yield Figure(
            Metric.MEDIAN_DAYS_IN_PHASE,
            scope,
            scope_id,
            median(values),
            str(numbers[phase_id]),
        )


def products_delivered(running: QuerySet, ids: Ids) -> Iterator[Figure]:
    """Expected products delivered, of those still needed, per project and scope."""
    products = ProjectProduct.objects.filter(project__in=running.values("pk")).exclude(
        status=ProjectProduct.Status.NOT_NEEDED
    )
    delivered = Q(status=ProjectProduct.Status.DELIVERED)
    for scope, by in _groupings(ids):
        rows = (
            products.order_by()
            .values(by)
            .annotate(top=Count("pk", filter=delivered), bottom=Count("pk"))
        )
        for row in rows:
            if not _wanted(scope, row[by], ids):
                continue
            if scope != Scope.PROJECT:  # the parts the programme's share is made of
                yield Figure(Metric.PRODUCTS_DELIVERED, scope, row[by], row["top"])
                yield Figure(Metric.PRODUCTS_EXPECTED, scope, row[by], row["bottom"])
            yield Figure(
                Metric.PRODUCTS_DELIVERED_SHARE,
                scope,
                row[by],
                ratio(row["top"], row["bottom"]),
            )


def project_figures(projects: QuerySet, day: dt.date) -> Iterator[Figure]:
    """Each project in flight: its phase, days in it, RAG status (red 1, amber 2,
    green 3) and whether it is stalled, as on the day: what the dashboard lists."""
    for fact in facts.project_facts(projects, day):
        project = (Scope.PROJECT, fact.project_id)
        yield Figure(Metric.PHASE, *project, fact.phase)
        yield Figure(Metric.DAYS_IN_PHASE, *project, fact.days_in_phase)
        yield Figure(Metric.RAG, *project, facts.RAGS.index(fact.rag) + 1)
        yield Figure(Metric.STALLED, *project, int(fact.stalled))


# ---------------------------------------------------------------------------------
# Participation, coverage and commitments


def participation(
    projects: QuerySet, day: dt.date, ids: Ids, members: Members
) -> Iterator[Figure]:
    """Councils taking part on the day, their share of the 32 and of Scotland's
    population; per project, portfolio and vision objective."""
    scotland = _scotland()
    councils: dict[tuple[str, int], dict[int, int]] = defaultdict(dict)
    for project_id, council_id, population in (
        Participation.objects.active(day)
        .filter(project__in=projects)
        .values_list("project_id", "council_id", "council__population")
    ):
        for where in members.scopes(project_id, ids):
            councils[where][council_id] = population
    for scope, scope_id in sorted(councils.keys() | members.above(ids)):
        yield from participation_figures(
            scope,
            scope_id,
            list(councils[scope, scope_id].values()),
            councils=scotland["councils"],
            people=scotland["people"],
        )


def programme_participation(day: dt.date) -> list[Figure]:
    """Distinct councils across the whole programme (they do not add up)."""
    scotland = _scotland()
    populations = list(
        Council.objects.filter(
            pk__in=Participation.objects.active(day).values("council_id")
        ).values_list("population", flat=True)
    )
    return participation_figures(
        Scope.PROGRAMME,
        PROGRAMME,
        populations,
        councils=scotland["councils"],
        people=scotland["people"],
    )


def coverage(
    running: QuerySet,
    day: dt.date,
    ids: Ids,
    members: Members,
    known: Mapping[int, CoverageParts] | None = None,
) -> Iterator[Figure]:
    """Commitments against needs (portfolios.coverage, the one rule), per project in
    flight, then its parts summed up the scopes. The parts of the projects in `known`
    are taken as given (stored today, and unchanged since)."""
    known = known or {}
    flying = list(running.values_list("pk", flat=True))
    # Today's coverage reads each commitment's status; a past day's, its dates.
    fresh = coverage_by_project(
        [pk for pk in flying if pk not in known],
        None if is_today(day) else day,
    )
    parts: dict[tuple[str, int], CoverageParts] = defaultdict(CoverageParts)
    for where in members.above(ids):  # each has its figures, even with no project
        parts[where] = CoverageParts()
    for project_id in flying:
        mine = known.get(project_id) or CoverageParts.of(fresh[project_id])
        for where in members.scopes(project_id, ids):
            parts[where] += mine
    for (scope, scope_id), summed in sorted(parts.items()):
        yield from coverage_figures(scope, scope_id, summed)


def committed(
    projects: QuerySet, day: dt.date, ids: Ids, members: Members
) -> Iterator[Figure]:
    """Person-days and money committed (confirmed or fulfilled on the day) to the
    projects, whatever their state, per project, portfolio and vision objective."""
    sums: dict[tuple[str, int], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for project_id, days, money in (
        Commitment.objects.counted(day)
        .filter(project__in=projects)
        .order_by()
        .values("project_id")
        .annotate(days=Sum("person_days"), money=Sum("amount"))
        .values_list("project_id", "days", "money")
    ):
        for where in members.scopes(project_id, ids):
            sums[where][0] += float(days or 0)
            sums[where][1] += float(money or 0)
    for scope, scope_id in sorted(members.own(ids) | members.above(ids)):
        days, money = sums.get((scope, scope_id), (0.0, 0.0))
        yield Figure(Metric.COMMITTED_DAYS, scope, scope_id, days)
        yield Figure(Metric.COMMITTED_MONEY, scope, scope_id, money)


def council_figures(day: dt.date, chosen: set[int] | None) -> Iterator[Figure]:
    """Per council (all when `chosen` is None): the projects it takes part in, what
    it has committed to any project and its share of Scotland's population; and the
    participation grid. A council's share of all that is committed is its figure
    over the programme's, divided where it is shown: so a change to one council's
    commitments leaves no other council's share out of date."""
    rows = Council.objects.all()
    if chosen is not None:
        rows = rows.filter(pk__in=chosen)
    counted = Commitment.objects.counted(day).filter(council__in=rows)
    taking_part = Participation.objects.active(day).filter(council__in=rows)
    scotland = _scotland()["people"]
    sums = {
        row["council_id"]: row
        for row in counted.order_by()
        .values("council_id")
        .annotate(days=Sum("person_days"), money=Sum("amount"))
    }
    projects = {
        row["council_id"]: row["n"]
        for row in taking_part.order_by()
        .values("council_id")
        .annotate(n=Count("project", distinct=True))
    }
    for council_id, population in rows.values_list("pk", "population"):
        mine = sums.get(council_id, {})
        council = (Scope.COUNCIL, council_id)
        yield Figure(Metric.PROJECTS_TAKING_PART, *council, projects.get(council_id, 0))
        yield Figure(Metric.COMMITTED_DAYS, *council, float(mine.get("days") or 0))
        yield Figure(Metric.COMMITTED_MONEY, *council, float(mine.get("money") or 0))
        yield Figure(Metric.POPULATION_SHARE, *council, ratio(population, scotland))
    yield from participation_grid(taking_part, counted)


def participation_grid(taking_part: QuerySet, counted: QuerySet) -> Iterator[Figure]:
    """Each council against each portfolio: the projects it takes part in and the
    person-days it has committed to them, keyed by the portfolio's id (only where
    there are any). A council's row adds up to its own figures."""
    cells: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0, 0])
    for row in (
        taking_part.order_by()
        .values("council_id", "project__portfolio_id")
        .annotate(n=Count("project", distinct=True))
    ):
        cells[row["council_id"], row["project__portfolio_id"]][0] = row["n"]
    for row in (
        counted.order_by()
        .values("council_id", "project__portfolio_id")
        .annotate(days=Sum("person_days"))
    ):
        if row["days"]:
            cells[row["council_id"], row["project__portfolio_id"]][1] = row["days"]
    for (council_id, portfolio_id), (projects, days) in sorted(cells.items()):
        key = str(portfolio_id)
        council = (Scope.COUNCIL, council_id)
        yield Figure(Metric.GRID_PROJECTS, *council, projects, key)
        yield Figure(Metric.GRID_COMMITTED_DAYS, *council, float(days), key)


# ---------------------------------------------------------------------------------
# Impact


def benefits(projects: QuerySet, day: dt.date, ids: Ids) -> Iterator[Figure]:
    """Benefits of the projects started by the day: the latest actual on or before
    it, against the target, summed by measure. Measures of the projects' own naming
    are summed by name for the project and its portfolio (whose targets may name
    one), not above it, where names chosen apart would not add up."""
    latest = BenefitActual.objects.filter(
        benefit=OuterRef("pk"), measured_on__lte=day
    ).order_by("-measured_on")
    rows = Benefit.objects.filter(
        project__in=projects.filter(start_date__lte=day)
    ).annotate(actual=Subquery(latest.values("value")[:1]))
    for scope, by in _groupings(ids):
        named = scope in (Scope.PROJECT, Scope.PORTFOLIO)
        grouped = rows if named else rows.filter(measure__in=MEASURES)
        fields = [by, "measure", *(["custom_name"] if named else [])]
        for row in (
            grouped.order_by()
            .values(*fields)
            .annotate(
                actual=Sum("actual"), target=Sum("target"), baseline=Sum("baseline")
            )
        ):
            if not _wanted(scope, row[by], ids):
                continue
            key = measure_key(row["measure"], row.get("custom_name") or "")
            yield from benefit_figures(
                scope,
                row[by],
                key,
                as_float(row["actual"]),
                as_float(row["target"]),
                as_float(row["baseline"]),
            )


# ---------------------------------------------------------------------------------
# A day's figures


def scoped_figures(
    day: dt.date,
    projects: QuerySet,
    *,
    portfolios: set[int],
    objectives: set[int],
    councils: set[int] | None,
    own: set[int] | None = None,
    known: Mapping[int, CoverageParts] | None = None,
) -> list[Figure]:
    """The figures of the given projects (only of those in `own` when given), of the
    portfolios and objectives asked for (all of whose projects are among those
    given), and of the councils asked for (all when None). `known`: coverage parts
    of projects not to compute again."""
    ids = {Scope.PORTFOLIO: portfolios, Scope.OBJECTIVE: objectives, Scope.PROJECT: own}
    running = facts.in_flight(projects, day)
    mine = projects if own is None else projects.filter(pk__in=own)
    members = Members.of(projects, ids)
    return [
        *progress(projects, running, day, ids),
        *products_delivered(running, ids),
        *participation(projects, day, ids, members),
        *coverage(running, day, ids, members, known),
        *committed(projects, day, ids, members),
        *benefits(projects, day, ids),
        *project_figures(mine, day),
        *council_figures(day, councils),
    ]


def programme(day: dt.date, portfolio_figures: Iterable[Figure]) -> list[Figure]:
    """The programme's figures: rolled up from every portfolio's, and those that do
    not add up counted over every project."""
    running = facts.in_flight(Project.objects.all(), day)
    return [
        *programme_figures(portfolio_figures),
        *programme_participation(day),
        *median_days_in_phase(
            running, day, Scope.PROGRAMME, None, {PROGRAMME}, facts.phase_numbers()
        ),
    ]


def day_figures(day: dt.date | None = None) -> list[Figure]:
    """Every figure of the day, for every scope."""
    day = day or timezone.localdate()
    figures = scoped_figures(
        day,
        Project.objects.all(),
        portfolios=set(Portfolio.objects.values_list("pk", flat=True)),
        objectives=set(VisionObjective.objects.values_list("pk", flat=True)),
        councils=None,
    )
    portfolio_figures = [f for f in figures if f.scope == Scope.PORTFOLIO]
    return figures + programme(day, portfolio_figures)
