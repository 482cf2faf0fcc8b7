"""Computing and storing a day's figures: the full recompute and the targeted one."""

import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from metrics.caching import new_metrics_generation
from metrics.figures import day_figures, programme, scoped_figures
from metrics.formulas import COVERAGE_PARTS, PROGRAMME, CoverageParts, Figure
from metrics.models import Scope, Snapshot
from metrics.names import ADDITIVE, GRID, Metric
from portfolios.models import (
    Benefit,
    Commitment,
    Participation,
    Portfolio,
    Project,
)

logger = logging.getLogger(__name__)

STALE_SECONDS = 3600  # today's figures are recomputed at least this often


@dataclass(frozen=True)
class Recompute:
    day: dt.date
    figures: int
    seconds: float


def _store(day: dt.date, figures: list[Figure], stale: Q | None = None) -> None:
    """Replace the day's figures for the scopes computed (all of them when `stale` is
    None), in one transaction: a recompute of a day updates it, never duplicates it."""
    old = Snapshot.objects.filter(date=day)
    if stale is not None:
        old = old.filter(stale)
    with transaction.atomic():
        old.delete()
        _insert({day: figures})
        # Pages are renewed once the figures are there for them to read.
        transaction.on_commit(new_metrics_generation)


def _insert(figures_by_day: dict[dt.date, list[Figure]]) -> None:
    """Write figures with one prepared statement: thousands of rows a day, so not
    through model instances."""
    now = timezone.now()
    quote = connection.ops.quote_name
    table = quote(Snapshot._meta.db_table)
    names = ("metric", "scope", "scope_id", "key", "date", "value", "computed_at")
    columns = ", ".join(quote(name) for name in names)
    rows = [
        (
            str(f.metric),
            str(f.scope),
            f.scope_id,
            f.key,
            day,
            None if f.value is None else float(f.value),
            now,
        )
        for day, figures in figures_by_day.items()
        for f in figures
    ]
    # Multi-row statements: one round trip for a few hundred rows.
    row_sql = "(%s, %s, %s, %s, %s, %s, %s)"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES "
                + ", ".join([row_sql] * len(chunk)),
                [value for row in chunk for value in row],
            )


# Any number: the key of the advisory lock that makes recomputes take turns.
RECOMPUTE_LOCK = 31_2019


