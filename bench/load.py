"""Load benchmark: the three roles at once against gunicorn, as in production.

Run by hand, from the checkout, with the project's Python and the `bench` extra
(`pip install -e ".[dev,bench]"`, which brings locust):

    .venv/bin/python bench/load.py              # PostgreSQL, scale 10, 20 users, 60 s
    .venv/bin/python bench/load.py --scale 1 --history 35 --run-time 20s
    .venv/bin/python bench/load.py --sqlite     # a SQLite file instead

Needs PostgreSQL (unless --sqlite; `--database` names the server, default
postgres://postgres@127.0.0.1:5432/) and Redis at 127.0.0.1:6379. It makes a fresh
database, migrates, runs `seed_demo --scale N --history D --password X` and ANALYZE
(a live server's autovacuum keeps the planner's statistics; a database just loaded
has none), collects the static files into a temporary folder and starts gunicorn on
a free port of 127.0.0.1 with production settings (DEBUG off, a generated secret
key, Redis db 13 as the cache and the Celery broker, email written to files).

No Celery worker runs: the tasks a save queues wait in Redis db 13, and pages render
from the data as it is, as readers see them while a worker is busy or down.

Then locust (`bench/locustfile.py`) drives executives, staff and council leads
through the real sign-in and forms, headless, for --run-time and at most
--max-requests requests, whichever comes first; every request is written to a CSV
file. It prints, per group of pages and in total, requests, failures, requests per
second, the median and the 95th percentile over the run after the last user signed
in (the ramp-up's 20 password checks are a one-off, shown in a table of their own),
then the failures of the whole run and the verdict the issue asks for. The
database, Redis db 13 and the temporary folder are removed at the end (kept with
--keep: the requests, locust's CSV, gunicorn's log with each request's time in the
worker).
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ comes first on the path: put the project before it.
sys.path.insert(0, str(ROOT))
from bench.fresh import fresh_database  # noqa: E402

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
REDIS_URL = "redis://127.0.0.1:6379/13"  # the benchmark's own Redis database
PASSWORD = "load-benchmark-only"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def drop_database(url: str) -> None:
    """Drop the benchmark's PostgreSQL database; a SQLite file goes with the folder."""
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(
        urlunsplit(parts._replace(path="/postgres")), autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def analyze(url: str) -> None:
    """Gather the planner's statistics, as autovacuum does on a live server: a
    database just loaded has none, and a server with autovacuum off (this one)
    would plan the metrics queries on guesses that are off by 100 times."""
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")


def wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start:\n{log.read_text()[-3000:]}")


# The requests of signing in, which every user makes once, at the start.
SIGN_IN = ("sign-in page", "sign in (POST)", "home")


@dataclass
class Request:
    at: float  # when it ended, seconds since the epoch
    method: str
    name: str
    ms: float
    error: str


def read_requests(path: Path) -> list[Request]:
    """The requests locust made, one per line of --requests-log."""
    with path.open(newline="") as file:
        return [
            Request(float(at), method, name, float(ms), error)
            for at, method, name, ms, _, error in csv.reader(file)
        ]


def percentile(times: list[float], share: float) -> float:
    """Nearest rank: the time `share` of the requests took at most."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0


Row = tuple[str, int, int, float | None, float, float]


def rows(requests: list[Request], seconds: float | None) -> list[Row]:
    """Per group, busiest first, then the total: requests, failures, requests/s
    (over `seconds`, if given), p50 and p95 in ms."""
    groups: dict[str, list[Request]] = {}
    for request in requests:
        groups.setdefault(request.name, []).append(request)

    def row(name: str, group: list[Request]) -> Row:
        times = [r.ms for r in group]
        return (
            name,
            len(group),
            sum(1 for r in group if r.error),
            len(group) / seconds if seconds else None,
            percentile(times, 0.50),
            percentile(times, 0.95),
        )

    found = [row(name, group) for name, group in groups.items()]
    found.sort(key=lambda r: (-r[1], r[0]))
    return [*found, row("total", requests)]


def print_table(title: str, table: list[Row]) -> None:
    width = max(len(r[0]) for r in table)
    print(title)
    print(
        f"| {'group':<{width}} | {'requests':>8} | {'failures':>8} | {'req/s':>6} "
        f"| {'p50 ms':>6} | {'p95 ms':>6} |"
    )
    print(
        f"|{'-' * (width + 2)}|{'-' * 9}:|{'-' * 9}:|{'-' * 7}:|{'-' * 7}:|{'-' * 7}:|"
    )
    for name, n, failed, rate, p50, p95 in table:
        shown = "" if rate is None else f"{rate:.1f}"
        print(
            f"| {name:<{width}} | {n:>8} | {failed:>8} | {shown:>6} "
            f"| {p50:>6.0f} | {p95:>6.0f} |"
        )


def server_errors(log: Path) -> list[str]:
    """Lines of gunicorn's log that mean a server error: a 5xx in the access log, an
    ERROR from Django's JSON logs or from gunicorn itself (a worker timeout)."""
    found = []
    for line in log.read_text(errors="replace").splitlines():
        if (
            re.search(r'" 5\d\d ', line)
            or '"level": "ERROR"' in line
            or "[ERROR]" in line
            or "[CRITICAL]" in line
        ):
            found.append(line)
    return found


def run(args: argparse.Namespace, folder: Path) -> bool:
    database_url = fresh_database(
        None if args.sqlite else args.database, args.scale, folder
    )
    flush_redis(REDIS_URL)  # whatever an interrupted run left behind
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "digital_office.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "HEARTBEAT_VAR_DIR": str(folder),
        "HEARTBEAT_BASE_URL": url,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        # Four slashes: django-environ drops the first of an absolute path.
        "EMAIL_URL": f"filemail:///{folder / 'mail'}",
    }
    try:
        return measure(args, folder, env, url, port)
    finally:
        drop_database(database_url)
        flush_redis(REDIS_URL)


