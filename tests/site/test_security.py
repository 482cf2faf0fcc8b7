"""Production settings and what they mean for a person: deploy checks, a strict
content security policy, sessions that end, sign-in throttling, request ids in the
logs and a designed page when the database is away."""

import json
import logging
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import reverse

from digital_office.logs import RequestIdFilter
from digital_office.views import server_error
from tests.site.test_settings import ROOT


def run_production(
    tmp_path: Path, *args: str, **env: str
) -> subprocess.CompletedProcess:
    """Run Python with the production settings in a clean environment."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "digital_office.settings",
            "HEARTBEAT_VAR_DIR": str(tmp_path),
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            **PRODUCTION,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "heartbeat.example",
    "DATABASE_URL": "postgres://heartbeat@db.example:5432/heartbeat",
    "REDIS_URL": "redis://cache.example:6379/0",
}


def test_the_deploy_checks_find_nothing_in_production(tmp_path: Path) -> None:
    result = run_production(
        tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_logs_are_json_lines_with_the_request_id(tmp_path: Path) -> None:
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('heartbeat.test').warning('hello')"
    )
    result = run_production(tmp_path, "-c", script)
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert line["message"] == "hello"
    assert line["level"] == "WARNING"
    assert line["logger"] == "heartbeat.test"
    assert line["request_id"] == "-"  # outside a request
    assert "time" in line


def test_production_cookies_are_secure_and_sessions_end(tmp_path: Path) -> None:
    names = (
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "SESSION_COOKIE_AGE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
    )
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{k: getattr(settings, k) for k in {names!r}}}))"
    )
    result = run_production(tmp_path, "-c", script)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "SESSION_COOKIE_AGE": 8 * 60 * 60,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
    }


def test_pages_carry_a_strict_content_security_policy(lead_client) -> None:
    policy = lead_client.get(reverse("portfolios:projects"))["Content-Security-Policy"]
    directives = dict(
        part.strip().split(" ", 1) for part in policy.split(";") if part.strip()
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_a_sign_in_ends_with_the_browser_and_within_a_working_day(
    client, lead_user
) -> None:
    lead_user.set_password("a-long-enough-password")
    lead_user.save()
    client.post(
        reverse("login"),
        {"username": lead_user.username, "password": "a-long-enough-password"},
    )
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() <= 8 * 60 * 60
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    assert not cookie["max-age"]  # a browser-session cookie


def sign_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_repeated_failed_sign_ins_lock_the_account_out_for_a_while(
    client, lead_user, other_lead_user, settings
) -> None:
    for user in (lead_user, other_lead_user):
        user.set_password("the-right-password-1")
        user.save()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        page = sign_in(client, lead_user.username, "wrong").content.decode()
        assert "correct username and password" in page
    locked = sign_in(client, lead_user.username, "wrong")
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()
    assert "15 minutes" in locked.content.decode()
    # Even the right password is refused during the cool-off...
    assert (
        sign_in(client, lead_user.username, "the-right-password-1").status_code == 429
    )
    assert "_auth_user_id" not in client.session
    # ...but another account from the same place is not locked.
    other = sign_in(client, other_lead_user.username, "the-right-password-1")
    assert other.status_code == 302


def test_staff_can_lift_a_lockout(client, lead_user, staff_client, settings) -> None:
    from axes.models import AccessAttempt

    lead_user.set_password("the-right-password-1")
    lead_user.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, lead_user.username, "wrong")
    attempt = AccessAttempt.objects.get(username=lead_user.username)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert lead_user.username in staff_client.get(changelist).content.decode()
    staff_client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert (
        sign_in(client, lead_user.username, "the-right-password-1").status_code == 302
    )


def test_every_response_has_a_request_id_and_a_plain_one_is_kept(client) -> None:
    fresh = client.get("/healthz")["X-Request-ID"]
    assert len(fresh) == 32
    assert client.get("/healthz")["X-Request-ID"] != fresh
    kept = client.get("/healthz", headers={"X-Request-ID": "proxy-abc-123456"})
    assert kept["X-Request-ID"] == "proxy-abc-123456"
    forged = client.get("/healthz", headers={"X-Request-ID": "x\nFAKE LOG LINE"})
    assert "\n" not in forged["X-Request-ID"]
    assert len(forged["X-Request-ID"]) == 32


def test_log_lines_during_a_request_carry_its_id(lead_client) -> None:
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.addFilter(RequestIdFilter())
    handler.emit = records.append
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = lead_client.get("/projects/no-such-project/")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404
    assert records, "Django logs a 404 on django.request"
    assert records[-1].request_id == response["X-Request-ID"]


def test_a_database_outage_gets_a_designed_503_not_a_traceback() -> None:
    request = RequestFactory().get("/dashboard/")
    request.request_id = "abc123"
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Sorry, the service is unavailable" in page
    assert "Anything you saved before this happened is safe." in page
    assert "abc123" in page  # a reference to quote to the Digital Office
    assert "OperationalError" not in page


@pytest.mark.parametrize("failure", [ValueError("bug"), KeyError("x")])
def test_any_other_failure_is_the_500_page(failure: Exception) -> None:
    try:
        raise failure
    except Exception:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
