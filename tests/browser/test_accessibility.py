"""WCAG 2.2 AA in a real browser: axe-core on every page, keyboard, zoom, print."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.pages import (
    MAIN_PAGES,
    PAGES,
    WCAG_TAGS,
    navigation_paths,
    shot_name,
)

AXE = Axe()
EVERY_PAGE = [(role, path) for role, paths in PAGES.items() for path in paths]


def assert_no_axe_violations(page: Page) -> None:
    results = AXE.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}},
    )
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize(("role", "path"), EVERY_PAGE)
@pytest.mark.parametrize("width", [1280, 375])
def test_page_has_no_accessibility_violations(open_as, role, path, width) -> None:
    page = open_as(role, width=width)
    page.goto(path)
    assert_no_axe_violations(page)
    if path in MAIN_PAGES[role]:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / shot_name(role, path, width), full_page=True)


@pytest.mark.parametrize(("role", "path"), EVERY_PAGE)
def test_page_is_titled_with_one_heading_and_landmarks(open_as, role, path) -> None:
    page = open_as(role)
    page.goto(path)
    expect(page).to_have_title(
        re.compile(r"^(Error: )?.+ – Heartbeat – Digital Office$")
    )
    assert page.locator("h1").count() == 1
    assert page.locator("main#main-content").count() == 1
    assert page.locator("header.ds_site-header").count() == 1
    assert page.locator("footer.ds_site-footer").count() == 1
    depth = len(path.split("?")[0].strip("/").split("/"))
    if depth > 1 and not path.startswith(("/accounts/", "/no-such")):
        expect(page.get_by_role("navigation", name="Breadcrumb")).to_be_visible()


@pytest.mark.parametrize("role", ["staff", "executive", "lead"])
def test_the_navigation_only_leads_to_pages_checked_here(open_as, role) -> None:
    page = open_as(role)
    page.goto("/projects/")
    for path in navigation_paths(page):
        if path.startswith("/admin/"):
            continue  # Django's own admin, for staff; its journey is tested apart
        assert path in PAGES[role], f"{path} is in the navigation but not checked"


@pytest.mark.parametrize(("role", "path"), EVERY_PAGE)
def test_page_reads_at_400_percent_zoom_without_sideways_scrolling(
    open_as, role, path
) -> None:
    # 400% zoom of a 1280 px window is a 320 px wide viewport (WCAG 1.4.10 Reflow).
    page = open_as(role, width=320)
    page.goto(path)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{path} is {scroll_width}px wide at 320px"


FOCUS_STYLE = """element => {
  const style = getComputedStyle(element);
  return [style.outlineStyle, style.outlineWidth, style.outlineColor,
          style.boxShadow, style.backgroundColor, style.borderColor].join("|");
}"""

INTERACTIVE = """() => [...document.querySelectorAll(
  'a[href], button, input:not([type=hidden]), select, textarea, summary'
)].filter(el => {
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return box.width > 0 && box.height > 0 && style.visibility !== 'hidden'
    && !el.closest('[hidden], [inert]');
}).map(el => el.outerHTML)"""


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("staff", "/projects/"),
        ("lead", "/councils/fife/edit/"),
        ("executive", "/projects/office-365-federation/"),
        (None, "/accounts/login/"),
    ],
)
def test_every_control_is_reached_by_tab_with_a_visible_focus(
    open_as, role, path
) -> None:
    page = open_as(role)
    page.goto(path)
    expected = set(page.evaluate(INTERACTIVE))
    reached: set[str] = set()
    for _ in range(len(expected) * 2 + 10):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        if focused.evaluate("el => el === document.body"):
            break  # past the last control: focus has left the page
        html = focused.evaluate("el => el.outerHTML")
        if html in reached:
            break
        reached.add(html)
        focused_style = focused.evaluate(FOCUS_STYLE)
        focused.evaluate("el => el.blur()")
        plain_style = focused.evaluate(FOCUS_STYLE)
        assert focused_style != plain_style, f"no visible focus on {html[:120]}"
        focused.evaluate("el => el.focus()")
    missing = expected - reached
    assert not missing, f"not reachable with Tab: {sorted(missing)[:3]}"


@pytest.mark.parametrize(
    ("role", "path"), [("staff", "/projects/"), (None, "/accounts/login/")]
)
def test_skip_link_is_the_first_stop_and_jumps_to_the_content(open_as, role, path):
    page = open_as(role)
    page.goto(path)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"


@pytest.mark.parametrize("path", ["/projects/", "/projects/office-365-federation/"])
def test_print_shows_the_content_without_the_navigation(open_as, path) -> None:
    page = open_as("staff")
    page.goto(path)
    page.emulate_media(media="print")
    expect(page.locator(".ds_site-header__navigation")).to_be_hidden()
    expect(page.locator(".ds_phase-banner")).to_be_hidden()
    expect(page.locator(".ds_site-footer")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()


def test_error_pages_share_the_design(open_as) -> None:
    page = open_as("lead")
    response = page.goto("/councils/highland/edit/")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("You do not have permission to do this")
    assert_no_axe_violations(page)
    response = page.goto("/projects/no-such-project/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page.locator(".ds_site-header")).to_be_visible()
    assert_no_axe_violations(page)
