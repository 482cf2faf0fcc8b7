"""Site-wide views: the role-based home, health endpoints."""

import logging
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    """Send each role to where its work starts."""
    user = request.user
    if user.is_council_lead:
        return redirect("metrics:council", slug=user.council.slug)
    if user.is_programme_staff or user.is_executive:
        return redirect("metrics:dashboard")
    return render(request, "no_role.html", status=403)


@login_not_required
@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Touches nothing else, the database included."""
    return JsonResponse({"status": "ok"})


def _database_ready() -> bool:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        logger.exception("Readiness: the database is unreachable")
        return False


def _broker_ready() -> bool | None:
    """True or False when a Redis broker is configured; None in the embedded mode."""
    if not settings.REDIS_URL:
        return None
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        return bool(client.ping())
    except redis.RedisError:
        logger.exception("Readiness: the broker is unreachable")
        return False


@login_not_required
@require_GET
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: the database answers, and the broker where one is set."""
    checks = {"database": _database_ready()}
    broker = _broker_ready()
    if broker is not None:
        checks["broker"] = broker
    ready = all(checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or a designed 503 when the database refused or dropped the
    connection: the one failure a person should simply wait out.

    Called by Django while the exception is being handled, so it can be read here.
    Renders without the database or the request's context: neither may be working.
    """
    failure = sys.exc_info()[1]
    context = {"request_id": getattr(request, "request_id", "")}
    if isinstance(failure, DATABASE_DOWN):
        response = HttpResponse(
            loader.render_to_string("503.html", context), status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(loader.render_to_string("500.html", context), status=500)
