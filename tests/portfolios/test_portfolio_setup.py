"""Staff set up portfolios on the portal: create, edit, reorder, with history."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from councils.refusals import Conflict, Refused
from portfolios.models import Portfolio, VisionObjective
from portfolios.services import latest_history_id, move_portfolio, save_portfolio
from tests.factories import PortfolioFactory

pytestmark = pytest.mark.django_db

ADD = "/portfolios/new/"
ORDER = "/portfolios/order/"


@pytest.fixture
def three() -> list[Portfolio]:
    """Care, Data and Workplace, at priorities 1, 2 and 3, serving Scaling."""
    portfolios = [
        PortfolioFactory(name=name, slug=name.lower(), priority=rank)
        for rank, name in enumerate(["Care", "Data", "Workplace"], 1)
    ]
    for portfolio in portfolios:
        portfolio.vision_objectives.set(scaling())
    return portfolios


def scaling() -> list[VisionObjective]:
    return [VisionObjective.objects.get(slug="scaling")]


def ranks() -> list[tuple[str, int]]:
    return list(Portfolio.objects.order_by("priority").values_list("name", "priority"))


def new_portfolio(**changes: object) -> dict[str, object]:
    data = {
        "name": "Digital Telecare",
        "priority": "2",
        "summary": "Every council's telecare alarms moved to digital.",
        "lead_officer": "Morag Campbell",
        "lead_officer_email": "morag@digitaloffice.scot",
        "vision_objectives": [
            str(VisionObjective.objects.get(slug="scaling").pk),
            str(VisionObjective.objects.get(slug="shifting").pk),
        ],
        "starts_on": "01/04/2026",
        "ends_on": "",
    }
    return {**data, **changes}


def edit_data(portfolio: Portfolio, **changes: object) -> dict[str, object]:
    data = {
        "name": portfolio.name,
        "priority": str(portfolio.priority),
        "summary": portfolio.summary,
        "lead_officer": portfolio.lead_officer,
        "lead_officer_email": portfolio.lead_officer_email,
        "vision_objectives": [
            str(pk) for pk in portfolio.vision_objectives.values_list("pk", flat=True)
        ],
        "starts_on": portfolio.starts_on.strftime("%d/%m/%Y"),
        "ends_on": "",
        "seen": str(latest_history_id(portfolio) or 0),
    }
    return {**data, **changes}


# Creating -------------------------------------------------------------------------


def test_staff_create_a_portfolio_at_a_rank_and_the_others_shift_down(
    staff_client, staff_user, three
):
    response = staff_client.post(ADD, new_portfolio())

    created = Portfolio.objects.get(name="Digital Telecare")
    assert response.status_code == 302
    assert response.url == "/portfolios/digital-telecare/"
    assert ranks() == [
        ("Care", 1),
        ("Digital Telecare", 2),
        ("Data", 3),
        ("Workplace", 4),
    ]
    assert created.slug == "digital-telecare"
    assert {o.slug for o in created.vision_objectives.all()} == {"scaling", "shifting"}
    record = created.history.latest()
    assert record.history_user == staff_user
    assert record.history_change_reason == (
        "Created; vision objectives: Shifting, Scaling"
    )
    shifted = Portfolio.objects.get(name="Data").history.latest()
    assert shifted.history_change_reason == "Rank 2 to 3: Digital Telecare moved"
    assert shifted.history_user == staff_user


def test_a_new_portfolio_is_offered_the_last_rank(staff_client, three):
    response = staff_client.get(ADD)

    assert response.status_code == 200
    assert response.context["form"]["priority"].value() == 4
    assert "From 1 to 4" in response.content.decode()


def test_the_portfolio_form_labels_no_required_field_optional(staff_client, three):
    page = staff_client.get(ADD).content.decode()

    for label in ("Name", "Priority rank", "Summary", "Lead officer", "Active from"):
        assert re.search(rf">{label}\s*</label>", page)
    assert re.search(r"<legend>Vision objectives\s*</legend>", page)
    assert "Lead officer&#x27;s email address (optional)" in page
    assert "Active until (optional)" in page


def test_a_portfolio_created_at_the_end_takes_the_next_rank(staff_client, three):
    staff_client.post(ADD, new_portfolio(priority="4"))

    assert ranks()[-1] == ("Digital Telecare", 4)


def test_sending_the_new_portfolio_again_creates_it_once(staff_client, three):
    staff_client.post(ADD, new_portfolio())
    response = staff_client.post(ADD, new_portfolio())

    assert response.status_code == 200
    assert Portfolio.objects.filter(name="Digital Telecare").count() == 1
    assert response.context["form"].errors["name"] == [
        "There is already a portfolio named Digital Telecare: give this one another "
        "name, or change that one"
    ]
    assert ranks() == [
        ("Care", 1),
        ("Digital Telecare", 2),
        ("Data", 3),
        ("Workplace", 4),
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("care", "There is already a portfolio named Care"),
        ("New", "New names one of the portal's own pages"),
        ("Order", "Order names one of the portal's own pages"),
        ("!!!", "Use letters or numbers in the name"),
    ],
)
def test_a_name_that_clashes_or_takes_a_page_address_is_refused(
    staff_client, three, name, message
):
    response = staff_client.post(ADD, new_portfolio(name=name))

    assert response.status_code == 200
    assert response.context["form"].errors["name"][0].startswith(message)
    assert Portfolio.objects.count() == 3


def test_a_name_whose_address_is_taken_by_a_renamed_portfolio_is_refused(
    staff_user, three
):
    care = three[0]
    care.name = "Health and care"
    save_portfolio(care, by=staff_user, vision_objectives=scaling())

    with pytest.raises(Refused) as refused:
        save_portfolio(
            Portfolio(
                name="Care",
                priority=1,
                summary="s",
                lead_officer="l",
                starts_on=dt.date(2026, 1, 1),
            ),
            by=staff_user,
            vision_objectives=scaling(),
        )
    assert refused.value.errors["name"] == (
        "Its web address, /portfolios/care/, is taken by Health and care: choose "
        "another name"
    )


def test_bad_input_is_shown_in_the_error_summary_and_what_was_typed_kept(
    staff_client, three
):
    response = staff_client.post(
        ADD,
        new_portfolio(
            priority="9", starts_on="31/02/2026", lead_officer_email="not an email"
        ),
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert 'class="ds_error-summary"' in page
    assert "Enter a real date, like 29/11/2026" in page
    assert "Enter an email address like name@digitaloffice.scot" in page
    assert 'value="Digital Telecare"' in page
    assert "31/02/2026" in page
    assert Portfolio.objects.count() == 3


def test_a_rank_beyond_the_last_is_refused(staff_client, three):
    response = staff_client.post(ADD, new_portfolio(priority="9"))

    assert response.context["form"].errors["priority"] == [
        "Enter a rank from 1 to 4: 1 is the highest priority"
    ]
    assert Portfolio.objects.count() == 3


def test_a_portfolio_serves_at_least_one_vision_objective(staff_client, three):
    response = staff_client.post(ADD, new_portfolio(vision_objectives=[]))

    assert response.context["form"].errors["vision_objectives"] == [
        "Choose at least one vision objective the portfolio serves"
    ]
    assert Portfolio.objects.count() == 3


def test_an_end_before_the_start_is_refused_on_its_field(staff_client, three):
    response = staff_client.post(ADD, new_portfolio(ends_on="01/01/2026"))

    assert response.context["form"].errors["ends_on"] == [
        "The end must be on or after the start"
    ]


# Editing --------------------------------------------------------------------------


def test_staff_edit_a_portfolio_and_move_it_up(staff_client, staff_user, three):
    workplace = three[2]
    response = staff_client.post(
        "/portfolios/workplace/edit/",
        edit_data(workplace, priority="1", summary="Modern tools for every council."),
    )

    assert response.status_code == 302
    assert ranks() == [("Workplace", 1), ("Care", 2), ("Data", 3)]
    workplace.refresh_from_db()
    assert workplace.summary == "Modern tools for every council."
    assert workplace.history.latest().history_user == staff_user


def test_a_renamed_portfolio_keeps_its_address(staff_client, three):
    staff_client.post("/portfolios/care/edit/", edit_data(three[0], name="Health"))

    assert Portfolio.objects.get(name="Health").slug == "care"


def test_a_change_of_objectives_is_told_in_the_history(staff_client, three):
    scoping = VisionObjective.objects.get(slug="scoping")
    staff_client.post(
        "/portfolios/care/edit/",
        edit_data(three[0], vision_objectives=[str(scoping.pk)]),
    )

    record = three[0].history.latest()
    assert record.history_change_reason == "Edited; vision objectives now: Scoping"


def test_an_edit_opened_before_someone_else_saved_is_refused_with_both_shown(
    staff_client, staff_user, three
):
    care = three[0]
    opened = edit_data(care, summary="My summary.")
    care.summary = "Their summary."
    save_portfolio(care, by=staff_user, vision_objectives=scaling())

    response = staff_client.post("/portfolios/care/edit/", opened)
    page = response.content.decode()

    assert response.status_code == 200
    assert "Someone else changed this portfolio" in page
    assert "Their summary." in page  # stored now
    assert "My summary." in page  # what was typed, kept
    care.refresh_from_db()
    assert care.summary == "Their summary."
    # Sent again from this page, knowingly, it saves.
    again = dict(opened, seen=response.context["form"].data["seen"])
    assert staff_client.post("/portfolios/care/edit/", again).status_code == 302
    care.refresh_from_db()
    assert care.summary == "My summary."


def test_an_edit_opened_before_the_ranks_shifted_is_refused(
    staff_client, staff_user, three
):
    data = three[1]
    opened = edit_data(data)  # at rank 2
    move_portfolio(three[2], to=1, by=staff_user)  # Data is now 3

    response = staff_client.post("/portfolios/data/edit/", opened)

    assert response.status_code == 200
    assert "Someone else changed this portfolio" in response.content.decode()
    assert ranks() == [("Workplace", 1), ("Care", 2), ("Data", 3)]


# Reordering -----------------------------------------------------------------------


def test_staff_move_a_portfolio_to_a_rank_and_those_between_shift(
    staff_client, staff_user, three
):
    response = staff_client.post(ORDER, {"portfolio": three[0].pk, "to": "3"})

    assert response.status_code == 302
    assert response.url == ORDER
    assert ranks() == [("Data", 1), ("Workplace", 2), ("Care", 3)]
    record = three[0].history.latest()
    assert record.history_change_reason == "Moved from rank 1 to 3"
    assert record.history_user == staff_user


def test_staff_move_a_portfolio_up_one(staff_client, three):
    staff_client.post(ORDER, {"portfolio": three[2].pk, "to": "2", "rank": "3"})

    assert ranks() == [("Care", 1), ("Workplace", 2), ("Data", 3)]


def test_a_move_up_from_a_rank_it_has_left_changes_nothing(
    staff_client, staff_user, three
):
    move_portfolio(three[2], to=1, by=staff_user)  # Care is now 2, Data 3

    response = staff_client.post(
        ORDER, {"portfolio": three[1].pk, "to": "1", "rank": "2"}
    )

    assert response.status_code == 200
    assert "Data moved to rank 3 after you opened the page" in (
        response.content.decode()
    )
    assert ranks() == [("Workplace", 1), ("Care", 2), ("Data", 3)]


def test_a_move_beyond_the_last_rank_is_refused(staff_client, three):
    response = staff_client.post(ORDER, {"portfolio": three[0].pk, "to": "7"})

    assert response.context["form"].errors["to"] == [
        "Enter a rank from 1 to 3: 1 is the highest priority"
    ]
    assert ranks() == [("Care", 1), ("Data", 2), ("Workplace", 3)]


def test_the_order_page_lists_the_portfolios_with_their_moves(
    staff_client, three, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        page = staff_client.get(ORDER).content.decode()

    assert page.count(">Move up<") == 2
    assert page.count(">Move down<") == 2
    assert 'Move up<span class="visually-hidden"> Data to priority 1<' in page


@pytest.mark.parametrize(
    ("start", "to", "expected"),
    [
        (1, 4, ["B", "C", "D", "A", "E"]),
        (5, 1, ["E", "A", "B", "C", "D"]),
        (3, 3, ["A", "B", "C", "D", "E"]),
        (2, 5, ["A", "C", "D", "E", "B"]),
    ],
)
def test_ranks_stay_one_to_n_and_unique_whatever_the_move(
    staff_user, start, to, expected
):
    portfolios = {
        name: PortfolioFactory(name=name, slug=name.lower(), priority=rank)
        for rank, name in enumerate("ABCDE", 1)
    }
    moved = next(p for p in portfolios.values() if p.priority == start)

    move_portfolio(moved, to=to, by=staff_user)

    assert ranks() == [(name, rank) for rank, name in enumerate(expected, 1)]


def test_ranks_with_gaps_are_closed_by_the_next_save(staff_user):
    PortfolioFactory(name="A", slug="a", priority=3)
    PortfolioFactory(name="B", slug="b", priority=7)
    c = PortfolioFactory(name="C", slug="c", priority=12)

    move_portfolio(c, to=1, by=staff_user)

    assert ranks() == [("C", 1), ("A", 2), ("B", 3)]


@pytest.mark.postgres
def test_ranks_shift_on_postgresql_without_a_clash(staff_user):
    """PostgreSQL checks a unique column row by row: a plain shift by one would
    collide with the next row."""
    for rank, name in enumerate("ABCDEFGH", 1):
        PortfolioFactory(name=name, slug=name.lower(), priority=rank)

    move_portfolio(Portfolio.objects.get(name="H"), to=1, by=staff_user)
    save_portfolio(
        Portfolio(
            name="New work",
            priority=2,
            summary="s",
            lead_officer="l",
            starts_on=dt.date(2026, 1, 1),
        ),
        by=staff_user,
        vision_objectives=scaling(),
    )

    assert [name for name, _ in ranks()] == ["H", "New work", *"ABCDEFG"]
    assert [rank for _, rank in ranks()] == list(range(1, 10))


# Who may ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["executive_client", "lead_client"])
@pytest.mark.parametrize("path", [ADD, ORDER, "/portfolios/care/edit/"])
def test_only_staff_set_up_portfolios(request, three, role, path):
    client = request.getfixturevalue(role)
    records = Portfolio.history.count()

    assert client.get(path).status_code == 403
    response = client.post(path, {**new_portfolio(), "portfolio": three[0].pk, "to": 3})
    assert response.status_code == 403
    assert ranks() == [("Care", 1), ("Data", 2), ("Workplace", 3)]
    assert Portfolio.history.count() == records


def test_the_portfolios_list_offers_staff_the_set_up(staff_client, three):
    page = staff_client.get("/portfolios/").content.decode()

    assert f'href="{reverse("portfolios:portfolio_add")}"' in page
    assert f'href="{reverse("portfolios:portfolio_order")}"' in page


def test_the_portfolios_list_offers_others_no_set_up(executive_client, three):
    page = executive_client.get("/portfolios/").content.decode()

    assert "Add a portfolio" not in page
    assert "Change the order" not in page


def test_staff_see_an_edit_link_on_the_portfolio_page(
    staff_client, executive_client, three
):
    edit = 'href="/portfolios/care/edit/"'

    assert edit in staff_client.get("/portfolios/care/").content.decode()
    assert edit not in executive_client.get("/portfolios/care/").content.decode()


def test_the_reserved_addresses_are_not_taken_for_a_portfolio(staff_client, three):
    assert staff_client.get(ADD).context["form"] is not None
    assert "order" in staff_client.get(ORDER).content.decode().lower()


def test_a_stale_version_number_from_a_crafted_form_is_refused(staff_user, three):
    care = three[0]
    care.summary = "Changed."
    with pytest.raises(Conflict):
        save_portfolio(
            care, by=staff_user, vision_objectives=scaling(), expected=999_999
        )


def test_the_admin_shows_a_portfolio_and_sends_staff_to_the_portal(staff_client, three):
    care = three[0]
    page = f"/admin/portfolios/portfolio/{care.pk}/change/"

    response = staff_client.get(page)
    assert response.status_code == 200
    assert 'href="/portfolios/care/edit/"' in response.content.decode()
    staff_client.post(page, {"name": "Renamed", "priority": "3", "_save": "Save"})
    staff_client.post(f"/admin/portfolios/portfolio/{care.pk}/delete/", {"post": "yes"})
    assert staff_client.get("/admin/portfolios/portfolio/add/").status_code == 403

    assert ranks() == [("Care", 1), ("Data", 2), ("Workplace", 3)]
