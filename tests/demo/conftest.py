from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from pytest_django import DjangoDbBlocker

PASSWORD = "a-demo-password"


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    """The demo at scale 1 with three days of metrics, seeded once for a module in a
    transaction rolled back at its end (each test runs in a savepoint inside it).
    Gives what `seed_demo` printed."""
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        # Hashed as the tests check them (the suite's hasher is set per test).
        hasher = "django.contrib.auth.hashers.MD5PasswordHasher"
        with override_settings(PASSWORD_HASHERS=[hasher]):
            call_command(
                "seed_demo", "--password", PASSWORD, "--history", "3", stdout=out
            )
        yield out.getvalue()
        transaction.set_rollback(True)