def measure(
    args: argparse.Namespace, folder: Path, env: dict[str, str], url: str, port: int
) -> bool:
    def manage(*command: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {command[0]} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    database = "SQLite" if args.sqlite else "PostgreSQL"
    started = time.perf_counter()
    manage("migrate", "--no-input")
    seeded = manage(
        "seed_demo",
        "--scale",
        str(args.scale),
        "--history",
        str(args.history),
        "--password",
        PASSWORD,
    )
    print(
        f"{database}: migrated and seeded scale {args.scale} with {args.history} days "
        f"of history in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    analyze(env["DATABASE_URL"])
    # seed_demo prints every sign-in it made: the leads are the councils' own.
    leads = re.findall(r"^\s+(lead-\S+)\s", seeded, flags=re.MULTILINE)
    manage("collectstatic", "--no-input")

    log = folder / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "digital_office.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--access-logfile",
                "-",
                # The time each request took in the worker, for reading the log.
                "--access-logformat",
                '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms',
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(url, server, log)
        # Locust, gunicorn and PostgreSQL share the machine: say how busy it was.
        print(
            f"machine: {os.cpu_count()} cores, load average "
            f"{os.getloadavg()[0]:.2f} before the run",
            flush=True,
        )
        print(
            f"gunicorn: {args.workers} sync workers at {url}; locust: {args.users} "
            f"users (+{args.spawn_rate}/s), {args.run_time}, at most "
            f"{args.max_requests} requests, think time {args.think} s",
            flush=True,
        )
        with (folder / "locust.log").open("w") as locust_log:
            # Locust exits 1 when a request failed: the table below says which.
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(LOCUSTFILE),
                    "--headless",
                    "--only-summary",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(args.spawn_rate),
                    "--run-time",
                    args.run_time,
                    "--stop-timeout",
                    "10",
                    "--host",
                    url,
                    "--csv",
                    str(folder / "locust"),
                    "--requests-log",
                    str(folder / "requests.csv"),
                    "--max-requests",
                    str(args.max_requests),
                    "--think",
                    args.think,
                ],
                cwd=ROOT,
                env={
                    **os.environ,
                    "HEARTBEAT_BENCH_PASSWORD": PASSWORD,
                    "HEARTBEAT_BENCH_LEADS": ",".join(leads),
                },
                stdout=locust_log,
                stderr=subprocess.STDOUT,
                timeout=_seconds(args.run_time) + 120,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)

    requests = read_requests(folder / "requests.csv")
    capped = "--max-requests limit reached" in (folder / "locust.log").read_text()
    print(f"stopped by {'the request cap' if capped else 'the run time'}")
    if not requests:
        print((folder / "locust.log").read_text()[-3000:])
        print(f"no request was made: no error under the mix at {args.users} users: no")
        return False
    signing_in = [r for r in requests if r.name in SIGN_IN]
    # The window: from the moment the last user is signed in (the storm of 20
    # password checks at the start is a one-off, shown apart) to the last request.
    begin = max((r.at for r in signing_in), default=requests[0].at)
    end = max(r.at for r in requests)
    steady = [r for r in requests if r.at > begin and r.name not in SIGN_IN]
    print_table(
        f"After every user signed in: {end - begin:.0f} s, {len(steady)} requests",
        rows(steady, end - begin),
    )
    print_table(
        f"Signing in: {len(signing_in)} requests while the {args.users} users started",
        rows(signing_in, None),
    )
    failures: dict[tuple[str, str], int] = {}
    for request in requests:
        if request.error:
            key = (request.name, request.error)
            failures[key] = failures.get(key, 0) + 1
    for (name, error), count in sorted(failures.items()):
        print(f"failure: {name}: {error} ({count} times)")
    exceptions_csv = folder / "locust_exceptions.csv"
    with exceptions_csv.open(newline="") as file:
        exceptions = list(csv.DictReader(file))
    for row in exceptions:
        print(f"exception in a task: {row['Message']} ({row['Count']} times)")
    exception_count = sum(int(row["Count"]) for row in exceptions)
    errors = server_errors(log)
    for line in errors[:10]:
        print(f"server: {line[:300]}")
    failed = sum(failures.values())
    print(
        f"whole run: {len(requests)} requests, {failed} failures; "
        f"{exception_count} exceptions in locust's tasks; "
        f"{len(errors)} server errors in gunicorn's log"
    )
    clean = bool(steady) and not failed and not exception_count and not errors
    print(f"no error under the mix at {args.users} users: {'yes' if clean else 'no'}")
    return clean


def _seconds(run_time: str) -> int:
    """Locust's run time (like 60s, 2m, 1h30m) in seconds."""
    units = {"h": 3600, "m": 60, "s": 1}
    parts = re.findall(r"(\d+)\s*([hms]?)", run_time)
    return sum(int(n) * units[unit or "s"] for n, unit in parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--history", type=int, default=365, metavar="DAYS")
    parser.add_argument(
        "--database",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="The PostgreSQL server to make the fresh database on.",
    )
    parser.add_argument("--sqlite", action="store_true", help="A SQLite file.")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--run-time", default="60s")
    parser.add_argument(
        "--max-requests",
        type=int,
        default=20_000,
        help="Stop after this many requests even if the time is not up.",
    )
    parser.add_argument(
        "--think", default="1-3", help="Think time between actions, seconds: MIN-MAX."
    )
    parser.add_argument(
        "--keep", action="store_true", help="Keep the folder with the logs."
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="heartbeat-load-"))
    try:
        clean = run(args, folder)
    finally:
        if args.keep:
            print(f"logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    sys.exit(0 if clean else 1)


if __name__ == "__main__":
    main()
