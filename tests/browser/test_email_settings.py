"""Email settings and the outbox, in the browser: a lead chooses what they receive;
staff read what was sent."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import assert_no_axe_violations
from tests.browser.test_lifecycle import choose

PHASE_CHANGES = "A project your council takes part in moves to another phase"


def shoot(page: Page, name: str) -> None:
    """Full-page screenshots at a desktop and a phone width, for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SCREENSHOTS / f"{name}--{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_lead_switches_off_phase_change_emails(open_as) -> None:
    page = open_as("lead")
    page.goto("/councils/fife/")
    page.locator(".ds_site-header__navigation").get_by_role(
        "link", name="Email settings"
    ).click()
    expect(page.locator("h1")).to_have_text("Email settings")
    phase_changes = page.get_by_label(PHASE_CHANGES)
    expect(phase_changes).to_be_checked()
    assert_no_axe_violations(page)
    shoot(page, "lead--email-settings")

    choose(page, PHASE_CHANGES)  # unticks it
    page.get_by_role("button", name="Save email settings").click()
    expect(page.locator(".ds_notification-message")).to_contain_text(
        "Your email settings are saved."
    )
    expect(page.get_by_label(PHASE_CHANGES)).not_to_be_checked()
    expect(page.get_by_label(re.compile("^A new Marketing Pack"))).to_be_checked()
    assert_no_axe_violations(page)
    shoot(page, "lead--email-settings-saved")

    # And back on, as the other journeys expect Fife's lead to hear of everything.
    choose(page, PHASE_CHANGES)
    page.get_by_role("button", name="Save email settings").click()
    expect(page.get_by_label(PHASE_CHANGES)).to_be_checked()


def test_staff_see_that_pulse_reminders_are_always_sent(open_as) -> None:
    page = open_as("staff")
    page.goto("/accounts/email/")
    always = page.locator("main")
    expect(always).to_contain_text("These emails ask you to act")
    expect(always).to_contain_text("A pulse of your project overdue")
    expect(page.get_by_label("A pulse of your project overdue")).to_have_count(0)
    assert_no_axe_violations(page)
    shoot(page, "staff--email-settings")


def test_staff_open_the_outbox_and_an_email_in_it(open_as) -> None:
    page = open_as("staff")
    # The portal's first requests ran the day's jobs (pulse reminders, the digest)
    # in the background: wait for their email to be in the outbox.
    rows = page.locator("table.ds_table tbody tr")
    for _ in range(30):
        page.goto("/outbox/")
        if rows.count():
            break
        page.wait_for_timeout(1000)
    expect(page.locator("h1")).to_have_text("Outbox")
    expect(rows.first).to_be_visible()
    assert_no_axe_violations(page)
    shoot(page, "staff--outbox")

    filters = page.locator("form.hb-filters")
    filters.get_by_label("Status").select_option(label="Sent")
    filters.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"status=sent"))
    link = rows.first.locator("a").first
    subject = link.inner_text()
    link.click()
    expect(page.locator("h1")).to_have_text(subject)
    main = page.locator("main")
    expect(main).to_contain_text("Sent")
    expect(main).to_contain_text("Attempts")
    expect(main).to_contain_text("Hello ")
    expect(page.get_by_role("button", name="Send it again")).to_have_count(0)
    assert_no_axe_violations(page)
    shoot(page, "staff--outbox-email")
