import os
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client

from councils.models import Council, User
from councils.roles import Role
from digital_office.caching import new_generation
from digital_office.celery import app as celery_app
from tests.factories import UserFactory

# In CI a test that needs PostgreSQL or Redis must run: a skip there is a failure.
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _needs(item: pytest.Item, what: str, available: bool) -> None:
    if available:
        return
    message = f"needs {what}"
    if IN_CI:
        pytest.fail(f"{message}, and CI must provide it", pytrace=False)
    pytest.skip(message)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres"):
        _needs(item, "PostgreSQL (set DATABASE_URL)", connection.vendor == "postgresql")
    if item.get_closest_marker("redis"):
        _needs(
            item, "a Redis server (set REDIS_URL)", bool(os.environ.get("REDIS_URL"))
        )


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
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


def _user_in(role: Role, **kwargs: object) -> User:
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def staff_user(db: None) -> User:
    return _user_in(Role.STAFF, username="do-staff")


@pytest.fixture
def executive_user(db: None) -> User:
    return _user_in(Role.EXECUTIVE, username="exec")


@pytest.fixture
def lead_user(fife: Council) -> User:
    """A lead of Fife Council."""
    return _user_in(Role.LEAD, username="lead-fife", council=fife)


@pytest.fixture
def other_lead_user(highland: Council) -> User:
    """A lead of another council, Highland."""
    return _user_in(Role.LEAD, username="lead-highland", council=highland)


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
