"""The programme's metrics, as they stood on a given day.

Each formula is a pure function of querysets and a date: it reads, aggregates in the
database, and returns plain `Figure`s; it writes nothing. Facts that change over time
are read as they were on the day: a project's phase from its gate reviews, its RAG
status from its pulses, a commitment's status from the dates it was proposed,
confirmed and ended, a benefit from its latest actual. Product statuses have no dates
of their own, so they are read as they are now, for the projects running on the day.

Figures are computed for projects, portfolios, vision objectives and councils from
the projects given; the programme's figures are then rolled up from the portfolios'
(sums, and ratios of sums), except the few that do not add up (distinct councils,
medians), which are computed over every project. So one change to a project needs
only its portfolio's projects computed afresh.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    DateField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Lower, RowNumber, Trim

from councils.models import Council
from heartbeat.models import GateReview, Phase, ProjectProduct, Pulse
from metrics.models import Scope
from portfolios.coverage import coverage
from portfolios.models import (
    Benefit,
    BenefitActual,
    Commitment,
    Participation,
    Project,
    ResourceNeed,
)

PROGRAMME = 0
RAGS = ("red", "amber", "green")
DECISIONS = tuple(GateReview.Decision.values)
MEASURES = tuple(m for m in Benefit.Measure.values if m != Benefit.Measure.CUSTOM)

# Figures whose programme value is the sum of the portfolios' values.
ADDITIVE = {
    "projects_running",
    "projects_in_phase",
    "projects_by_rag",
    "projects_stalled",
    "gate_decisions_30d",
    "products_delivered",
    "products_expected",
    "coverage_days",
    "coverage_days_needed",
    "coverage_money",
    "coverage_money_needed",
    "benefit_actual",
    "benefit_target",
    "benefit_baseline",
}


@dataclass(frozen=True)
class Figure:
    metric: str
    scope: str
    scope_id: int
    value: float | None
    key: str = ""


def _ratio(top: float | Decimal | None, bottom: float | Decimal | None) -> float | None:
    return float(top or 0) / float(bottom) if bottom else None


# ---------------------------------------------------------------------------------
# Facts as they were on a day


def running_on(projects: QuerySet, day: dt.date) -> QuerySet:
    """Projects started by the day and not closed on it, with their phase, the day
    they entered it, their RAG status and their last pulse, all as on that day."""
    moves = (
        GateReview.objects.filter(project=OuterRef("pk"), decided_on__lte=day)
        .exclude(to_phase=F("phase"))
        .order_by("-decided_on", "-pk")
    )
    first_review = GateReview.objects.filter(project=OuterRef("pk")).order_by(
        "decided_on", "pk"
    )
    pulses = Pulse.objects.filter(
        project=OuterRef("pk"), reported_on__lte=day
    ).order_by("-reported_on", "-pk")
    return (
        projects.filter(start_date__lte=day)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .annotate(
            phase_at=Coalesce(
                Subquery(moves.values("to_phase_id")[:1]),
                Subquery(first_review.values("phase_id")[:1]),
                F("phase_id"),
                output_field=BigIntegerField(),
            ),
            entered_at=Coalesce(
                Subquery(moves.values("decided_on")[:1]),
                F("start_date"),
                output_field=DateField(),
            ),
            rag_at=Coalesce(
                Subquery(pulses.values("rag_status")[:1]),
                F("rag_status"),
                output_field=CharField(),
            ),
            pulse_at=Coalesce(
                Subquery(pulses.values("reported_on")[:1]),
                F("start_date"),
                output_field=DateField(),
            ),
        )
    )


def commitment_status_on(day: dt.date) -> Case:
    """A commitment's status as it was on the day (None before it was proposed)."""
    return Case(
        When(proposed_on__gt=day, then=Value(None)),
        When(ended_on__lte=day, then=F("status")),
        When(confirmed_on__lte=day, then=Value(Commitment.Status.CONFIRMED)),
        default=Value(Commitment.Status.PROPOSED),
        output_field=CharField(),
    )


