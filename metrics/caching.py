"""The page cache's generations: any change to the programme's data starts a new one.

Pages cache their expensive parts (`{% cache %}` blocks, or `cached_html`) under a key
that includes the generation, so a cached part is never older than the data it shows.
Writes are few and reads are many, so a new generation on every write costs little.
The generation also holds the metrics' own generation (a recompute stored) and the
day, because a project's standing ("stalled", "recruiting") turns with the date.

The metrics own the page cache because most of what it keeps is their figures; the
receiver that starts a data generation on every write is connected in
`MetricsConfig.ready()`.
"""

import functools
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

DATA_GENERATION_KEY = "pages:generation"
# What names the rows of the dashboard: a change to these renews its generation too.
# (The dashboard's figures are snapshots, renewed by the metrics' own generation.)
REFERENCE_GENERATION_KEY = "pages:reference-generation"
REFERENCE_MODELS = {
    "portfolios.portfolio",
    "portfolios.visionobjective",
    "portfolios.portfolio_vision_objectives",
    "councils.council",
    "heartbeat.phase",
}
OUR_APPS = {"councils", "portfolios", "heartbeat", "ideas", "auth"}
# Bumped after every recompute, so cached pages are never older than their figures.
METRICS_GENERATION_KEY = "metrics:generation"
FRAGMENT_SECONDS = 3600  # a bound, not the freshness: the key has the generation


_in_bulk: ContextVar[bool] = ContextVar("metrics_bulk_writes", default=False)


@contextmanager
def bulk_writes() -> Iterator[None]:
    """Saves inside start no page-cache generation and queue no recompute (see
    metrics.receivers): for bulk writes whose figures are computed after them, like
    seed_demo's history. One new generation at the end."""
    token = _in_bulk.set(True)
    try:
        yield
    finally:
        _in_bulk.reset(token)
        new_generation()


def in_bulk() -> bool:
    return _in_bulk.get()


def new_generation(reference: bool = True) -> None:
    keys = [DATA_GENERATION_KEY, *([REFERENCE_GENERATION_KEY] if reference else [])]
    try:
        cache.set_many(dict.fromkeys(keys, time.time_ns()), timeout=None)
    except Exception:
        logger.warning("Cache unreachable: the page cache generation is not bumped")


def new_metrics_generation() -> None:
    """A recompute has stored new figures: pages showing figures are renewed."""
    try:
        cache.set(METRICS_GENERATION_KEY, time.time_ns(), timeout=None)
    except Exception:  # a cache outage must not undo a recompute
        logger.exception("Could not bump the metrics cache generation")


def bump(**kwargs: object) -> None:
    """A receiver for any save or delete: a change to our data starts a generation.

    Once now, so the writer's next page shows the change, and once more when the
    transaction commits, so a page rendered meanwhile from the old rows (another
    request, before the commit) is not kept under the new generation.
    """
    sender = kwargs.get("sender")
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in OUR_APPS or kwargs.get("raw"):
        return
    if in_bulk():
        return
    renew = functools.partial(
        new_generation, reference=meta.label_lower in REFERENCE_MODELS
    )
    renew()
    transaction.on_commit(renew, robust=True)


def generation(reference_only: bool = False) -> str:
    """The current generation of the data (or only of the reference data: portfolios,
    objectives, councils, phases) and of the metrics, for cache keys."""
    data_key = REFERENCE_GENERATION_KEY if reference_only else DATA_GENERATION_KEY
    try:
        found = cache.get_many([data_key, METRICS_GENERATION_KEY])
    except Exception:
        # Once per request while Redis is away: a line, not a traceback each time.
        logger.warning("Cache unreachable: pages are rendered without it")
        return f"nocache-{time.time_ns()}"  # a key never seen again: no caching
    return "-".join(
        str(part)
        for part in (
            timezone.localdate().isoformat(),
            found.get(data_key, 0),
            found.get(METRICS_GENERATION_KEY, 0),
        )
    )


def cached_html(
    name: str,
    vary: Iterable[object],
    build: Callable[[], str],
    *,
    reference_only: bool = False,
) -> str:
    """HTML from the cache under this generation, or built and kept there.

    `reference_only`: the HTML shows snapshots and reference data only, so other
    writes (a commitment, a pulse) do not renew it; their recompute does.
    """
    key = ":".join(
        ["html", name, generation(reference_only), *(str(part) for part in vary)]
    )
    try:
        html = cache.get(key)
    except Exception:
        html = None  # the cache is down: build every time, quietly (logged above)
    if html is None:
        html = build()
        try:
            cache.set(key, html, FRAGMENT_SECONDS)
        except Exception:
            logger.warning("Cache unreachable: %s is not kept", name)
    return html


def once[T](build: Callable[[], T]) -> Callable[[], T]:
    """A context value computed only if a template uses it, and then only once.

    Templates call a callable they meet, so a page's `{% cache %}` hit skips its
    queries altogether; every later use gets the first result.
    """
    return functools.cache(build)


class ForgivingRedisCache(RedisCache):
    """Redis for page fragments, where a miss is as good as an outage: the page is
    rendered afresh instead of failing. Nothing else may use it: elsewhere an outage
    must be seen (queues, coalescing)."""

    def get(
        self, key: str, default: object = None, version: int | None = None
    ) -> object:
        try:
            return super().get(key, default, version)
        except Exception:
            logger.warning("Cache unreachable: a page fragment is rendered afresh")
            return default

    def set(self, *args: object, **kwargs: object) -> None:
        try:
            super().set(*args, **kwargs)
        except Exception:
            logger.warning("Cache unreachable: a page fragment is not kept")
