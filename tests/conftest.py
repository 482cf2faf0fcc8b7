import os
from collections.abc import Iterator

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from councils.models import Council, User
from councils.roles import Role
from digital_office.celery import app as celery_app
from heartbeat.models import Phase
from heartbeat.services import ensure_phase_products
from metrics.caching import new_generation
from portfolios.models import Participation, Project
from tests.factories import ParticipationFactory, ProjectFactory
from tests.worlds import World, build_world, user_in

MD5_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"

# In CI a test that needs PostgreSQL or Redis must run: a skip there is a failure.
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(what: str, available: bool) -> None:
    """A test that needs what this machine lacks skips on a laptop, and fails in CI."""
    if available:
        return
    message = f"needs {what}"
    if IN_CI:
        pytest.fail(f"{message}, and CI must provide it", pytrace=False)
    pytest.skip(message)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres"):
        require("PostgreSQL (set DATABASE_URL)", connection.vendor == "postgresql")
    if item.get_closest_marker("redis"):
        require("a Redis server (set REDIS_URL)", bool(os.environ.get("REDIS_URL")))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: the quick feedback of the rest comes first, and their
    Playwright event loop cannot disturb the database tests."""
    browser = [item for item in items if "browser" in item.path.parts]
    for item in browser:
        item.add_marker(pytest.mark.browser)
    items[:] = [item for item in items if item not in browser] + browser


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if IN_CI and skipped:
        reporter.write_line(
            f"CI: {skipped} test(s) skipped; every test must run in CI."
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _fast_passwords(settings: object) -> None:
    settings.PASSWORD_HASHERS = [MD5_HASHER]


@pytest.fixture(autouse=True)
def _eager_tasks() -> Iterator[None]:
    """Tasks run in-process in unit tests, whatever the broker; the worker tests use
    a real one."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fresh_page_cache() -> None:
    """A new page-cache generation per test: the database rolls back between tests,
    the cache does not, so a page kept by one test must not be shown to the next."""
    new_generation()


@pytest.fixture
def fife(db: None) -> Council:
    return Council.objects.get(slug="fife")


@pytest.fixture
def highland(db: None) -> Council:
    return Council.objects.get(slug="highland")


@pytest.fixture
def staff_user(db: None) -> User:
    return user_in(Role.STAFF, username="do-staff")


@pytest.fixture
def executive_user(db: None) -> User:
    return user_in(Role.EXECUTIVE, username="exec")


@pytest.fixture
def lead_user(fife: Council) -> User:
    """A lead of Fife Council."""
    return user_in(Role.LEAD, username="lead-fife", council=fife)


@pytest.fixture
def other_lead_user(highland: Council) -> User:
    """A lead of another council, Highland."""
    return user_in(Role.LEAD, username="lead-highland", council=highland)


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(staff_user: User) -> Client:
    return _client_for(staff_user)


@pytest.fixture
def executive_client(executive_user: User) -> Client:
    return _client_for(executive_user)


@pytest.fixture
def lead_client(lead_user: User) -> Client:
    return _client_for(lead_user)


@pytest.fixture
def other_lead_client(other_lead_user: User) -> Client:
    return _client_for(other_lead_user)


# Shared data -----------------------------------------------------------------------


@pytest.fixture
def project(db: None) -> Project:
    """Digital telecare switchover: a technology project in Scope with its products,
    from 1 January 2026 to the end of 2027, that no council has joined yet."""
    project = ProjectFactory(
        name="Digital telecare switchover",
        slug="digital-telecare-switchover",
        kind=Project.Kind.TECHNOLOGY,
        phase=Phase.objects.get(number=1),
        status_date=timezone.localdate(),
    )
    ensure_phase_products(project)
    return project


@pytest.fixture
def fife_takes_part(project: Project, fife: Council) -> Participation:
    """Fife has taken part in the project since 1 February 2026."""
    return ParticipationFactory(project=project, council=fife)


@pytest.fixture
def world(db: None) -> World:
    """The hostile-input tests' world, built afresh for each test (tests/worlds.py)."""
    return build_world()


@pytest.fixture
def small_pages(settings: object) -> None:
    """One row a page, so that the lists have pages, and their links carry the query
    string."""
    settings.HEARTBEAT_PAGE_SIZE = 1


@pytest.fixture(scope="module")
def module_world(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[World]:
    """The same world, built once for a module in a transaction rolled back at its
    end. Each test runs in a savepoint inside it (pytest-django's own), so every test
    starts from this same world, whatever the one before it wrote."""
    # Hashed as the tests will check them (the hasher above is set per test).
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=[MD5_HASHER]):
            built = build_world()
        yield built
        transaction.set_rollback(True)