def commitments_on(day: dt.date) -> QuerySet:
    """Commitments that stood on the day, proposed or confirmed (fulfilled ones were
    confirmed and still count), with their status then as `status_on`."""
    return Commitment.objects.annotate(status_on=commitment_status_on(day)).filter(
        status_on__in=[*Commitment.ACTIVE, Commitment.Status.FULFILLED]
    )


def participations_on(day: dt.date) -> QuerySet:
    """Councils taking part on the day in projects running on the day."""
    return Participation.objects.filter(
        joined_on__lte=day, project__start_date__lte=day
    ).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=day),
        Q(project__closed_on__isnull=True) | Q(project__closed_on__gt=day),
    )


# ---------------------------------------------------------------------------------
# Counting by scope


SCOPES = (
    (Scope.PORTFOLIO, "portfolio_id"),
    (Scope.OBJECTIVE, "vision_objectives__id"),
)


def _counts(
    rows: QuerySet,
    metric: str,
    *,
    scopes: Iterable[tuple[str, str]],
    ids: dict[str, set[int]],
    key: str | None = None,
    keys: Iterable = (None,),
) -> Iterator[Figure]:
    """A count per scope (and per key), with a zero where there is none, so that a
    figure that falls to nothing says so."""
    keys = list(keys)
    for scope, by in scopes:
        fields = [by, key] if key else [by]
        counted = {
            tuple(row[f] for f in fields): row["n"]
            for row in rows.order_by()
            .values(*fields)
            .annotate(n=Count("pk", distinct=True))
        }
        for scope_id in sorted(ids[scope]):
            for k in keys:
                n = counted.get((scope_id, k) if key else (scope_id,), 0)
                yield Figure(metric, scope, scope_id, n, "" if k is None else str(k))


def progress(
    projects: QuerySet, running: QuerySet, day: dt.date, ids: dict[str, set[int]]
) -> Iterator[Figure]:
    """Projects running, by phase, by RAG status, stalled; gate decisions in the
    last 30 days; median days in each phase. `running` is running_on(projects)."""
    scopes = [s for s in SCOPES if ids[s[0]]]
    numbers = dict(Phase.objects.values_list("pk", "number"))
    cutoff = day - dt.timedelta(days=settings.HEARTBEAT_PULSE_INTERVAL_DAYS)
    for scope, by in scopes:
        # One grouped count per scope; the figures are sums of its groups.
        groups = (
            running.order_by()
            .values(by, "phase_at", "rag_at")
            .annotate(
                n=Count("pk", distinct=True),
                stalled=Count("pk", distinct=True, filter=Q(pulse_at__lt=cutoff)),
            )
        )
        counts: dict[tuple, float] = defaultdict(float)
        for group in groups:
            if group[by] not in ids[scope]:
                continue  # see products_delivered
            scope_id = group[by]
            counts["projects_running", scope_id, ""] += group["n"]
            counts["projects_stalled", scope_id, ""] += group["stalled"]
            phase = str(numbers[group["phase_at"]])
            counts["projects_in_phase", scope_id, phase] += group["n"]
            counts["projects_by_rag", scope_id, group["rag_at"]] += group["n"]
        for scope_id in sorted(ids[scope]):
            # A zero where there is none, so that a figure falling to nothing says so.
            for metric, keys in (
                ("projects_running", [""]),
                ("projects_stalled", [""]),
                ("projects_in_phase", [str(n) for n in sorted(numbers.values())]),
                ("projects_by_rag", RAGS),
            ):
                for key in keys:
                    value = counts[metric, scope_id, key]
                    yield Figure(metric, scope, scope_id, value, key)
    reviews = GateReview.objects.filter(
        project__in=projects,
        decided_on__gt=day - dt.timedelta(days=30),
        decided_on__lte=day,
    )
    yield from _counts(
        reviews,
        "gate_decisions_30d",
        scopes=[(scope, f"project__{by}") for scope, by in scopes],
        ids=ids,
        key="decision",
        keys=DECISIONS,
    )
    for scope, by in scopes:
        yield from median_days_in_phase(running, day, scope, by, ids[scope], numbers)


