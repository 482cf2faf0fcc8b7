"""`manage.py healthcheck web|worker|beat`: the container health checks of
docker-compose.yml, one command for the three kinds of process."""

import glob
import os
import socket
import time
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from digital_office.celery import app

# Beat writes its schedule at least every few minutes (Celery's sync interval and
# its longest sleep); a file older than this means beat is stuck or gone.
BEAT_STALE_SECONDS = 15 * 60


class Command(BaseCommand):
    help = "Exit 0 if this container's Celery worker or beat is healthy, 1 if not."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("process", choices=["web", "worker", "beat"])
        parser.add_argument(
            "--schedule",
            default="/tmp/celerybeat-schedule",
            help="Beat's schedule file, as given to `celery beat --schedule`.",
        )
        parser.add_argument("--url", default="http://127.0.0.1:8000/healthz")
        parser.add_argument("--timeout", type=float, default=5.0)

    def handle(self, *args: object, **options: object) -> None:
        if options["process"] == "web":
            self._web(options["url"], options["timeout"])
        elif options["process"] == "worker":
            self._worker(options["timeout"])
        else:
            self._beat(options["schedule"])

    def _web(self, url: str, timeout: float) -> None:
        # Asked as a visitor would be: by a host the portal serves, not 127.0.0.1.
        host = next(
            (h for h in settings.ALLOWED_HOSTS if h not in {"*"} and h[0] != "."),
            "localhost",
        )
        request = urllib.request.Request(url, headers={"Host": host})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status = response.status
        except (OSError, ValueError) as error:
            raise CommandError(f"{url} did not answer: {error}") from error
        if status != 200:
            raise CommandError(f"{url} answered {status}")
        self.stdout.write(f"{url} answered 200")

    def _worker(self, timeout: float) -> None:
        # The worker's default name is celery@<hostname>: ask this container's only.
        node = f"celery@{socket.gethostname()}"
        try:
            answers = app.control.ping(destination=[node], timeout=timeout)
        except Exception as error:  # the broker itself is down
            raise CommandError(f"Cannot reach the broker: {error}") from error
        if not any(node in answer for answer in answers):
            raise CommandError(f"{node} did not answer a ping in {timeout:g} s")
        self.stdout.write(f"{node} is up")

    def _beat(self, schedule: str) -> None:
        # The schedule is a shelve: its files' names depend on the dbm module.
        files = glob.glob(f"{schedule}*")
        if not files:
            raise CommandError(f"Beat has written no schedule at {schedule}")
        age = time.time() - max(os.path.getmtime(path) for path in files)
        if age > BEAT_STALE_SECONDS:
            raise CommandError(f"Beat's schedule was last written {age:.0f} s ago")
        self.stdout.write(f"Beat wrote its schedule {age:.0f} s ago")
