"""The production shape as docker-compose.yml describes it, and the health checks its
containers run."""

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import require
from tests.site.test_settings import ROOT

LONG_RUNNING = {"db", "redis", "web", "worker", "beat"}


def compose_command() -> list[str]:
    """`docker compose` (v2) if the engine's plugin is here, else `docker-compose`."""
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run(
            [docker, "compose", "version"], capture_output=True
        ).returncode
        == 0
    ):
        return [docker, "compose"]
    if legacy := shutil.which("docker-compose"):
        return [legacy]
    require("docker compose or docker-compose to read the compose file", False)


def services(config: str) -> dict[str, str]:
    """The normalised config's services, each with its block of text."""
    body = config.split("services:", 1)[1]
    body = re.split(r"^\S", body, maxsplit=1, flags=re.MULTILINE)[0]
    blocks = re.split(r"^  ([\w-]+):\n", body, flags=re.MULTILINE)[1:]
    return dict(zip(blocks[::2], blocks[1::2], strict=True))


def test_the_compose_file_is_valid_and_every_service_is_health_checked() -> None:
    result = subprocess.run(
        [*compose_command(), "config"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SECRET_KEY": "compose-config-check"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found = services(result.stdout)
    assert set(found) == LONG_RUNNING | {"migrate"}
    for name in LONG_RUNNING:
        assert "healthcheck:" in found[name], f"{name} has no health check"
    for name in ("web", "worker", "beat"):
        # Migrations run once, before the application's processes start.
        assert re.search(
            r"migrate:\n\s+condition: service_completed_successfully", found[name]
        ), name
    assert "pgdata:/var/lib/postgresql/data" in found["db"]
    assert "gunicorn" in found["web"]


def test_the_compose_file_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    result = subprocess.run(
        [*compose_command(), "config", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_beat_is_healthy_while_it_writes_its_schedule(tmp_path: Path) -> None:
    schedule = tmp_path / "celerybeat-schedule"
    with pytest.raises(CommandError, match="no schedule"):
        call_command("healthcheck", "beat", schedule=str(schedule))
    (tmp_path / "celerybeat-schedule.db").write_bytes(b"shelve")
    call_command("healthcheck", "beat", schedule=str(schedule))
    an_hour_ago = time.time() - 3600
    os.utime(tmp_path / "celerybeat-schedule.db", (an_hour_ago, an_hour_ago))
    with pytest.raises(CommandError, match="last written"):
        call_command("healthcheck", "beat", schedule=str(schedule))


def test_web_is_healthy_when_it_answers(live_server) -> None:
    call_command("healthcheck", "web", url=f"{live_server.url}/healthz")
    with pytest.raises(CommandError, match="did not answer"):
        call_command("healthcheck", "web", url="http://127.0.0.1:9/healthz")


@pytest.mark.redis
def test_a_worker_that_does_not_answer_is_unhealthy() -> None:
    with pytest.raises(CommandError, match="did not answer a ping"):
        call_command("healthcheck", "worker", timeout=0.5)


@pytest.mark.redis
def test_a_running_worker_is_healthy() -> None:
    import socket

    from celery.contrib.testing.worker import start_worker

    from digital_office.celery import app

    with start_worker(
        app,
        pool="solo",
        perform_ping_check=False,
        hostname=f"celery@{socket.gethostname()}",
    ):
        # A generous wait: late in the suite, on two busy cores, a fresh worker
        # once took longer than 5 s to answer its first ping.
        call_command("healthcheck", "worker", timeout=20)
