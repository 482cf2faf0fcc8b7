"""The admin is in staff's navigation, so its pages meet the same bar."""

import pytest

from tests.browser.test_accessibility import assert_no_axe_violations

ADMIN_PAGES = [
    "/admin/",
    "/admin/portfolios/project/",
    "/admin/portfolios/project/?rag_status__exact=red",
    "/admin/portfolios/project/add/",
    "/admin/portfolios/portfolio/",
    "/admin/councils/council/",
    "/admin/councils/user/",
    "/admin/heartbeat/phase/",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_page_has_no_accessibility_violations(open_as, path) -> None:
    page = open_as("staff")
    page.goto(path)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("model", ["project", "portfolio"])
def test_admin_change_form_has_no_accessibility_violations(open_as, model) -> None:
    page = open_as("staff")
    page.goto(f"/admin/portfolios/{model}/")
    page.locator("#result_list tbody th a").first.click()
    page.wait_for_url("**/change/")
    assert_no_axe_violations(page)


def test_admin_council_and_phase_forms_have_no_accessibility_violations(
    open_as,
) -> None:
    page = open_as("staff")
    for listing in ("/admin/councils/council/", "/admin/heartbeat/phase/"):
        page.goto(listing)
        page.locator("#result_list tbody th a, #result_list tbody td a").first.click()
        page.wait_for_url("**/change/")
        assert_no_axe_violations(page)


def test_the_page_asking_why_a_commitment_is_declined_has_no_violations(
    open_as,
) -> None:
    page = open_as("staff")
    page.goto("/admin/portfolios/commitment/?status__exact=proposed")
    page.locator("#result_list tbody input.action-select").first.check()
    page.select_option("select[name=action]", "decline")
    page.locator("button[name=index]").first.click()
    page.get_by_label("Why").wait_for()
    assert_no_axe_violations(page)
