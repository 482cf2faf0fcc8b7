"""The test suite's settings: the portal's own, but for the embedded default's cache
and its background recompute.

With no REDIS_URL the portal keeps its cache in files under var/, shared by its
processes; the suite keeps its own in memory, never touching a developer's demo.
Unit tests see a change's figures as soon as it commits; the background runner is
tested on its own (tests/metrics/test_background.py).
"""

from digital_office.settings import *  # noqa: F403
from digital_office.settings import REDIS_URL

if not REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "heartbeat-tests",
        }
    }

HEARTBEAT_METRICS_IN_BACKGROUND = False
# Scheduled jobs run when a test calls them, not from a thread a request starts
# (digital_office.beat is tested on its own).
HEARTBEAT_EMBEDDED_BEAT = False