@contextmanager
def _taking_turns() -> Iterator[None]:
    """Recomputes run one at a time: a targeted one adds up the other projects'
    stored parts, so two at once (two workers, two changes) would each add up the
    other's old parts, and the last to store would miss a change. On PostgreSQL they
    queue on an advisory lock, held by a transaction around the whole recompute. The
    embedded mode (SQLite) has one runner thread per process, which takes them in
    turn already; there a transaction around the computing would hold the database's
    one write lock and keep a save waiting."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RECOMPUTE_LOCK])
        yield


def recompute_day(day: dt.date | None = None) -> Recompute:
    """Every figure of the day, computed afresh."""
    day = day or timezone.localdate()
    started = time.perf_counter()
    with _taking_turns():
        figures = day_figures(day)
        _store(day, figures)
    return Recompute(day, len(figures), time.perf_counter() - started)


def recompute_projects(
    project_ids: Iterable[int], day: dt.date | None = None
) -> Recompute:
    """The figures that changes to these projects touch, computed once for them all:
    the projects, their portfolios, their vision objectives, their councils (those
    taking part or committed to them) and the programme.

    A portfolio's and an objective's figures are computed over all their projects,
    their coverage added up from each project's parts (the others' as stored); the
    programme's are rolled up from the portfolios', the others read as stored.
    If the day has none stored yet, or a project is gone, the whole day is computed.
    """
    day = day or timezone.localdate()
    with _taking_turns():
        return _recompute_projects(set(project_ids), day)


def _recompute_projects(ids: set[int], day: dt.date) -> Recompute:
    started = time.perf_counter()
    portfolio_of = dict(
        Project.objects.filter(pk__in=ids).values_list("pk", "portfolio_id")
    )
    if ids - portfolio_of.keys():
        return recompute_day(day)
    portfolios = set(portfolio_of.values())
    others = Snapshot.objects.filter(
        date=day, scope=Scope.PORTFOLIO, metric__in=ADDITIVE
    ).exclude(scope_id__in=portfolios)
    expected = Portfolio.objects.exclude(pk__in=portfolios).count()
    if others.values("scope_id").distinct().count() < expected:
        return recompute_day(day)
    tags = Project.vision_objectives.through.objects
    objectives = set(
        tags.filter(project__in=ids).values_list("visionobjective_id", flat=True)
    )
    councils = set(
        Participation.objects.filter(project__in=ids).values_list(
            "council_id", flat=True
        )
    ) | set(
        Commitment.objects.filter(project__in=ids).values_list("council_id", flat=True)
    )
    # Every project of the portfolios and objectives, so that theirs add up.
    members = set(
        Project.objects.filter(portfolio__in=portfolios).values_list("pk", flat=True)
    ) | set(
        tags.filter(visionobjective__in=objectives).values_list("project_id", flat=True)
    )
    figures = scoped_figures(
        day,
        Project.objects.filter(pk__in=members),
        portfolios=portfolios,
        objectives=objectives,
        councils=councils,
        own=ids,  # the scopes above need all their projects; only these changed
        known=_stored_coverage(day, members - ids),
    )
    stored = [
        Figure(Metric(metric), Scope.PORTFOLIO, scope_id, value, key)
        for metric, scope_id, value, key in others.values_list(
            "metric", "scope_id", "value", "key"
        )
    ]
    fresh = [f for f in figures if f.scope == Scope.PORTFOLIO]
    figures += programme(day, fresh + stored)
    _store(
        day,
        figures,
        Q(scope=Scope.PROGRAMME)
        | Q(scope=Scope.PORTFOLIO, scope_id__in=portfolios)
        | Q(scope=Scope.OBJECTIVE, scope_id__in=objectives)
        | Q(scope=Scope.PROJECT, scope_id__in=ids)
        | Q(scope=Scope.COUNCIL, scope_id__in=councils),
    )
    return Recompute(day, len(figures), time.perf_counter() - started)


def _stored_coverage(day: dt.date, project_ids: set[int]) -> dict[int, CoverageParts]:
    """The coverage parts stored today for these projects (those in flight), to add
    up without computing them again."""
    found: dict[int, dict[str, float | None]] = defaultdict(dict)
    for scope_id, metric, value in Snapshot.objects.filter(
        date=day,
        scope=Scope.PROJECT,
        scope_id__in=project_ids,
        metric__in=COVERAGE_PARTS,
    ).values_list("scope_id", "metric", "value"):
        found[scope_id][metric] = value
    return {
        pk: CoverageParts.from_figures(values)
        for pk, values in found.items()
        if len(values) == len(COVERAGE_PARTS)
    }


def recompute_project(project_id: int, day: dt.date | None = None) -> Recompute:
    """The figures a change to one project touches (see recompute_projects)."""
    return recompute_projects({project_id}, day)


def is_stale(day: dt.date | None = None) -> bool:
    """Whether the day's figures are missing, or older than STALE_SECONDS."""
    computed = (
        Snapshot.objects.filter(
            date=day or timezone.localdate(),
            scope=Scope.PROGRAMME,
            metric=Metric.PROJECTS_RUNNING,
        )
        .values_list("computed_at", flat=True)
        .first()
    )
    return computed is None or (
        (timezone.now() - computed).total_seconds() > STALE_SECONDS
    )


RECENT_DAYS = 31


def is_detail(figure: Figure) -> bool:
    """Detail figures: per project, and each council against each portfolio."""
    return figure.scope == Scope.PROJECT or figure.metric in GRID


def _kept_in_history(figure: Figure, day: dt.date, end: dt.date) -> bool:
    """Detail figures are kept daily for the last month and weekly (on Mondays)
    before that: a year of them daily would be most of the table."""
    return not is_detail(figure) or (end - day).days < RECENT_DAYS or day.weekday() == 0


def backfill(days: int, *, end: dt.date | None = None, batch: int = 31) -> int:
    """Compute each of the `days` days up to `end` that has no figures yet, a month
    of days to a transaction."""
    end = end or timezone.localdate()
    done = set(
        Snapshot.objects.filter(
            scope=Scope.PROGRAMME, scope_id=PROGRAMME, metric=Metric.PROJECTS_RUNNING
        ).values_list("date", flat=True)
    )
    missing = [
        end - dt.timedelta(days=offset)
        for offset in range(days)
        if end - dt.timedelta(days=offset) not in done
    ]
    for start in range(0, len(missing), batch):
        chunk = missing[start : start + batch]
        figures = {
            day: [f for f in day_figures(day) if _kept_in_history(f, day, end)]
            for day in chunk
        }
        with transaction.atomic():
            Snapshot.objects.filter(date__in=chunk).delete()
            _insert(figures)
    if missing:
        new_metrics_generation()
    return len(missing)


def projects_touched_by(instance: object) -> set[int]:
    """The project a changed row belongs to (for the change receivers)."""
    if isinstance(instance, Project):
        return {instance.pk}
    project_id = getattr(instance, "project_id", None)
    if project_id is None and hasattr(instance, "benefit_id"):
        project_id = (
            Benefit.objects.filter(pk=instance.benefit_id)
            .values_list("project_id", flat=True)
            .first()
        )
    return {project_id} if project_id else set()
