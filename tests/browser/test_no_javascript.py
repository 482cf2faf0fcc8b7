"""The main journeys work with JavaScript switched off."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, sign_in


def test_sign_in_filter_and_read_without_javascript(open_as) -> None:
    page = open_as(None, javascript=False)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("lead-fife")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Fife Council")

    page.goto("/projects/")
    filters = page.locator("form.hb-filters")
    filters.get_by_label("Delivery status").select_option("red")
    filters.get_by_label("State").select_option("in_flight")
    filters.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"rag=red"))
    page.wait_for_load_state()
    rows = page.locator("table.ds_table tbody tr")
    assert rows.count() > 0
    for row in rows.all():
        expect(row.locator("strong.ds_tag").first).to_have_text("Red")

    page.locator("table.ds_table tbody a").first.click()
    expect(page.locator(".ds_page-header__metadata")).to_contain_text("Red")


def test_a_form_with_errors_keeps_the_input_without_javascript(open_as) -> None:
    page = open_as("lead", javascript=False)
    page.goto("/councils/fife/edit/")
    page.get_by_label("Digital contact (optional)", exact=True).fill("Ailsa Brown")
    page.get_by_label("Digital contact email (optional)").fill("not an email")
    page.get_by_role("button", name="Save details").click()
    summary = page.locator(".ds_error-summary")
    expect(summary).to_contain_text("There is a problem")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Digital contact email (optional)")).to_be_focused()
    expect(page.get_by_label("Digital contact (optional)", exact=True)).to_have_value(
        "Ailsa Brown"
    )
    expect(page).to_have_title(re.compile("^Error: "))


def test_the_mobile_menu_opens_without_javascript(open_as, portal) -> None:
    # A session of its own: signing out must not end the one other tests share.
    page = open_as(None, width=375, javascript=False)
    sign_in(page, portal, "staff")
    page.goto("/projects/")
    mobile_navigation = page.locator("#mobile-navigation")
    expect(mobile_navigation).to_be_hidden()
    page.locator("label[for=menu]").click()
    expect(mobile_navigation).to_be_visible()
    mobile_navigation.get_by_role("link", name="Councils").click()
    expect(page.locator("h1")).to_have_text("Councils")
    page.locator("label[for=menu]").click()
    mobile_navigation.get_by_role("button", name=re.compile("Sign out")).click()
    expect(page.locator("h1")).to_have_text("Sign in to Heartbeat")
