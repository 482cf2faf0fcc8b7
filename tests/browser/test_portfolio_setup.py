"""Staff set up a portfolio, its target, its rank and a project's need on the
portal, by clicks and typing only, never opening the admin."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.pages import PROJECT, WCAG_TAGS

AXE = Axe()
NAME = "Digital Inclusion"
SLUG = "/portfolios/digital-inclusion/"


def looked_at(page: Page, name: str) -> None:
    """A screenshot for a person to look at, and an axe scan of the page as shown."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=SCREENSHOTS / f"setup--{name}--{width}.png", full_page=True)
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def tick(page: Page, label: str) -> None:
    """Tick a radio or checkbox as a person does: the design system's label covers
    the input."""
    page.locator("label", has_text=re.compile(f"^{re.escape(label)}\\b")).click()


def ranks(page: Page) -> list[str]:
    """The names on the reorder page, from priority 1 down."""
    return page.locator("tbody td:nth-child(2)").all_inner_texts()


@pytest.fixture
def staff(open_as) -> Page:
    page = open_as("staff")
    visited: list[str] = []
    page.on("request", lambda request: visited.append(request.url))
    yield page
    assert not [url for url in visited if "/admin/" in url], "the admin was opened"


def test_staff_set_up_a_portfolio_with_a_target_and_move_it_up(staff: Page) -> None:
    page = staff
    page.goto("/portfolios/")
    page.get_by_role("link", name="Add a portfolio").click()
    expect(page.locator("h1")).to_have_text("Add a portfolio")
    looked_at(page, "portfolio-new")

    # A mistake first: what was typed is kept, the summary says what is wrong.
    page.get_by_label("Name", exact=True).fill(NAME)
    page.get_by_label("Summary").fill(
        "Everyone in Scotland able to use the councils' online services."
    )
    page.get_by_role("button", name="Add the portfolio").click()
    summary = page.locator(".ds_error-summary")
    expect(summary).to_contain_text("Enter the lead officer's name")
    expect(summary).to_contain_text("Choose at least one vision objective")
    expect(page.get_by_label("Name", exact=True)).to_have_value(NAME)
    looked_at(page, "portfolio-new-errors")

    page.get_by_label("Lead officer", exact=True).fill("Morag Campbell")
    tick(page, "Shifting")
    tick(page, "Scaling")
    page.get_by_role("button", name="Add the portfolio").click()

    expect(page.locator("h1")).to_have_text(NAME)
    expect(page.locator(".ds_notification-message")).to_contain_text(
        "Portfolio created"
    )
    expect(page.locator("#targets ~ p").first).to_contain_text("No targets")

    page.get_by_role("link", name="Add a target").click()
    page.get_by_label("Measure", exact=True).select_option(label="People reached")
    page.get_by_label("Target", exact=True).fill("1,000")
    page.get_by_label("By", exact=True).fill("31/03/2027")
    looked_at(page, "target-new")
    page.get_by_role("button", name="Save the target").click()

    expect(page).to_have_url(re.compile(f"{SLUG}#targets$"))
    table = page.locator("#targets ~ div table").first
    expect(table).to_contain_text("People reached")
    expect(table).to_contain_text("1,000")
    expect(table).to_contain_text("31 Mar 2027")
    expect(table).to_contain_text("No figures yet")  # none computed since
    looked_at(page, "portfolio-with-target")

    # Its rank: last, then moved to 2; the others shift down one.
    page.get_by_role("link", name="Portfolios", exact=True).first.click()
    page.get_by_role("link", name="Change the order").click()
    before = ranks(page)
    assert before[-1] == NAME
    looked_at(page, "order")
    page.get_by_label("Portfolio", exact=True).select_option(
        label=f"{len(before)}. {NAME}"
    )
    page.get_by_label("New rank").fill("2")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator(".ds_notification-message")).to_contain_text(
        f"{NAME} is now at priority 2"
    )
    assert ranks(page) == [before[0], NAME, *before[1:-1]]

    page.get_by_role("link", name="Back to the portfolios").click()
    second = page.locator(".hb-portfolio-list > li").nth(1)
    expect(second).to_contain_text("Priority 2")
    expect(second).to_contain_text(NAME)
    expect(second).to_contain_text("Shifting, Scaling")
    second.get_by_role("link").click()
    expect(page.locator(".ds_page-header__label")).to_have_text("Portfolio, priority 2")
    expect(page.locator("#targets ~ div table").first).to_contain_text("People reached")

    # Put it back at the end (the other browser tests expect the demo's order),
    # with the Down button on the reorder page.
    page.goto("/portfolios/order/")
    for rank in range(3, len(before) + 1):
        page.get_by_role("button", name=f"Move down {NAME} to priority {rank}").click()
        expect(page.locator(".ds_notification-message")).to_contain_text(
            f"{NAME} is now at priority {rank}"
        )
    assert ranks(page) == before


def test_staff_add_a_need_to_a_project_and_remove_it(staff: Page) -> None:
    page = staff
    page.goto(PROJECT)
    page.get_by_role("link", name="Add a need").click()
    expect(page.locator("h1")).to_have_text("Add a need")
    looked_at(page, "need-new")

    tick(page, "Money")
    page.get_by_label("Amount in pounds, for money").fill("£25,000")
    page.get_by_label("From", exact=True).fill("01/01/1990")  # before the project
    page.get_by_label("Until", exact=True).fill("31/12/2026")
    page.get_by_role("button", name="Save the need").click()
    expect(page.locator(".ds_error-summary")).to_contain_text(
        "The period must be inside the project's dates"
    )
    expect(page.get_by_label("Amount in pounds, for money")).to_have_value("£25,000")

    start = (
        page.locator("#id_starts_on_helptext")
        .inner_text()
        .removeprefix("For example, ")
    )
    page.get_by_label("From", exact=True).fill(start)
    page.get_by_label("Until", exact=True).fill(start)
    page.get_by_role("button", name="Save the need").click()
    expect(page).to_have_url(re.compile(r"#needs$"))
    expect(page.locator(".ds_notification-message")).to_contain_text(
        "Need saved: Funding"
    )

    needs = page.locator("#needs ~ div table").first
    row = needs.locator("tbody tr", has_text="£25,000").last
    row.get_by_role("link", name=re.compile("^Remove")).click()
    expect(page.locator("h1")).to_have_text("Remove the need: Funding?")
    looked_at(page, "need-remove")
    page.get_by_role("button", name="Remove the need").click()
    expect(page.locator(".ds_notification-message")).to_contain_text(
        "Need removed: Funding"
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_the_set_up_pages_read_well_on_a_phone_and_a_desktop(open_as, width) -> None:
    page = open_as("staff", width=width)
    for name, path in [
        ("portfolios", "/portfolios/"),
        ("portfolio", "/portfolios/modern-workplace/"),
        ("portfolio-edit", "/portfolios/modern-workplace/edit/"),
        ("order", "/portfolios/order/"),
        ("target-new", "/portfolios/modern-workplace/targets/add/"),
        ("need-new", f"{PROJECT}needs/add/"),
    ]:
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        looked_at(page, name)
