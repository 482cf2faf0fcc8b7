"""The pages each role reaches, in the seeded demo, and helpers to check them."""

from playwright.sync_api import Page

PROJECT = "/projects/office-365-federation/"
PORTFOLIO = "/portfolios/modern-workplace/"

PACK = f"{PROJECT}pack/"

COMMON = [
    "/dashboard/",
    "/dashboard/?portfolio=digital-telecare",
    PACK,
    "/portfolios/",
    PORTFOLIO,
    "/projects/",
    "/projects/?rag=red&phase=deliver",
    PROJECT,
    "/heartbeat/",
    "/heartbeat/?portfolio=digital-telecare",
    "/councils/",
    "/councils/fife/",
    "/councils/highland/",
    "/accounts/password_change/",
    "/accounts/email/",
    "/ideas/",
    "/ideas/?status=all&objective=scoping",
    "/ideas/criteria/",
    f"{PROJECT}pulses/",
]

PAGES = {
    "staff": [
        *COMMON,
        "/exports/",
        "/dashboard/?objective=scaling&as_at=01/10/2026",
        "/councils/fife/edit/",
        f"{PACK}edit/",
        f"{PROJECT}commit/",
        f"{PROJECT}benefits/add/",
        f"{PROJECT}review/",
        f"{PROJECT}pulse/",
        f"{PROJECT}history/",
        "/projects/?state=stalled",
        "/queue/",
        "/queue/?mine=1",
        "/outbox/",
        "/outbox/?status=sent",
        "/portfolios/new/",
        "/portfolios/order/",
        f"{PORTFOLIO}edit/",
        f"{PORTFOLIO}targets/add/",
        "/projects/new/",
        f"{PROJECT}edit/",
        f"{PROJECT}needs/add/",
        f"{PROJECT}products/add/",
        "/ideas/new/",
    ],
    "executive": [*COMMON, "/exports/"],
    "lead": [*COMMON, "/councils/fife/edit/", f"{PROJECT}commit/", "/ideas/new/"],
    None: ["/accounts/login/", "/accounts/password_reset/", "/no-such-page/"],
}

# Pages worth a screenshot for a person to look at, per role.
MAIN_PAGES = {
    "staff": [
        "/queue/",
        "/portfolios/",
        PORTFOLIO,
        "/projects/",
        PROJECT,
        f"{PROJECT}review/",
        "/heartbeat/",
    ],
    "executive": ["/dashboard/", "/councils/", "/councils/fife/", "/exports/"],
    "lead": ["/councils/fife/", "/councils/fife/edit/", PACK, f"{PROJECT}commit/"],
    None: ["/accounts/login/", "/no-such-page/"],
}

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def navigation_paths(page: Page) -> list[str]:
    """The paths of the desktop navigation's links (sign out is a form, not a link)."""
    links = page.locator(".ds_site-header__navigation a.ds_site-navigation__link")
    return links.evaluate_all("links => links.map(a => a.pathname + a.search)")


def shot_name(role: str | None, path: str, width: int) -> str:
    slug = path.strip("/").replace("/", "_").replace("?", "_").replace("&", "_")
    return f"{role or 'signed-out'}--{slug or 'home'}--{width}.png"
