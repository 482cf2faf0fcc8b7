"""Background recomputes. Tasks take ids and dates, hold no logic, and may run twice:
the same day's figures are replaced, never added to."""

import datetime as dt
import logging
from functools import partial

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction

from metrics import background, dashboard, services

logger = logging.getLogger(__name__)

RETRY = {
    "autoretry_for": (DatabaseError,),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 8,
    "acks_late": True,
}
EVERYTHING = "all"  # the pending mark of a full recompute


def _pending_key(project_id: int | str) -> str:
    return f"metrics:pending:{project_id}"


def schedule_project_refresh(project_id: int) -> None:
    """Queue the recompute of what a change to the project touches, once the change
    is committed.

    Coalesced: in the embedded mode the process's runner gathers a burst of changes
    into one recompute after the response (metrics.background). With a broker, the
    first change queues a task a few seconds ahead and marks the project pending;
    further changes before it runs add nothing. The task clears the mark before
    computing, so a change made while it computes queues one more.
    """
    transaction.on_commit(partial(_queue, project_id))


def schedule_full_refresh() -> None:
    """Queue a recompute of the whole day once the change is committed: reference
    data changed, or a project moved between portfolios or objectives."""
    transaction.on_commit(partial(_queue, EVERYTHING))


def _queue(what: int | str) -> None:
    if background.in_background():
        if what == EVERYTHING:
            background.runner.add(full=True)
        else:
            background.runner.add(projects=[what])
        return
    delay = settings.HEARTBEAT_METRICS_DELAY_SECONDS
    try:
        if not cache.add(_pending_key(what), 1, timeout=delay + 600):
            return
    except Exception:
        logger.exception("Cache unreachable: queuing without coalescing")
    task = refresh_all_metrics if what == EVERYTHING else refresh_project_metrics
    try:
        task.apply_async(() if what == EVERYTHING else (what,), countdown=delay)
    except Exception:
        # The broker is down: the save stands, and the hourly recompute catches up.
        logger.exception("Could not queue the metrics of %s", what)
        _clear(what)


def _clear(what: int | str) -> None:
    try:
        cache.delete(_pending_key(what))
    except Exception:
        logger.exception("Cache unreachable")


@shared_task(soft_time_limit=60, time_limit=90, **RETRY)
def refresh_project_metrics(project_id: int) -> int:
    """Recompute today's figures that a change to the project touches."""
    _clear(project_id)
    figures = services.recompute_project(project_id).figures
    dashboard.warm_dashboard()
    return figures


@shared_task(soft_time_limit=60, time_limit=90, **RETRY)
def refresh_projects_metrics(project_ids: list[int]) -> int:
    """Recompute today's figures that changes to the projects touch, at once."""
    figures = services.recompute_projects(project_ids).figures
    dashboard.warm_dashboard()
    return figures


@shared_task(**RETRY)
def refresh_all_metrics(day: str | None = None) -> int:
    """Recompute every figure of a day (today by default): the nightly and hourly
    job, and the recompute after a change to reference data."""
    if day is None:
        _clear(EVERYTHING)
    figures = services.recompute_day(dt.date.fromisoformat(day) if day else None)
    dashboard.warm_dashboard()
    return figures.figures
