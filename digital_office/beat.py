"""The embedded mode's beat for the scheduled jobs: reminders, digests, retries.

Production runs `celery beat`. The embedded mode has no beat process, so a request,
at most every `CHECK_SECONDS` per process, looks for entries of
`CELERY_BEAT_SCHEDULE` that have come due since they last ran here and runs them,
in order, in a daemon thread (the request never waits). Each job is safe to run
twice, so two processes running the same one, or a restart, sends nothing twice.

A process starts as if each job last ran a day ago, so a daily job missed while no
portal was running runs at the first request. The figures' entries are left to the
metrics runner (`metrics.background`), which checks for stale figures itself.
"""

import datetime as dt
import logging
import threading
import time

from celery import current_app
from django.conf import settings
from django.db import connections
from django.utils import timezone

logger = logging.getLogger(__name__)

CHECK_SECONDS = 60
OWN_BEAT = ("metrics.",)  # tasks whose app keeps its own embedded beat


class EmbeddedBeat:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next_check = 0.0
        self._running = False
        self._last_run: dict[str, dt.datetime] = {}

    def entries(self) -> dict[str, dict]:
        return {
            name: entry
            for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
            if not entry["task"].startswith(OWN_BEAT)
        }

    def due(self, now: dt.datetime) -> list[str]:
        """The entries come due since they last ran in this process."""
        found = []
        for name, entry in self.entries().items():
            last = self._last_run.get(name, now - dt.timedelta(days=1))
            schedule = entry["schedule"]
            if schedule.is_due(schedule.maybe_make_aware(last)).is_due:
                found.append(name)
        return found

    def request_started(self, **kwargs: object) -> None:
        """A receiver of request_started: maybe start a round, never wait for it."""
        if not (
            current_app.conf.task_always_eager and settings.HEARTBEAT_EMBEDDED_BEAT
        ):
            return  # production: celery beat does this
        with self._lock:
            if self._running or time.monotonic() < self._next_check:
                return
            self._next_check = time.monotonic() + CHECK_SECONDS
            names = self.due(timezone.now())
            if not names:
                return
            self._running = True
        threading.Thread(
            target=self.run, args=(names,), name="embedded-beat", daemon=True
        ).start()

    def run(self, names: list[str]) -> None:
        """Run the named entries' tasks in this thread, each as Celery would."""
        try:
            for name in names:
                entry = settings.CELERY_BEAT_SCHEDULE[name]
                self._last_run[name] = timezone.now()
                try:
                    current_app.tasks[entry["task"]].apply(throw=True)
                except Exception:
                    # The job is safe to run twice: the next round tries again.
                    logger.exception("Scheduled job %s failed", name)
                    self._last_run.pop(name, None)
        finally:
            connections.close_all()  # this thread's own
            with self._lock:
                self._running = False


beat = EmbeddedBeat()