def median_days_in_phase(
    running: QuerySet,
    day: dt.date,
    scope: str,
    by: str | None,
    wanted: set[int],
    numbers: dict[int, int],
) -> Iterator[Figure]:
    """The median number of days the running projects have spent in their phase.

    The database ranks the projects of each group and returns only the one or two in
    the middle; their mean is the median.
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
            "median_days_in_phase",
            scope,
            scope_id,
            sum(values) / len(values),
            str(numbers[phase_id]),
        )


# ---------------------------------------------------------------------------------
# Products


def products_delivered(running: QuerySet, ids: dict[str, set[int]]) -> Iterator[Figure]:
    """Expected products delivered, of those still needed, per project and scope."""
    products = ProjectProduct.objects.filter(project__in=running.values("pk")).exclude(
        status=ProjectProduct.Status.NOT_NEEDED
    )
    delivered = Q(status=ProjectProduct.Status.DELIVERED)
    groupings = [
        (Scope.PROJECT, "project_id"),
        *((scope, f"project__{by}") for scope, by in SCOPES if ids[scope]),
    ]
    for scope, by in groupings:
        rows = (
            products.order_by()
            .values(by)
            .annotate(top=Count("pk", filter=delivered), bottom=Count("pk"))
        )
        for row in rows:
            # Filtered here, not in SQL: a filter across a many-to-many relation
            # joins it afresh and would not narrow the groups.
            if scope != Scope.PROJECT and row[by] not in ids[scope]:
                continue
            if scope != Scope.PROJECT:  # the parts the programme's share is made of
                yield Figure("products_delivered", scope, row[by], row["top"])
                yield Figure("products_expected", scope, row[by], row["bottom"])
            yield Figure(
                "products_delivered_share",
                scope,
                row[by],
                _ratio(row["top"], row["bottom"]),
            )


# ---------------------------------------------------------------------------------
# Participation and coverage


def _council_figures(
    scope: str, scope_id: int, populations: list[int], scotland: dict
) -> Iterator[Figure]:
    yield Figure("councils_taking_part", scope, scope_id, len(populations))
    yield Figure(
        "councils_share",
        scope,
        scope_id,
        _ratio(len(populations), scotland["councils"]),
    )
    yield Figure(
        "population_share",
        scope,
        scope_id,
        _ratio(sum(populations), scotland["people"]),
    )


def participation(
    projects: QuerySet, day: dt.date, ids: dict[str, set[int]]
) -> Iterator[Figure]:
    """Councils taking part: how many, their share of the 32 and of Scotland's
    population; per project, portfolio and vision objective."""
    scotland = Council.objects.aggregate(people=Sum("population"), councils=Count("pk"))
    taking_part = participations_on(day).filter(project__in=projects)
    groupings = [
        (Scope.PROJECT, "project_id"),
        *((scope, f"project__{by}") for scope, by in SCOPES if ids[scope]),
    ]
    for scope, by in groupings:
        councils: dict[int, list[int]] = defaultdict(list)
        for row in (
            taking_part.order_by()
            .values(by, "council_id", "council__population")
            .distinct()
        ):
            if scope == Scope.PROJECT or row[by] in ids[scope]:  # see products
                councils[row[by]].append(row["council__population"])
        for scope_id in councils.keys() | (
            ids[scope] if scope != Scope.PROJECT else set()
        ):
            yield from _council_figures(scope, scope_id, councils[scope_id], scotland)


def programme_participation(day: dt.date) -> Iterator[Figure]:
    """Distinct councils across the whole programme (they do not add up)."""
    scotland = Council.objects.aggregate(people=Sum("population"), councils=Count("pk"))
    populations = list(
        Council.objects.filter(
            pk__in=participations_on(day).values("council_id")
        ).values_list("population", flat=True)
    )
    yield from _council_figures(Scope.PROGRAMME, PROGRAMME, populations, scotland)


def role_norm() -> Lower:
    return Lower(Trim("role"))


def coverage_figures(
    running: QuerySet, day: dt.date, ids: dict[str, set[int]]
) -> Iterator[Figure]:
    """Commitments against needs, per project, then summed up the scopes.

    The database sums needs and commitments by project and role; the coverage
    formula (portfolios.coverage) combines the sums of each project.
    """
    running = list(running.values_list("pk", "portfolio_id"))
    project_ids = [pk for pk, _ in running]
    needs = (
        ResourceNeed.objects.filter(project__in=project_ids)
        .order_by()
        .values("project_id", role_key=role_norm())
        .annotate(person_days=Sum("person_days"), amount=Sum("amount"))
    )
    offers = (
        commitments_on(day)
        .filter(project__in=project_ids)
        .order_by()
        .values("project_id", "kind", "status_on", role_key=role_norm())
        .annotate(person_days=Sum("person_days"), amount=Sum("amount"))
    )
    rows: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    for row in needs:
        rows[row["project_id"]][0].append({**row, "role": row["role_key"]})
    for row in offers:
        status = "proposed" if row["status_on"] == "proposed" else "confirmed"
        rows[row["project_id"]][1].append(
            {**row, "role": row["role_key"], "status": status}
        )
    objectives: dict[int, list[int]] = defaultdict(list)
    if ids[Scope.OBJECTIVE]:
        through = Project.vision_objectives.through.objects.filter(
            project__in=project_ids
        )
        for project_id, objective_id in through.values_list(
            "project_id", "visionobjective_id"
        ):
            objectives[project_id].append(objective_id)
    sums: dict[tuple[str, int], list] = defaultdict(
        lambda: [0, 0, Decimal(0), Decimal(0)]
    )
    for project_id, portfolio_id in running:
        result = coverage(*rows[project_id])
        parts = (
            result.useful_confirmed_days,
            result.needed_days,
            min(result.confirmed_amount, result.needed_amount),
            result.needed_amount,
        )
        targets = [(Scope.PROJECT, project_id)]
        if portfolio_id in ids[Scope.PORTFOLIO]:
            targets.append((Scope.PORTFOLIO, portfolio_id))
        targets += [
            (Scope.OBJECTIVE, o)
            for o in objectives[project_id]
            if o in ids[Scope.OBJECTIVE]
        ]
        for target in targets:
            for index, part in enumerate(parts):
                sums[target][index] += part
    for scope in (Scope.PORTFOLIO, Scope.OBJECTIVE):
        for scope_id in ids[scope]:
            sums[scope, scope_id]  # a scope with no project still gets its figures
    for (scope, scope_id), parts in sums.items():
        yield from coverage_from_parts(scope, scope_id, *parts)


def coverage_from_parts(
    scope: str,
    scope_id: int,
    days: float,
    days_needed: float,
    money: float | Decimal,
    money_needed: float | Decimal,
) -> Iterator[Figure]:
    if scope != Scope.PROJECT:  # the parts the programme's coverage is made of
        yield Figure("coverage_days", scope, scope_id, days)
        yield Figure("coverage_days_needed", scope, scope_id, days_needed)
        yield Figure("coverage_money", scope, scope_id, float(money))
        yield Figure("coverage_money_needed", scope, scope_id, float(money_needed))
    people, money_share = _ratio(days, days_needed), _ratio(money, money_needed)
    parts = [p for p in (people, money_share) if p is not None]
    yield Figure("coverage_people", scope, scope_id, people)
    yield Figure("coverage_money_share", scope, scope_id, money_share)
    yield Figure(
        "coverage", scope, scope_id, sum(parts) / len(parts) if parts else None
    )


def council_figures(day: dt.date, councils: set[int] | None) -> Iterator[Figure]:
    """Per council: projects it takes part in, what it has confirmed and its share of
    Scotland's population; and what all councils have confirmed, for the programme.

    A council's share of all confirmed commitments is its figure over the
    programme's, divided where it is shown: so a change to one council's
    commitments leaves no other council's share out of date.
    """
    chosen = Council.objects.all()
    if councils is not None:
        chosen = chosen.filter(pk__in=councils)
    confirmed = commitments_on(day).exclude(status_on=Commitment.Status.PROPOSED)
    everyone = confirmed.aggregate(days=Sum("person_days"), money=Sum("amount"))
    yield Figure("confirmed_days", Scope.PROGRAMME, PROGRAMME, everyone["days"] or 0)
    yield Figure(
        "confirmed_money", Scope.PROGRAMME, PROGRAMME, float(everyone["money"] or 0)
    )
    scotland = Council.objects.aggregate(people=Sum("population"))["people"]
    per_council = {
        row["council_id"]: row
        for row in confirmed.filter(council__in=chosen)
        .order_by()
        .values("council_id")
        .annotate(days=Sum("person_days"), money=Sum("amount"))
    }
    projects = {
        row["council_id"]: row["n"]
        for row in participations_on(day)
        .filter(council__in=chosen)
        .order_by()
        .values("council_id")
        .annotate(n=Count("project", distinct=True))
    }
    for council_id, population in chosen.values_list("pk", "population"):
        mine = per_council.get(council_id, {})
        council = (Scope.COUNCIL, council_id)
        yield Figure("projects_taking_part", *council, projects.get(council_id, 0))
        yield Figure("confirmed_days", *council, mine.get("days") or 0)
        yield Figure("confirmed_money", *council, float(mine.get("money") or 0))
        yield Figure("population_share", *council, _ratio(population, scotland))
    yield from participation_grid(day, chosen, confirmed)


def participation_grid(
    day: dt.date, councils: QuerySet, confirmed: QuerySet
) -> Iterator[Figure]:
    """Each council against each portfolio: the projects it takes part in and the
    person-days it has confirmed, keyed by portfolio id (only where there are any)."""
    cells: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0, 0])
    for row in (
        participations_on(day)
        .filter(council__in=councils)
        .order_by()
        .values("council_id", "project__portfolio_id")
        .annotate(n=Count("project", distinct=True))
    ):
        cells[row["council_id"], row["project__portfolio_id"]][0] = row["n"]
    for row in (
        confirmed.filter(council__in=councils)
        .order_by()
        .values("council_id", "project__portfolio_id")
        .annotate(days=Sum("person_days"))
    ):
        cells[row["council_id"], row["project__portfolio_id"]][1] = row["days"] or 0
    for (council_id, portfolio_id), (projects, days) in sorted(cells.items()):
        key = str(portfolio_id)
        yield Figure("portfolio_projects", Scope.COUNCIL, council_id, projects, key)
        yield Figure("portfolio_confirmed_days", Scope.COUNCIL, council_id, days, key)


# ---------------------------------------------------------------------------------
# Impact


def benefits(
    projects: QuerySet, day: dt.date, ids: dict[str, set[int]]
) -> Iterator[Figure]:
    """Benefits: the latest actual on or before the day, against the target, summed by
    measure (a project's own named measures only for the project)."""
    latest = BenefitActual.objects.filter(
        benefit=OuterRef("pk"), measured_on__lte=day
    ).order_by("-measured_on")
    rows = Benefit.objects.filter(
        project__in=projects.filter(start_date__lte=day)
    ).annotate(actual=Subquery(latest.values("value")[:1]))
    groupings = [
        (Scope.PROJECT, "project_id"),
        *((scope, f"project__{by}") for scope, by in SCOPES if ids[scope]),
    ]
    for scope, by in groupings:
        grouped = rows if scope == Scope.PROJECT else rows.filter(measure__in=MEASURES)
        fields = [by, "measure", *(["custom_name"] if scope == Scope.PROJECT else [])]
        for row in (
            grouped.order_by()
            .values(*fields)
            .annotate(
                actual=Sum("actual"), target=Sum("target"), baseline=Sum("baseline")
            )
        ):
            if scope != Scope.PROJECT and row[by] not in ids[scope]:
                continue  # see products
            key = row["measure"]
            if row.get("custom_name"):
                key = f"custom:{row['custom_name']}"[:60]
            yield from benefit_from_parts(
                scope, row[by], key, row["actual"], row["target"], row["baseline"]
            )


def benefit_from_parts(
    scope: str,
    scope_id: int,
    key: str,
    actual: float | Decimal | None,
    target: float | Decimal | None,
    baseline: float | Decimal | None,
) -> Iterator[Figure]:
    baseline = baseline or 0
    yield Figure("benefit_actual", scope, scope_id, _float(actual), key)
    yield Figure("benefit_target", scope, scope_id, _float(target), key)
    if scope != Scope.PROJECT:  # a part of the programme's progress
        yield Figure("benefit_baseline", scope, scope_id, _float(baseline), key)
    progress = (
        _ratio(float(actual) - float(baseline), float(target) - float(baseline))
        if actual is not None and target is not None
        else None
    )
    yield Figure("benefit_progress", scope, scope_id, progress, key)


def _float(value: float | Decimal | None) -> float | None:
    return None if value is None else float(value)


# ---------------------------------------------------------------------------------
# Projects on their own


def project_figures(running: QuerySet, day: dt.date) -> Iterator[Figure]:
    """A running project's phase, days in it, RAG status (red 1, amber 2, green 3)
    and whether it is stalled, as on the day: what the dashboard lists."""
    numbers = dict(Phase.objects.values_list("pk", "number"))
    cutoff = day - dt.timedelta(days=settings.HEARTBEAT_PULSE_INTERVAL_DAYS)
    for pk, phase_id, entered, rag, pulse in running.values_list(
        "pk", "phase_at", "entered_at", "rag_at", "pulse_at"
    ):
        yield Figure("phase", Scope.PROJECT, pk, numbers[phase_id])
        yield Figure("days_in_phase", Scope.PROJECT, pk, (day - entered).days)
        yield Figure("rag", Scope.PROJECT, pk, RAGS.index(rag) + 1)
        yield Figure("stalled", Scope.PROJECT, pk, int(pulse < cutoff))


# ---------------------------------------------------------------------------------
# The programme, rolled up


def programme_figures(
    day: dt.date, portfolio_figures: Iterable[Figure]
) -> list[Figure]:
    """The programme's figures: sums of the portfolios' additive figures, ratios of
    those sums, and the figures that do not add up, computed over every project."""
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for figure in portfolio_figures:
        if figure.metric in ADDITIVE and figure.value is not None:
            totals[figure.metric, figure.key] += figure.value
    # Coverage and benefit parts come out of their own functions below.
    figures = [
        Figure(metric, Scope.PROGRAMME, PROGRAMME, value, key)
        for (metric, key), value in totals.items()
        if not metric.startswith(("benefit_", "coverage_"))
    ]
    products = (totals["products_delivered", ""], totals["products_expected", ""])
    figures.append(
        Figure(
            "products_delivered_share", Scope.PROGRAMME, PROGRAMME, _ratio(*products)
        )
    )
    figures += coverage_from_parts(
        Scope.PROGRAMME,
        PROGRAMME,
        totals["coverage_days", ""],
        totals["coverage_days_needed", ""],
        totals["coverage_money", ""],
        totals["coverage_money_needed", ""],
    )
    for key in {key for metric, key in totals if metric == "benefit_target"}:
        figures += benefit_from_parts(
            Scope.PROGRAMME,
            PROGRAMME,
            key,
            totals.get(("benefit_actual", key)),
            totals["benefit_target", key],
            totals["benefit_baseline", key],
        )
    figures += programme_participation(day)
    numbers = dict(Phase.objects.values_list("pk", "number"))
    figures += median_days_in_phase(
        running_on(Project.objects.all(), day), day, Scope.PROGRAMME, None, {0}, numbers
    )
    return figures


def scoped_figures(
    day: dt.date,
    projects: QuerySet,
    *,
    portfolios: set[int],
    objectives: set[int],
    councils: set[int] | None,
) -> list[Figure]:
    """Figures of the given projects, their portfolios and objectives, and councils."""
    ids = {Scope.PORTFOLIO: portfolios, Scope.OBJECTIVE: objectives}
    running = running_on(projects, day)
    return [
        *progress(projects, running, day, ids),
        *products_delivered(running, ids),
        *participation(projects, day, ids),
        *coverage_figures(running, day, ids),
        *benefits(projects, day, ids),
        *project_figures(running, day),
        *council_figures(day, councils),
    ]


def day_figures(day: dt.date) -> list[Figure]:
    """Every figure of the day, for every scope."""
    from portfolios.models import Portfolio, VisionObjective

    figures = scoped_figures(
        day,
        Project.objects.all(),
        portfolios=set(Portfolio.objects.values_list("pk", flat=True)),
        objectives=set(VisionObjective.objects.values_list("pk", flat=True)),
        councils=None,
    )
    portfolio_figures = [f for f in figures if f.scope == Scope.PORTFOLIO]
    return figures + programme_figures(day, portfolio_figures)
