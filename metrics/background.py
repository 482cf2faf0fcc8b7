"""The embedded mode's metrics worker: a save never waits for the figures.

With no broker (no REDIS_URL) Celery runs tasks eagerly, in the process and at the
moment they are queued: a change's recompute would run inside the request that
saved it. Instead, with `HEARTBEAT_METRICS_IN_BACKGROUND` on (the default), a
refresh queued on commit is handed to the one `Runner` of the process, whose daemon
thread

- waits until the burst of changes settles (`SETTLE_SECONDS` after the last one)
  and no request of this process is in flight (the threads between request_started
  and request_finished: a thread serves one request at a time, so a request whose
  end was never signalled is forgotten at its thread's next one, or when the
  thread ends; after `PATIENCE_SECONDS` it runs anyway, so a busy site still gets
  its figures);
- runs one recompute for everything pending: the union of the changed projects'
  scopes, or the whole day if anything asked for it;
- closes its database connections; the recompute has stored the figures and bumped
  the metrics' cache generation, so the next page shows them.

What is still pending when the process exits is run then (atexit). The runner is
also the embedded mode's beat: a request, at most every `BEAT_SECONDS` per process,
has it check that today's figures exist and are under an hour old (the nightly and
hourly jobs of production), and recompute the day if not.

With a broker (production), Celery's worker does all this instead, after
`HEARTBEAT_METRICS_DELAY_SECONDS`; with the setting off, the recompute runs on
commit within the saving request.
"""

import atexit
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from celery import current_app
from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

SETTLE_SECONDS = 0.3  # a burst of saves: one recompute after the last of them
PATIENCE_SECONDS = 5.0  # the longest a recompute waits for requests to finish
BEAT_SECONDS = 300  # how often a request may check that today's figures exist


def in_background() -> bool:
    """Whether queued refreshes go to this process's runner: tasks run in-process
    (no broker) and the setting is on."""
    return bool(
        current_app.conf.task_always_eager and settings.HEARTBEAT_METRICS_IN_BACKGROUND
    )


@dataclass
class Pending:
    """The work waiting for the runner."""

    projects: set[int] = field(default_factory=set)
    full: bool = False  # the whole day: reference data changed, or a project moved
    check: bool = False  # the beat: the whole day if today's figures are missing

    def __bool__(self) -> bool:
        return bool(self.projects or self.full or self.check)


def refresh(pending: Pending) -> None:
    """Recompute what is pending, then render the dashboard for its readers."""
    from metrics import dashboard, services

    if pending.full or (pending.check and services.is_stale()):
        services.recompute_day()
    elif pending.projects:
        services.recompute_projects(pending.projects)
    else:
        return
    dashboard.warm_dashboard()


class Runner:
    """One per process: hands queued refreshes to a daemon thread (module docs)."""

    def __init__(self, work: Callable[[Pending], None]) -> None:
        self.work = work
        self.settle = SETTLE_SECONDS
        self.patience = PATIENCE_SECONDS
        self._reset()

    def _reset(self) -> None:
        """A fresh state: at start, and in a forked child (the parent's thread and
        lock are not the child's)."""
        self._lock = threading.Condition()
        self._pending = Pending()
        self._changed_at = 0.0
        self._serving: set[threading.Thread] = set()  # those serving a request
        self._busy = False
        self._thread: threading.Thread | None = None
        self._next_beat = 0.0

    def add(
        self, *, projects: Iterable[int] = (), full: bool = False, check: bool = False
    ) -> None:
        """Queue work; it runs once the burst settles and the process is idle."""
        with self._lock:
            self._pending.projects.update(projects)
            self._pending.full |= full
            self._pending.check |= check
            self._changed_at = time.monotonic()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._loop, name="metrics-runner", daemon=True
                )
                self._thread.start()
            self._lock.notify_all()

    # Receivers of request_started and request_finished.

    def request_started(self, **kwargs: object) -> None:
        with self._lock:
            self._serving.add(threading.current_thread())
            beat = time.monotonic() >= self._next_beat
            if beat:
                self._next_beat = time.monotonic() + BEAT_SECONDS
        if beat and in_background():
            self.add(check=True)

    def request_finished(self, **kwargs: object) -> None:
        with self._lock:
            self._serving.discard(threading.current_thread())
            self._lock.notify_all()

    @property
    def requests_in_flight(self) -> int:
        """The requests this process is serving (their threads still alive)."""
        with self._lock:
            self._serving = {t for t in self._serving if t.is_alive()}
            return len(self._serving)

    # The thread.

    def _ready(self) -> float | None:
        """Seconds to wait before the pending work may run; None when it may."""
        now = time.monotonic()
        if not self._pending:
            return 60.0
        if (settled := self._changed_at + self.settle - now) > 0:
            return settled
        serving = self.requests_in_flight
        if serving and (patient := self._changed_at + self.patience - now) > 0:
            return min(patient, 1.0)  # and look again: a thread may have ended
        return None

    def _loop(self) -> None:
        while True:
            with self._lock:
                while (wait := self._ready()) is not None:
                    self._lock.wait(wait)
                pending, self._pending = self._pending, Pending()
                self._busy = True
            self._run(pending)

    def _run(self, pending: Pending) -> None:
        try:
            self.work(pending)
        except Exception:
            # The save stands; the beat's hourly check recomputes the day.
            logger.exception("Metrics recompute failed")
        finally:
            connections.close_all()  # this thread's own
            with self._lock:
                self._busy = False
                self._lock.notify_all()

    # For the process's end, the tests and the benchmark.

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until nothing is pending or running; False if the time ran out."""
        with self._lock:
            return self._lock.wait_for(
                lambda: not self._pending and not self._busy, timeout
            )

    def flush(self, timeout: float = 60) -> None:
        """Run what is pending now, in the calling thread (at exit)."""
        with self._lock:
            self._lock.wait_for(lambda: not self._busy, timeout)
            pending, self._pending = self._pending, Pending()
        if pending:
            try:
                self.work(pending)
            except Exception:
                logger.exception("Metrics recompute failed at exit")


runner = Runner(refresh)
atexit.register(runner.flush)
os.register_at_fork(after_in_child=runner._reset)
