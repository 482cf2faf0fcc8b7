"""Computing and storing the day's figures: the full recompute and the targeted one."""

import datetime as dt
import logging
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from metrics.formulas import (
    ADDITIVE,
    PROGRAMME,
    Figure,
    day_figures,
    programme_figures,
    scoped_figures,
)
from metrics.models import Scope, Snapshot
from portfolios.models import Benefit, Commitment, Participation, Portfolio, Project

logger = logging.getLogger(__name__)

# Bumped after every recompute, so cached dashboard pages are never older than the
# figures they show.
GENERATION_KEY = "metrics:generation"


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
    _new_generation()


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
            f.metric,
            f.scope,
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


def _new_generation() -> None:
    try:
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    except Exception:  # a cache outage must not undo a recompute
        logger.exception("Could not bump the metrics cache generation")


def recompute_day(day: dt.date | None = None) -> Recompute:
    """Every figure of the day, computed afresh."""
    day = day or timezone.localdate()
    started = time.perf_counter()
    figures = day_figures(day)
    _store(day, figures)
    return Recompute(day, len(figures), time.perf_counter() - started)


def recompute_project(project_id: int, day: dt.date | None = None) -> Recompute:
    """The figures a change to one project touches: its portfolio's projects, the
    portfolio, its councils and the programme.

    The other portfolios' figures of the day are read as stored; if the day has none
    yet, everything is computed instead. Vision objectives, which cut across
    portfolios, are left to the nightly recompute.
    """
    day = day or timezone.localdate()
    started = time.perf_counter()
    project = Project.objects.filter(pk=project_id).only("portfolio_id").first()
    if project is None:
        return recompute_day(day)
    portfolio_id = project.portfolio_id
    others = Snapshot.objects.filter(
        date=day, scope=Scope.PORTFOLIO, metric__in=ADDITIVE
    ).exclude(scope_id=portfolio_id)
    expected = Portfolio.objects.exclude(pk=portfolio_id).count()
    if others.values("scope_id").distinct().count() < expected:
        return recompute_day(day)
    councils = set(
        Participation.objects.filter(project_id=project_id).values_list(
            "council_id", flat=True
        )
    ) | set(
        Commitment.objects.filter(project_id=project_id).values_list(
            "council_id", flat=True
        )
    )
    siblings = Project.objects.filter(portfolio_id=portfolio_id)
    figures = [
        figure
        for figure in scoped_figures(
            day,
            siblings,
            portfolios={portfolio_id},
            objectives=set(),
            councils=councils,
        )
        # The portfolio's figures need all its projects; only this one changed.
        if figure.scope != Scope.PROJECT or figure.scope_id == project_id
    ]
    stored = [
        Figure(metric, Scope.PORTFOLIO, scope_id, value, key)
        for metric, scope_id, value, key in others.values_list(
            "metric", "scope_id", "value", "key"
        )
    ]
    portfolio = [f for f in figures if f.scope == Scope.PORTFOLIO]
    figures += programme_figures(day, portfolio + stored)
    _store(
        day,
        figures,
        Q(scope=Scope.PROGRAMME)
        | Q(scope=Scope.PORTFOLIO, scope_id=portfolio_id)
        | Q(scope=Scope.PROJECT, scope_id=project_id)
        | Q(scope=Scope.COUNCIL, scope_id__in=councils),
    )
    return Recompute(day, len(figures), time.perf_counter() - started)


RECENT_DAYS = 31
# Detail figures: per project, and each council against each portfolio.
DETAIL_METRICS = {"portfolio_projects", "portfolio_confirmed_days"}


def is_detail(figure: Figure) -> bool:
    return figure.scope == Scope.PROJECT or figure.metric in DETAIL_METRICS


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
            scope=Scope.PROGRAMME, scope_id=PROGRAMME, metric="projects_running"
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
        _new_generation()
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
