"""From the email about a new pack to a confirmed commitment, in the browser."""

import datetime as dt
import re
import time
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD
from tests.browser.test_accessibility import assert_no_axe_violations
from tests.browser.test_lifecycle import choose


def latest_link_for(mailbox: Path, email: str, subject: str) -> str:
    """The pack link in the newest email to this address with this subject."""
    for message in sorted(
        mailbox.iterdir(), key=lambda f: f.stat().st_mtime, reverse=True
    ):
        for part in message.read_text().split(
            "\n-------------------------------------------------------------------------------"
        ):
            if f"To: {email}" in part and subject in part:
                return re.search(r"https?://\S+/pack/", part).group(0)
    raise AssertionError(f"No email to {email} about {subject!r}")


def day(text: str) -> dt.date:
    return dt.date(*time.strptime(text, "%d %B %Y")[:3])


def period_inside(page: Page) -> tuple[str, str]:
    """A two-month period inside the project's dates, as the commit page states them."""
    text = page.locator("main").inner_text()
    starts, ends = re.search(r"runs from (.+?) to (.+?);", text).groups()
    start = max(day(starts), timezone.localdate())
    end = min(day(ends), start + dt.timedelta(days=60))
    return start.strftime("%d/%m/%Y"), end.strftime("%d/%m/%Y")


def test_a_lead_goes_from_the_pack_email_to_a_confirmed_commitment(
    open_as, mailbox
) -> None:
    # Staff write and publish a pack for a project still in Scope.
    staff = open_as("staff")
    staff.goto("/projects/?phase=scope&state=in_flight")
    staff.locator("table.ds_table tbody a").first.click()
    project_name = staff.locator("h1").inner_text()
    staff.get_by_role("link", name="Write a Marketing Pack for this project").click()
    assert_no_axe_violations(staff)
    staff.get_by_label(re.compile("^Headline")).fill(f"Join {project_name} now.")
    staff.get_by_label(re.compile("^What councils gain")).fill(
        "Shared design, less cost."
    )
    staff.get_by_role("button", name="Save the pack").click()
    expect(staff.locator(".ds_page-header__label")).to_contain_text("Draft")
    staff.get_by_role("button", name="Publish the pack to every council lead").click()
    expect(staff.locator(".ds_notification-message")).to_contain_text("published")
    project_url = staff.url.removesuffix("pack/")

    # The lead follows the link in the email, signs in and lands on the pack.
    link = latest_link_for(mailbox, "lead-fife@heartbeat.example", project_name)
    lead = open_as(None)
    lead.goto(link)
    lead.get_by_label("Username").fill("lead-fife")
    lead.get_by_label("Password").fill(PASSWORD)
    lead.get_by_role("button", name="Sign in").click()
    expect(lead.locator("h1")).to_have_text(project_name)
    assert_no_axe_violations(lead)
    lead.get_by_role("button", name="Join for Fife").first.click()

    # Joining leads to the commitment form; a wrong answer is explained.
    expect(lead.locator("h1")).to_have_text("What can Fife commit?")
    expect(lead.locator(".ds_notification-message")).to_contain_text(
        "Fife is taking part"
    )
    assert_no_axe_violations(lead)
    starts, ends = period_inside(lead)
    needs = lead.get_by_role(
        "table", name="What the project needs, and what councils have offered"
    )
    role = needs.locator("tbody tr td").first.inner_text()
    choose(lead, "People (person-days)")
    lead.get_by_label(re.compile("^Role")).select_option(label=role)
    lead.get_by_label(re.compile("^Person-days")).fill("400")
    lead.get_by_label(re.compile("^Start of the period")).fill(starts)
    lead.get_by_label(re.compile("^End of the period")).fill(ends)
    lead.get_by_role("button", name="Propose the commitment").click()
    expect(lead.locator(".ds_error-summary")).to_contain_text("Enter at most")
    assert_no_axe_violations(lead)
    lead.get_by_label(re.compile("^Person-days")).fill("10")
    lead.get_by_role("button", name="Propose the commitment").click()
    expect(lead.locator(".ds_page-header__metadata")).to_contain_text("Proposed")
    assert_no_axe_violations(lead)
    commitment_url = lead.url

    # Staff confirm it, and see the coverage change.
    staff.goto(project_url)
    committed = staff.locator('data[data-figure="committed-days"]').first
    before = committed.get_attribute("value")
    staff.goto(commitment_url)
    staff.get_by_role("link", name="Confirm").click()
    assert_no_axe_violations(staff)
    staff.get_by_role("button", name="Confirm").click()
    expect(staff.locator(".ds_notification-message")).to_contain_text("confirmed")
    staff.goto(project_url)
    contributions = staff.get_by_role(
        "table", name="Commitments by council: proposed, confirmed and fulfilled"
    )
    expect(contributions).to_contain_text(f"10 person-days of {role}")
    # Counted as committed, whether or not its period falls inside a need's.
    assert float(committed.get_attribute("value")) == float(before) + 10

    # The lead sees it confirmed on their council's page.
    lead.goto("/councils/fife/")
    table = lead.get_by_role(
        "table", name="Commitments, the most recently changed first"
    )
    row = table.locator("tr", has_text=project_name)
    expect(row).to_contain_text("Confirmed")
