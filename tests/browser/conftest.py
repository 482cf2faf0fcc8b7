"""A real portal and a real Chromium for the browser tests.

The portal runs as in production, in its own processes: gunicorn serving Django with
DEBUG off and static files collected and served by WhiteNoise, on a database of its
own (a fresh PostgreSQL database when DATABASE_URL points at PostgreSQL, as in CI, or
a SQLite file), migrated and seeded with the demo once per session. Tests talk to it
only through Chromium, the system's own (Debian's chromium package): nothing here
downloads a browser, and nothing outside 127.0.0.1 is reached.
"""

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.conftest import require
from tests.servers import free_port, fresh_postgres, wait_until_up

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "browser-tests-only"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Where the screenshots go, for a person to look at (not committed).
SCREENSHOTS = Path(
    os.environ.get("HEARTBEAT_SCREENSHOTS", ROOT / "test-artifacts" / "screenshots")
)
ROLES = {"staff": "staff", "executive": "executive", "lead": "lead-fife"}


def find_chromium() -> str | None:
    candidates = [
        os.environ.get("HEARTBEAT_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    require(
        "Chromium: install it (Debian: apt-get install chromium) or set "
        "HEARTBEAT_CHROMIUM",
        path is not None,
    )
    return path


@pytest.fixture(scope="session")
def portal_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The portal's own files: database, static files, logs and mail."""
    return tmp_path_factory.mktemp("portal")


@pytest.fixture(scope="session")
def portal(portal_folder: Path, chromium_path: str) -> Iterator[str]:
    """The base URL of a production-shaped portal with the demo data."""
    folder = portal_folder
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")):
        name = f"{urlsplit(database_url).path.lstrip('/') or 'heartbeat'}_browser"
        database_url = fresh_postgres(database_url, name)
    else:
        database_url = f"sqlite:///{folder / 'portal.sqlite3'}"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "digital_office.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "browser-tests-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "HEARTBEAT_VAR_DIR": str(folder),
        "DATABASE_URL": database_url,
        # Four slashes: django-environ drops the first of an absolute path.
        "EMAIL_URL": f"filemail:///{folder / 'mail'}",
    }

    def manage(*args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )

    port = free_port()
    env["HEARTBEAT_BASE_URL"] = f"http://127.0.0.1:{port}"
    manage("migrate", "--no-input")
    # A month of metric history is enough for the pages; a year takes a minute.
    manage("seed_demo", "--password", PASSWORD, "--history", "35")
    manage("collectstatic", "--no-input")
    log = folder / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "digital_office.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--access-logfile",
                "-",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, server, log)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="session")
def mailbox(portal: str, portal_folder: Path) -> Path:
    """The folder where the portal writes the email it sends, a file per batch."""
    return portal_folder / "mail"


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright, chromium_path: str) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=chromium_path, headless=True, args=CHROMIUM_FLAGS
    )
    yield browser
    browser.close()


def sign_in(page: Page, portal: str, username: str) -> None:
    """Sign in as a person would: type into the fields, press Enter."""
    page.goto(f"{portal}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture(scope="session")
def signed_in_state(
    browser: Browser, portal: str, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], str]:
    """The cookies of a signed-in session per role, made once per test session."""
    folder = tmp_path_factory.mktemp("sessions")
    states: dict[str, str] = {}

    def state_for(role: str) -> str:
        if role not in states:
            context = browser.new_context()
            page = context.new_page()
            sign_in(page, portal, ROLES[role])
            states[role] = str(folder / f"{role}.json")
            context.storage_state(path=states[role])
            context.close()
        return states[role]

    return state_for


@pytest.fixture
def open_as(
    browser: Browser, portal: str, signed_in_state: Callable[[str], str]
) -> Iterator[Callable[..., Page]]:
    """open_as(role, width=1280, javascript=True) -> a page signed in as that role."""
    contexts = []

    def open_page(
        role: str | None, *, width: int = 1280, javascript: bool = True
    ) -> Page:
        context = browser.new_context(
            base_url=portal,
            viewport={"width": width, "height": 900},
            java_script_enabled=javascript,
            storage_state=signed_in_state(role) if role else None,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()
