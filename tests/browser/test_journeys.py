"""Each role's everyday journey, by clicks and typing only."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in


def sign_out(page: Page) -> None:
    page.locator(".ds_site-header__navigation").get_by_role(
        "button", name=re.compile("Sign out")
    ).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.locator("h1")).to_have_text("Sign in to Heartbeat")


def test_staff_open_a_project_and_edit_it_in_the_admin(open_as, portal) -> None:
    page = open_as(None)
    sign_in(page, portal, "staff")
    expect(page.locator("h1")).to_have_text("Dashboard")
    page.locator(".ds_site-header__navigation").get_by_role(
        "link", name="Portfolios"
    ).click()
    page.get_by_role("link", name=re.compile("Modern Workplace")).click()
    expect(page.locator("h1")).to_have_text("Modern Workplace")
    page.get_by_role("link", name="Office 365 Federation").click()
    expect(page.locator("h1")).to_have_text("Office 365 Federation")

    page.get_by_role("link", name="Admin").first.click()
    expect(page).to_have_title(re.compile("Heartbeat admin"))
    page.get_by_role("link", name="Projects", exact=True).click()
    page.locator("#searchbar").fill("Office 365 Federation")
    page.locator("#searchbar").press("Enter")
    page.get_by_role("link", name="Office 365 Federation").click()
    summary = "Federates councils' Microsoft 365 tenants: find, chat, share."
    page.get_by_label("Summary").fill(summary)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto("/projects/office-365-federation/")
    expect(page.locator(".ds_leader")).to_have_text(summary)
    sign_out(page)


def test_lead_lands_on_their_council_and_opens_a_project(open_as, portal) -> None:
    page = open_as(None)
    sign_in(page, portal, "lead-fife")
    expect(page.locator("h1")).to_have_text("Fife Council")
    expect(page.get_by_role("link", name="Edit Fife's details")).to_be_visible()
    first_project = page.locator("#projects ~ div table a").first
    name = first_project.inner_text()
    first_project.click()
    expect(page.locator("h1")).to_have_text(name)
    sign_out(page)


def test_executive_reaches_every_page_in_the_navigation(open_as, portal) -> None:
    page = open_as(None)
    sign_in(page, portal, "executive")
    navigation = page.locator(".ds_site-header__navigation")
    labels = navigation.locator("a.ds_site-navigation__link").all_inner_texts()
    assert labels == [
        "Dashboard",
        "Portfolios",
        "Projects",
        "Heartbeat model",
        "Councils",
        "Ideas",
        "Exports",
        "Email settings",
    ]
    for label in labels:
        navigation.get_by_role("link", name=label).click()
        expect(navigation.get_by_role("link", name=label)).to_have_attribute(
            "aria-current", "page"
        )
        expect(page.locator("h1")).to_be_visible()
    sign_out(page)


def test_a_keyboard_user_signs_in_and_opens_a_project(open_as, portal) -> None:
    page = open_as(None)
    page.goto(f"{portal}/accounts/login/")
    page.get_by_label("Username").focus()
    page.keyboard.type("executive")
    page.keyboard.press("Tab")
    page.keyboard.type("browser-tests-only")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Dashboard")
    tab_to(page, "Projects")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Projects")
    tab_to(page, "Office 365 Federation")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Office 365 Federation")


def tab_to(page: Page, text: str, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.innerText.trim()") == text:
            return
    raise AssertionError(f"{text!r} cannot be reached with Tab")
