"""The two run modes, checked in a fresh interpreter with a controlled environment."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "cache": settings.CACHES["default"]["BACKEND"],
    "email": settings.MAILERS["default"]["BACKEND"],
    "debug": settings.DEBUG,
    "secret": bool(settings.SECRET_KEY),
}))
"""


def run_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "digital_office.settings",
        "HEARTBEAT_VAR_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_with_no_environment_the_portal_runs_embedded(tmp_path):
    result = run_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout)
    assert settings == {
        "engine": "django.db.backends.sqlite3",
        "eager": True,
        "broker": "memory://",
        "cache": "django.core.cache.backends.filebased.FileBasedCache",
        "email": "django.core.mail.backends.console.EmailBackend",
        "debug": True,
        "secret": True,
    }
    assert (tmp_path / "dev-secret-key").exists()


def test_database_and_redis_urls_give_the_production_shape(tmp_path):
    result = run_settings(
        tmp_path,
        DATABASE_URL="postgres://heartbeat@db.example:5432/heartbeat",
        REDIS_URL="redis://cache.example:6379/0",
    )
    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout)
    assert settings["engine"] == "django.db.backends.postgresql"
    assert settings["eager"] is False
    assert settings["broker"] == "redis://cache.example:6379/0"
    assert settings["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_settings(
        tmp_path, DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="heartbeat.example"
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = run_settings(tmp_path, DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_a_secret_and_hosts(tmp_path):
    result = run_settings(
        tmp_path,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="heartbeat.example",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["debug"] is False


def test_beat_recomputes_every_figure_nightly_and_hourly() -> None:
    from celery.schedules import crontab
    from django.conf import settings

    full = [
        entry["schedule"]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "metrics.tasks.refresh_all_metrics"
    ]
    assert crontab(hour=2, minute=15) in full
    assert crontab(minute=40) in full
