"""Staff set a project up on the portal, by clicks and typing only, and never open the
admin: its details and owner, a need, its own product with a due date, one of the
model's marked not needed; then read every pulse."""

import re

from playwright.sync_api import Page, Request, expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import assert_no_axe_violations
from tests.browser.test_lifecycle import choose

NAME = "Shared telecare alarm receiving centres"


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=SCREENSHOTS / f"setup--{name}--{width}.png", full_page=True)


def never_the_admin(page: Page) -> list[str]:
    """The admin pages the browser asked for: there must be none."""
    asked: list[str] = []

    def note(request: Request) -> None:
        if "/admin/" in request.url:
            asked.append(request.url)

    page.on("request", note)
    return asked


def test_staff_set_up_a_project_with_an_owner_a_need_and_tailored_products(
    open_as,
) -> None:
    page = open_as("staff")
    admin = never_the_admin(page)
    page.goto("/projects/")
    page.get_by_role("link", name="Add a project").click()
    expect(page.locator("h1")).to_have_text("Add a project")

    # Sent empty: every question says what it needs, and the summary comes first.
    page.get_by_role("button", name="Add the project").click()
    summary = page.locator(".ds_error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Choose the portfolio the project belongs to")
    expect(summary).to_contain_text("Choose the project's owner")
    assert_no_axe_violations(page)

    page.get_by_label(re.compile("^Portfolio")).select_option(label="Digital Telecare")
    page.get_by_label(re.compile("^Name")).fill(NAME)
    page.get_by_label(re.compile("^Summary")).fill(
        "Four shared alarm receiving centres for the councils' telecare."
    )
    page.get_by_label(re.compile("^The problem")).fill(
        "Every council runs its own centre, each too small to go digital."
    )
    page.get_by_label(re.compile("^Intended outcome")).fill(
        "Every council's telecare alarms answered by a shared digital centre."
    )
    choose(page, "Implementing technology")
    choose(page, "Scaling")
    owner = page.get_by_label(re.compile("^Owner"))
    owner_name = owner.locator("option").nth(1).inner_text()
    owner.select_option(index=1)
    page.get_by_label(re.compile("^Start date")).fill("01/09/2026")
    page.get_by_label(re.compile("^Target end date")).fill("31/03/2028")
    choose(page, "Amber")
    page.get_by_label(re.compile("^Opening commentary")).fill(
        "Waiting for the first councils to join."
    )
    shoot(page, "project-add")
    page.get_by_role("button", name="Add the project").click()

    expect(page.locator("h1")).to_have_text(NAME)
    expect(page.locator(".ds_notification-message")).to_contain_text(
        "is set up in Scope"
    )
    metadata = page.locator(".ds_page-header__metadata")
    expect(metadata).to_contain_text("1. Scope")
    expect(metadata).to_contain_text(owner_name)
    expect(metadata).to_contain_text("Amber")
    project_url = page.url

    # A need, on the needs' own page, from the project's page.
    page.get_by_role("link", name="Add a need").click()
    choose(page, "People in a role")
    page.get_by_label(re.compile("^Role, for people")).select_option(index=1)
    role = page.get_by_label(re.compile("^Role, for people")).evaluate(
        "select => select.selectedOptions[0].text"
    )
    page.get_by_label(re.compile("^Person-days")).fill("40")
    page.get_by_label(re.compile("^From")).fill("01/10/2026")
    page.get_by_label(re.compile("^Until")).fill("31/03/2027")
    page.get_by_role("button", name="Save the need").click()
    needs = page.get_by_role("table", name="Resource needs")
    expect(needs).to_contain_text(role)
    expect(needs).to_contain_text("40")

    # A product of its own, due by a date.
    page.get_by_role("link", name="Add a product").click()
    expect(page.locator("h1")).to_have_text("Add a product")
    page.get_by_label(re.compile("^Name of the product")).fill("Data sharing agreement")
    page.get_by_label(re.compile("^Due by")).fill("30/11/2026")
    page.get_by_label(re.compile("^Link to the evidence")).fill("javascript:alert(1)")
    page.get_by_role("button", name="Add the product").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("starting with https://")
    assert_no_axe_violations(page)
    shoot(page, "product-add-refused")
    page.get_by_label(re.compile("^Link to the evidence")).fill(
        "https://docs.example.scot/data-sharing"
    )
    page.get_by_role("button", name="Add the product").click()
    expect(page.locator(".ds_notification-message")).to_contain_text(
        "Data sharing agreement added to Scope"
    )
    products = page.get_by_role("table", name="Products expected in the current phase")
    own = products.locator("tr", has_text="Data sharing agreement")
    expect(own).to_contain_text("30 Nov 2026")
    expect(own).to_contain_text("Added for this project")
    expect(own.get_by_role("link", name=re.compile("Read it"))).to_have_attribute(
        "href", "https://docs.example.scot/data-sharing"
    )

    # One the model expects, marked not needed with the reason.
    first = products.locator("tbody tr").first
    expected = first.locator("td").first.inner_text()
    first.get_by_role("link", name=re.compile("^Change")).click()
    assert_no_axe_violations(page)
    choose(page, "Not needed")
    page.get_by_role("button", name="Save the status").click()
    expect(page.locator(".ds_error-summary")).to_contain_text(
        "Say why the product is not needed"
    )
    page.get_by_label(re.compile("^Why it is not needed")).fill(
        "Covered by the national business case."
    )
    page.get_by_role("button", name="Save the status").click()
    row = products.locator("tr", has_text=expected)
    expect(row).to_contain_text("Not needed")
    expect(row).to_contain_text("Covered by the national business case.")
    shoot(page, "project")

    # The details, edited; the phase and status are shown, not edited.
    page.get_by_role("link", name="Edit project").click()
    expect(page.locator("h1")).to_have_text("Edit the project")
    expect(page.locator("main")).to_contain_text("1. Scope")
    assert_no_axe_violations(page)
    shoot(page, "project-edit")
    page.get_by_label(re.compile("^Summary")).fill(
        "Four shared digital alarm receiving centres for every council."
    )
    page.get_by_role("button", name="Save the project").click()
    expect(page.locator(".ds_leader")).to_have_text(
        "Four shared digital alarm receiving centres for every council."
    )

    # Every pulse, on a page of its own.
    page.get_by_role("link", name="All 1 pulse").click()
    expect(page.locator("h1")).to_have_text("Pulses")
    expect(page.locator("main")).to_contain_text(
        "Waiting for the first councils to join."
    )
    assert_no_axe_violations(page)
    assert page.url.startswith(project_url)
    assert admin == []


