"""Background recomputes. Tasks take ids and dates, hold no logic, and may run twice:
the same day's figures are replaced, never added to."""

import datetime as dt
import logging
from functools import partial

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction

from metrics import services

logger = logging.getLogger(__name__)

RETRY = {
    "autoretry_for": (DatabaseError,),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 8,
    "acks_late": True,
}


def _pending_key(project_id: int) -> str:
    return f"metrics:pending:{project_id}"


def schedule_project_refresh(project_id: int) -> None:
    """Queue the targeted recompute once the change is committed.

    Coalesced: the first change queues a recompute a few seconds ahead and marks the
    project pending; further changes before it runs add nothing. The task clears the
    mark before computing, so a change made while it computes queues one more.
    """
    transaction.on_commit(partial(_queue_refresh, project_id))


def _queue_refresh(project_id: int) -> None:
    delay = settings.HEARTBEAT_METRICS_DELAY_SECONDS
    try:
        if not cache.add(_pending_key(project_id), 1, timeout=delay + 600):
            return
    except Exception:
        logger.exception("Cache unreachable: queuing without coalescing")
    try:
        refresh_project_metrics.apply_async((project_id,), countdown=delay)
    except Exception:
        # The broker is down: the save stands, and the nightly recompute catches up.
        logger.exception("Could not queue the metrics of project %s", project_id)
        try:
            cache.delete(_pending_key(project_id))
        except Exception:
            logger.exception("Cache unreachable")


@shared_task(soft_time_limit=60, time_limit=90, **RETRY)
def refresh_project_metrics(project_id: int) -> int:
    """Recompute today's figures that a change to the project touches."""
    try:
        cache.delete(_pending_key(project_id))
    except Exception:
        logger.exception("Cache unreachable")
    figures = services.recompute_project(project_id).figures
    _warm_dashboard()
    return figures


@shared_task(**RETRY)
def refresh_all_metrics(day: str | None = None) -> int:
    """Recompute every figure of a day (today by default): the nightly job."""
    figures = services.recompute_day(dt.date.fromisoformat(day) if day else None)
    _warm_dashboard()
    return figures.figures


def _warm_dashboard() -> None:
    """The new figures' dashboard rendered now, not by the first executive to look."""
    from metrics.views import warm_dashboard  # the page is the views' to render

    try:
        warm_dashboard()
    except Exception:  # the figures are stored: a page that fails here fails later
        logger.exception("Could not warm the dashboard")
