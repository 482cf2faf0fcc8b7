"""Parts of the production shape that a fault test starts, breaks and mends itself: a
Redis server, a path to PostgreSQL that can refuse connections, the portal under
gunicorn and a Celery worker. Never the machine's shared services: those stay up.

The portal and the worker are separate processes on the test's own database (the
tests commit: `transaction=True`), signed in with a session the test makes.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.conftest import require
from tests.servers import OwnRedis, free_port, wait_until_up

ROOT = Path(__file__).resolve().parents[2]


class DatabaseDoor:
    """A TCP path to PostgreSQL that the test can shut: while shut, connections are
    refused and those open are cut, as when the database restarts."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = free_port()
        self.server: socket.socket | None = None
        self.open_sockets: set[socket.socket] = set()
        self.lock = threading.Lock()

    def open(self) -> None:
        self.server = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.server,), daemon=True).start()

    def shut(self) -> None:
        if self.server:
            # shutdown() wakes the thread blocked in accept(); close() alone would
            # leave the port listening until the next connection.
            with contextlib.suppress(OSError):
                self.server.shutdown(socket.SHUT_RDWR)
            self.server.close()
            self.server = None
        with self.lock:
            for sock in self.open_sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.open_sockets.clear()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return  # shut
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open_sockets.update((client, upstream))
            for one, other in ((client, upstream), (upstream, client)):
                threading.Thread(
                    target=self._pipe, args=(one, other), daemon=True
                ).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def database_url(port: int | None = None) -> str:
    """The test database's URL, through `port` when given (a DatabaseDoor)."""
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
        f"{port or db['PORT'] or 5432}/{db['NAME']}"
    )


class Processes:
    """The portal and workers of one test, on its database and its Redis."""

    def __init__(self, folder: Path, redis: OwnRedis, static: Path) -> None:
        self.folder = folder
        self.redis = redis
        self.static = static
        self.running: list[subprocess.Popen] = []

    def env(self, database: str, **extra: str) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "digital_office.settings",
            "DJANGO_DEBUG": "false",
            # The test's own key: the sessions it makes are valid in the portal.
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "DJANGO_STATIC_ROOT": str(self.static),
            "DJANGO_CONN_MAX_AGE": "60",
            "HEARTBEAT_VAR_DIR": str(self.folder),
            "HEARTBEAT_METRICS_DELAY_SECONDS": "0.2",
            "HEARTBEAT_BROKER_VISIBILITY_TIMEOUT": "3",
            "DATABASE_URL": database,
            "REDIS_URL": self.redis.url,
            "EMAIL_URL": "consolemail://",
            **extra,
        }

    def start(
        self, name: str, args: list[str], env: dict[str, str]
    ) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("a")
        process = subprocess.Popen(
            [sys.executable, "-m", *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # killed as a group, children too
        )
        self.running.append(process)
        return process

    def portal(self, database: str) -> str:
        port = free_port()
        process = self.start(
            "gunicorn",
            [
                "gunicorn",
                "digital_office.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "2",
                "--timeout",
                "30",
            ],
            self.env(database),
        )
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, process, self.folder / "gunicorn.log")
        return url

    def worker(self, database: str) -> subprocess.Popen:
        return self.start(
            "worker",
            [
                "celery",
                "-A",
                "digital_office",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
            ],
            self.env(database),
        )

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text()[-4000:] if path.exists() else ""

    def kill(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.kill(process)


class Browser:
    """A signed-in visitor of a portal in another process: cookies, CSRF, no redirects
    followed unless asked."""

    def __init__(self, base: str, session_key: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.session_key = session_key

    def request(
        self, path: str, data: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        request.add_header("Cookie", self._cookies())
        if data is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        return self.request(path)

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, dict, str]:
        """GET the form, then POST it with its CSRF token, as a browser would."""
        status, _, page = self.get(path)
        assert status == 200, (path, status, page[:500])
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "the form has no CSRF token"
        return self.request(path, {"csrfmiddlewaretoken": token.group(1), **fields})

    def _cookies(self) -> str:
        cookies = {cookie.name: cookie.value for cookie in self.jar}
        cookies[settings.SESSION_COOKIE_NAME] = self.session_key
        return "; ".join(f"{name}={value}" for name, value in cookies.items())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a redirect is an answer to look at, not to follow


def session_for(user: object) -> str:
    """A committed session for the user, as signing in would make."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    require("redis-server on the PATH", shutil.which("redis-server") is not None)
    redis = OwnRedis(tmp_path)
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture(scope="session")
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The collected static files the production-shaped portal needs, made once."""
    folder = tmp_path_factory.mktemp("fault-static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "digital_office.settings",
            # Production's storage, whose manifest the production-shaped portal reads.
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "collectstatic-only-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_STATIC_ROOT": str(folder),
            "HEARTBEAT_VAR_DIR": str(folder),
        },
        check=True,
    )
    return folder


@pytest.fixture
def processes(
    tmp_path: Path, own_redis: OwnRedis, static_root: Path
) -> Iterator[Processes]:
    require("PostgreSQL (set DATABASE_URL)", connection.vendor == "postgresql")
    running = Processes(tmp_path, own_redis, static_root)
    yield running
    running.stop_all()


def postgres_admin_url() -> str:
    parts = urlsplit(database_url())
    return urlunsplit(parts._replace(path="/postgres"))