def test_the_new_pages_read_well_on_a_phone(open_as) -> None:
    page = open_as("staff", width=375)
    page.goto("/projects/new/")
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(page, "project-add")
    page.goto("/projects/office-365-federation/")
    page.get_by_role("link", name="Edit project").click()
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(page, "project-edit")
    page.goto("/projects/office-365-federation/")
    page.get_by_role("link", name="Add a product").click()
    assert_no_axe_violations(page)
    shoot(page, "product-add")
    page.goto("/projects/office-365-federation/")
    page.get_by_role("link", name=re.compile(r"^All \d+ pulses")).click()
    assert_no_axe_violations(page)
    shoot(page, "pulses")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375


def test_readers_are_offered_no_setting_up(open_as) -> None:
    for role in ("executive", "lead"):
        page = open_as(role)
        page.goto("/projects/")
        expect(page.get_by_role("link", name="Add a project")).to_have_count(0)
        page.goto("/projects/office-365-federation/")
        expect(page.get_by_role("link", name="Edit project")).to_have_count(0)
        expect(page.get_by_role("link", name="Add a product")).to_have_count(0)
        expect(page.get_by_role("link", name="Add a need")).to_have_count(0)
        assert page.goto("/projects/new/").status == 403
        # Every pulse is for everyone to read.
        page.goto("/projects/office-365-federation/")
        page.get_by_role("link", name=re.compile(r"^All \d+ pulses")).click()
        expect(page.locator("h1")).to_have_text("Pulses")
