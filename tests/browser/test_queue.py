"""From a lead's proposal to the staff's queue and digest, and back to the lead by
email, in the browser."""

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import ROOT, SCREENSHOTS
from tests.browser.test_accessibility import assert_no_axe_violations
from tests.browser.test_lifecycle import choose
from tests.browser.test_participation import period_inside

PROJECT = "/projects/office-365-federation/"  # Fife takes part in it, in the demo
SEPARATOR = "\n" + "-" * 79
SUPPORT = "Workshop rooms in Glenrothes"
SUMMARY = f"In kind: {SUPPORT}"


def portal_shell(portal: str, folder: Path, code: str) -> str:
    """Run Python in the portal's Django (its database, site address and mail), as
    the conftest's own `manage` does, and return what it printed."""
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(database_url)
        name = f"{parts.path.lstrip('/') or 'heartbeat'}_browser"
        database_url = urlunsplit(parts._replace(path=f"/{name}"))
    else:
        database_url = f"sqlite:///{folder / 'portal.sqlite3'}"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "digital_office.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "browser-tests-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "HEARTBEAT_VAR_DIR": str(folder),
        "DATABASE_URL": database_url,
        "EMAIL_URL": f"filemail:///{folder / 'mail'}",
        "HEARTBEAT_BASE_URL": portal,
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def emails(mailbox: Path, to: str, subject: str) -> list[str]:
    """Every email to this address whose subject has these words, newest first."""
    found = []
    for message in sorted(
        mailbox.iterdir(), key=lambda f: f.stat().st_mtime, reverse=True
    ):
        for part in message.read_text().split(SEPARATOR):
            if f"To: {to}" in part and subject in part:
                found.append(part)
    return found


def ages(page: Page) -> list[int]:
    """The days each commitment on the page has waited, top to bottom."""
    text = page.locator("#commitments ~ form tbody").inner_text()
    words = re.findall(r"proposed (today|yesterday|(\d+) days ago)", text)
    return [0 if w == "today" else 1 if w == "yesterday" else int(n) for w, n in words]


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / name, full_page=True)


def test_a_proposal_reaches_the_queue_and_the_digest_and_its_decision_the_lead(
    open_as, portal, portal_folder, mailbox
) -> None:
    # Fife's lead proposes a commitment to a project Fife takes part in.
    lead = open_as("lead")
    lead.goto(PROJECT)
    project_name = lead.locator("h1").inner_text()
    lead.goto(f"{PROJECT}commit/")
    expect(lead.locator("h1")).to_have_text("What can Fife commit?")
    starts, ends = period_inside(lead)
    choose(lead, "In-kind support")
    lead.get_by_label(re.compile("^What the support is")).fill(SUPPORT)
    lead.get_by_label(re.compile("^Start of the period")).fill(starts)
    lead.get_by_label(re.compile("^End of the period")).fill(ends)
    lead.get_by_role("button", name="Propose the commitment").click()
    expect(lead.locator(".ds_page-header__metadata")).to_contain_text("Proposed")
    commitment_path = urlsplit(lead.url).path

    # Staff see the queue's count in the navigation, and the proposal on the
    # queue: the newest, so the last of the oldest-first list.
    staff = open_as("staff")
    staff.goto("/projects/")
    queue_link = staff.locator(".ds_site-header__navigation").get_by_role(
        "link", name=re.compile("^Queue")
    )
    expect(queue_link).to_contain_text(re.compile(r"Queue \d+ items need attention"))
    queue_link.click()
    expect(staff.locator("h1")).to_have_text("Queue")
    assert_no_axe_violations(staff)
    shoot(staff, "staff--queue--1280.png")
    while (
        following := staff.get_by_role(
            "link", name="Next page of commitments awaiting confirmation"
        )
    ).count():
        following.click()
    waited = ages(staff)
    assert waited == sorted(waited, reverse=True), "oldest first"
    rows = staff.locator("#commitments ~ form tbody tr")
    ours = rows.last
    expect(ours).to_contain_text("Fife")
    expect(ours).to_contain_text(SUMMARY)
    expect(ours).to_contain_text("proposed today")
    assert ours.get_by_role("link", name=SUMMARY).get_attribute("href") == (
        commitment_path
    )

    # The staff's digest lists it, with a working link. (The portal's own beat may
    # have sent today's digest when it started: the next one covers what came
    # since, so the proposal is in exactly one of them.)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    portal_shell(
        portal,
        portal_folder,
        "import datetime as dt; from workbench.notifications import "
        f"send_staff_digest; send_staff_digest(day=dt.date.fromisoformat("
        f"'{tomorrow.isoformat()}'))",
    )
    link = f"{portal}{commitment_path}"
    digests = [
        email
        for email in emails(mailbox, "staff@heartbeat.example", "Heartbeat digest")
        if link in email
    ]
    assert len(digests) == 1
    assert f"Fife: {SUMMARY} to {project_name}" in digests[0]
    staff.goto(link)
    expect(staff.locator("h1")).to_have_text("Fife's commitment")
    staff.go_back()

    # Staff confirm it on the queue.
    ours.locator("label").click()
    staff.get_by_role("button", name="Confirm the ticked commitments").click()
    expect(staff.locator(".ds_notification-message")).to_contain_text(
        f"Confirmed: Fife's {SUMMARY} to {project_name}"
    )
    shoot(staff, "staff--queue-confirmed--1280.png")

    # The lead is told, and the email's link opens the commitment, confirmed.
    [email] = emails(mailbox, "lead-fife@heartbeat.example", "is confirmed")[:1]
    found = re.search(r"https?://\S+/commitments/\d+/", email)
    assert found, email
    assert found.group(0) == link
    lead.goto(found.group(0))
    expect(lead.locator("h1")).to_have_text("Fife's commitment")
    expect(lead.locator(".ds_page-header__metadata")).to_contain_text("Confirmed")


def test_the_queue_reads_well_on_a_phone(open_as) -> None:
    page = open_as("staff", width=375)
    page.goto("/queue/")
    expect(page.locator("h1")).to_have_text("Queue")
    assert_no_axe_violations(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "no sideways scrolling"
    shoot(page, "staff--queue--375.png")


def test_leads_are_refused_the_queue(open_as) -> None:
    page = open_as("lead")
    response = page.goto("/queue/")
    assert response.status == 403
