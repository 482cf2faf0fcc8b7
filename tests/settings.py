"""The test suite's settings: the portal's own, but for the embedded default's cache.

With no REDIS_URL the portal keeps its cache in files under var/, shared by its
processes; the suite keeps its own in memory, never touching a developer's demo.
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
