"""A staff member takes a project through the whole lifecycle and back, in the
browser, with each refusal explained on the form."""

import re

from playwright.sync_api import Locator, Page, expect

from tests.browser.test_accessibility import assert_no_axe_violations


def choose(scope: Page | Locator, label: str) -> None:
    """Tick a radio or checkbox as a person does: the design system's label covers
    the input, so click the label."""
    scope.locator("label", has_text=re.compile(f"^{re.escape(label)}$")).click()


def open_review(page: Page) -> None:
    page.get_by_role("link", name="Record a gate review").click()
    expect(page.locator("h1")).to_contain_text("Gate review")


def tick_every_criterion(page: Page) -> None:
    for criterion in page.locator("fieldset.hb-criterion").all():
        choose(criterion, "This criterion is met")
        criterion.get_by_label(re.compile("^Evidence")).fill("Agreed with the cohort.")


def test_staff_take_a_project_from_scope_to_close_and_back(open_as) -> None:
    page = open_as("staff")
    page.goto("/projects/?phase=scope&state=in_flight")
    page.locator("table.ds_table tbody a").first.click()
    name = page.locator("h1").inner_text()
    expect(page.locator(".ds_page-header__metadata")).to_contain_text("1. Scope")

    # Proceeding with nothing ticked is refused, and the form says why.
    open_review(page)
    choose(page, "Proceed to the next phase")
    page.get_by_label(re.compile("^Rationale")).fill("Ready to recruit a cohort.")
    page.get_by_role("button", name="Record the decision").click()
    summary = page.locator(".ds_error-summary")
    expect(summary).to_contain_text("Proceed is refused: 2 mandatory exit criteria")
    expect(summary).to_be_focused()
    assert_no_axe_violations(page)
    expect(page.get_by_label(re.compile("^Rationale"))).to_have_value(
        "Ready to recruit a cohort."
    )

    # Ticked with evidence, each gate moves it exactly one phase on.
    tick_every_criterion(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".ds_notification-message")).to_contain_text(
        "is now in Recruit"
    )
    for phase in ("Discover", "Design", "Deliver", "Scale", "Close"):
        open_review(page)
        choose(page, "Proceed to the next phase")
        tick_every_criterion(page)
        page.get_by_label(re.compile("^Rationale")).fill("Exit criteria met.")
        page.get_by_role("button", name="Record the decision").click()
        expect(page.locator(".ds_notification-message")).to_contain_text(
            f"is now in {phase}"
        )
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator(".ds_page-header__metadata")).to_contain_text("7. Close")

    # Close is the last phase: proceeding is not offered; returning is.
    open_review(page)
    expect(page.get_by_label("Proceed to the next phase")).to_have_count(0)
    choose(page, "Return to an earlier phase")
    page.get_by_label(re.compile("^Rationale")).fill("Benefits not yet measurable.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".ds_error-summary")).to_contain_text(
        "Choose the earlier phase to return to"
    )
    page.get_by_label(re.compile("^Phase to return to")).select_option(label="1. Scope")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".ds_notification-message")).to_contain_text("is now in Scope")
    timeline = page.locator("#timeline + ol")
    expect(timeline.locator("li.hb-timeline__item")).to_have_count(7)
    expect(timeline.locator("li").first).to_contain_text("From Close to Scope")


def test_staff_report_a_pulse_and_change_a_product(open_as) -> None:
    page = open_as("staff")
    page.goto("/projects/office-365-federation/")
    page.get_by_role("link", name="Report the pulse").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Record the pulse").click()
    expect(page.locator(".ds_error-summary")).to_contain_text(
        "Choose the delivery status"
    )
    choose(page, "Amber")
    page.get_by_label(re.compile("^Commentary")).fill("Two councils still to confirm.")
    page.get_by_role("button", name="Record the pulse").click()
    expect(page.locator(".ds_page-header__metadata")).to_contain_text("Amber")
    expect(page.locator("main")).to_contain_text("Two councils still to confirm.")

    products = page.get_by_role("table", name="Products expected in the current phase")
    products.get_by_role("link").first.click()
    assert_no_axe_violations(page)
    choose(page, "Not needed")
    page.get_by_role("button", name="Save the status").click()
    expect(page.locator(".ds_error-summary")).to_contain_text(
        "Say why the product is not needed"
    )
    page.get_by_label(re.compile("^Why it is not needed")).fill("Covered by the pack.")
    page.get_by_role("button", name="Save the status").click()
    expect(products).to_contain_text("Not needed")


def test_readers_see_no_lifecycle_controls(open_as) -> None:
    for role in ("executive", "lead"):
        page = open_as(role)
        page.goto("/projects/office-365-federation/")
        expect(page.get_by_role("link", name="Record a gate review")).to_have_count(0)
        expect(page.get_by_role("link", name="Report the pulse")).to_have_count(0)
        response = page.goto("/projects/office-365-federation/review/")
        assert response.status == 403


def test_staff_add_a_benefit_and_record_an_actual(open_as) -> None:
    page = open_as("staff")
    page.goto("/projects/office-365-federation/")
    page.get_by_role("link", name="Add a benefit").click()
    page.get_by_label(re.compile("^Measure")).select_option("custom")
    page.get_by_label(re.compile("^Target")).fill("500")
    page.get_by_role("button", name="Save the benefit").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Name the measure")
    assert_no_axe_violations(page)
    page.get_by_label(re.compile("^Name of the measure")).fill("Paper forms avoided")
    page.get_by_role("button", name="Save the benefit").click()
    benefits = page.get_by_role(
        "table", name="Benefits: baseline, target and the latest actual"
    )
    expect(benefits).to_contain_text("Paper forms avoided")
    benefits.get_by_role(
        "link", name="Record an actual for Paper forms avoided"
    ).click()
    assert_no_axe_violations(page)
    page.get_by_label(re.compile("^Value to date")).fill("125")
    page.get_by_role("button", name="Record the actual").click()
    row = benefits.locator("tr", has_text="Paper forms avoided")
    expect(row).to_contain_text("125")
    expect(row).to_contain_text("25%")
