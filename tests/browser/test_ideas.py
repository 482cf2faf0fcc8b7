"""An idea from a council, in the browser: Fife's lead proposes it, staff score it
and accept it into a portfolio, and the lead sees it became a project."""

import datetime as dt
import re
import time

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import assert_no_axe_violations
from tests.browser.test_lifecycle import choose

WIDTHS = (1280, 375)


def shoot(page: Page, name: str) -> None:
    """A full-page screenshot at each width, for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    for each in WIDTHS:
        page.set_viewport_size({"width": each, "height": 900})
        page.screenshot(path=SCREENSHOTS / f"ideas--{name}--{each}.png", full_page=True)
    page.set_viewport_size({"width": width, "height": 900})


def test_a_lead_proposes_an_idea_and_staff_accept_it_into_a_project(
    open_as,
) -> None:
    title = f"Shared booking for bulky uplifts {time.time_ns() % 100000}"

    # Fife's lead proposes the idea, naming a council that shares it.
    lead = open_as("lead")
    lead.goto("/ideas/")
    expect(lead.locator("h1")).to_have_text("Ideas from councils")
    lead.get_by_role("link", name="Propose an idea").click()
    expect(lead.locator("h1")).to_have_text("Propose an idea")
    lead.get_by_role("button", name="Propose the idea").click()
    expect(lead.locator(".ds_error-summary")).to_contain_text("Give the idea a title")
    assert_no_axe_violations(lead)
    lead.get_by_label(re.compile("^Title")).fill(title)
    lead.get_by_label(re.compile("^What is the problem")).fill(
        "Residents phone to book a bulky uplift; half the calls are about dates."
    )
    lead.get_by_label(re.compile("^Who does it affect")).fill(
        "Residents with bulky waste, and contact centre staff."
    )
    choose(lead, "Scoping: the representative needs of Scottish local government")
    lead.get_by_text("Name other councils that share the problem").click()
    choose(lead, "Highland")
    shoot(lead, "propose")
    lead.get_by_role("button", name="Propose the idea").click()
    expect(lead.locator("h1")).to_have_text(title)
    expect(lead.locator(".ds_notification-message")).to_contain_text("proposed")
    expect(lead.locator("#councils + p")).to_contain_text("2 councils")
    assert_no_axe_violations(lead)
    idea_url = lead.url

    # Staff find it to score, score it, and accept it into a portfolio.
    staff = open_as("staff")
    staff.goto("/ideas/?status=to_score")
    row = staff.locator("tr", has_text=title)
    expect(row).to_contain_text("To score")
    assert_no_axe_violations(staff)
    shoot(staff, "list-staff")
    row.get_by_role("link", name=title).click()
    staff.get_by_role("link", name="Score this idea").click()
    assert_no_axe_violations(staff)
    choose(staff, "4: serves an objective strongly")
    choose(staff, "4: a large gain, or a clear one for many councils")
    choose(staff, "2: a few months for a small team")
    staff.get_by_label(re.compile("^Note")).fill("Common to most councils.")
    shoot(staff, "score")
    staff.get_by_role("button", name="Save your scores").click()
    expect(staff.locator(".ds_page-header__metadata")).to_contain_text("out of 100")
    shoot(staff, "idea-staff")
    staff.get_by_role("link", name="Accept into a portfolio").click()
    expect(staff.locator("h1")).to_have_text("Accept the idea into a portfolio")
    staff.get_by_label(re.compile("^Portfolio")).select_option(
        label="Service Design and Innovation"
    )
    project_name = f"Bulky uplifts online {title.rsplit(' ', 1)[-1]}"
    staff.get_by_label(re.compile("^Project name")).fill(project_name)
    staff.get_by_label(re.compile("^Intended outcome")).fill(
        "Residents book a bulky uplift online, any hour."
    )
    choose(staff, "Redesigning services")
    target = timezone.localdate() + dt.timedelta(days=365)
    staff.get_by_label(re.compile("^Target end date")).fill(target.strftime("%d/%m/%Y"))
    assert_no_axe_violations(staff)
    shoot(staff, "accept")
    staff.get_by_role("button", name="Accept and start the project").click()

    # The new project's page opens, in the first phase.
    expect(staff.locator("h1")).to_have_text(project_name)
    expect(staff.locator(".ds_notification-message")).to_contain_text("accepted")
    expect(staff.locator(".ds_page-header__metadata")).to_contain_text("Scope")

    # The lead sees the idea accepted, with a link to the project.
    lead.goto(idea_url)
    expect(lead.locator(".ds_page-header__metadata")).to_contain_text("Accepted")
    shoot(lead, "idea-lead-accepted")
    lead.get_by_role("link", name=project_name).click()
    expect(lead.locator("h1")).to_have_text(project_name)
    lead.goto("/ideas/?status=accepted")
    expect(lead.locator("tr", has_text=title)).to_contain_text(project_name)
    assert_no_axe_violations(lead)
    shoot(lead, "list-lead-accepted")


def test_the_criteria_page_reads_well(open_as) -> None:
    page = open_as("executive")
    page.goto("/ideas/criteria/")
    expect(
        page.get_by_role("table", name="The criteria and their weights")
    ).to_be_visible()
    assert_no_axe_violations(page)
    shoot(page, "criteria")
