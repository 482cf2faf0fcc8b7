"""The queue: what needs the programme office's attention, section by section."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councils.models import Council, User
from councils.roles import Role
from heartbeat.models import Phase, ProjectProduct
from ideas.models import Idea, Score
from portfolios.models import Commitment, Project, VisionObjective
from tests.factories import (
    CommitmentFactory,
    MarketingPackFactory,
    ProjectFactory,
    ProjectProductFactory,
)
from tests.worlds import user_in
from workbench.queue import Queue

QUEUE = reverse("workbench:queue")
TODAY = timezone.localdate()


def days_ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def section(page: str, name: str) -> str:
    """The HTML of one section of the queue page, from its heading to the next."""
    start = page.index(f'<h2 id="{name}">')
    end = page.find("<h2 ", start + 1)
    return page[start : end if end > 0 else len(page)]


def proposed(project: Project, council: str, on: dt.date) -> Commitment:
    return CommitmentFactory(
        project=project, council=Council.objects.get(slug=council), proposed_on=on
    )


def idea(title: str, by: User, **kwargs: object) -> Idea:
    return Idea.objects.create(
        title=title,
        problem="Paper forms everywhere.",
        affects="Residents.",
        objective=VisionObjective.objects.get(slug="scaling"),
        proposed_by=by,
        **kwargs,
    )


@pytest.fixture
def owner(db: None) -> User:
    return user_in(Role.STAFF, username="owner", first_name="Morag", last_name="Bell")


def in_flight(**kwargs: object) -> Project:
    """A project in flight, a month into its phase unless said."""
    return ProjectFactory(**{"phase_entered_on": days_ago(30), **kwargs})


@pytest.fixture
def busy(db: None, owner: User) -> dict[str, Project]:
    """Projects with something on the queue, some owned by `owner`, and some that
    must not be on it (closed, not started, on time)."""
    projects = {
        "overdue": in_flight(
            name="Overdue pulse", status_date=days_ago(40), owner=owner
        ),
        "due": in_flight(name="Due pulse", status_date=days_ago(26)),
        "fresh": in_flight(name="Fresh pulse", status_date=days_ago(3)),
        "closed": ProjectFactory(
            name="Closed project",
            status_date=days_ago(60),
            phase_entered_on=days_ago(400),
            closed_on=days_ago(10),
            start_date=days_ago(500),
        ),
        "future": ProjectFactory(
            name="Not started",
            status_date=days_ago(60),
            start_date=TODAY + dt.timedelta(days=30),
            phase_entered_on=TODAY + dt.timedelta(days=30),
            target_date=TODAY + dt.timedelta(days=400),
        ),
        "long": ProjectFactory(
            name="Long in phase",
            start_date=days_ago(400),
            phase_entered_on=days_ago(300),
            owner=owner,
        ),
        "ready": in_flight(name="Ready for gate"),
    }
    product = ProjectProductFactory(project=projects["ready"])
    ProjectProduct.objects.filter(pk=product.pk).update(
        status=ProjectProduct.Status.DELIVERED
    )
    return projects


def test_commitments_awaiting_confirmation_come_oldest_first_with_their_age(
    staff_client, busy
) -> None:
    proposed(busy["fresh"], "highland", days_ago(3))
    proposed(busy["fresh"], "fife", days_ago(41))
    proposed(busy["fresh"], "angus", TODAY)
    CommitmentFactory(
        project=busy["fresh"],
        council=Council.objects.get(slug="moray"),
        status=Commitment.Status.CONFIRMED,
        confirmed_on=days_ago(1),
    )
    page = staff_client.get(QUEUE).content.decode()
    rows = section(page, "commitments")
    assert "Commitments awaiting confirmation (3)" in rows
    councils = re.findall(r"<td>(Fife|Highland|Angus|Moray)</td>", rows)
    assert councils == ["Fife", "Highland", "Angus"]
    assert "proposed 41 days ago" in rows
    assert "proposed 3 days ago" in rows
    assert "proposed today" in rows


def test_pulses_due_and_overdue_are_grouped_by_owner_without_closed_projects(
    staff_client, busy, owner
) -> None:
    rows = section(staff_client.get(QUEUE).content.decode(), "pulses")
    assert "Pulses due and overdue (2)" in rows
    assert "Overdue pulse" in rows
    assert "Overdue by 12 days" in rows
    assert "Due pulse" in rows
    assert "Due in 2 days" in rows
    for absent in ("Fresh pulse", "Closed project", "Not started"):
        assert absent not in rows
    # The project with no owner comes first, under its own heading.
    assert rows.index("No owner") < rows.index("Due pulse") < rows.index("Morag Bell")
    assert reverse("heartbeat:pulse", args=[busy["overdue"].slug]) in rows


def test_projects_ready_for_their_gate_or_long_in_their_phase_link_to_the_review(
    staff_client, busy
) -> None:
    rows = section(staff_client.get(QUEUE).content.decode(), "gates")
    assert "Projects for a gate review (2)" in rows
    assert rows.index("Ready for gate") < rows.index("Long in phase")
    assert "Ready for its gate: products delivered" in rows
    assert ">300<" in rows  # days in its phase
    assert "Closed project" not in rows
    assert reverse("heartbeat:review", args=[busy["ready"].slug]) in rows


def test_a_project_with_a_product_outstanding_is_not_ready_for_its_gate(
    staff_client, busy
) -> None:
    ProjectProductFactory(
        project=busy["ready"],
        product=None,
        phase=busy["ready"].phase,
        name="A product of its own",
    )
    rows = section(staff_client.get(QUEUE).content.decode(), "gates")
    assert "Ready for gate" not in rows


def test_draft_packs_of_projects_in_flight_link_to_where_they_are_published(
    staff_client, busy
) -> None:
    MarketingPackFactory(project=busy["fresh"])
    MarketingPackFactory(project=busy["closed"])
    MarketingPackFactory(project=busy["due"], published_at=timezone.now())
    rows = section(staff_client.get(QUEUE).content.decode(), "packs")
    assert "Draft Marketing Packs (1)" in rows
    assert "Fresh pulse" in rows
    assert "Closed project" not in rows
    assert "Due pulse" not in rows
    assert reverse("heartbeat:pack_edit", args=[busy["fresh"].slug]) in rows


def test_ideas_to_score_leave_the_queue_once_scored_or_decided(
    staff_client, staff_user
) -> None:
    idea("Shared booking system", staff_user)
    scored = idea("Scored already", staff_user)
    Score.objects.create(idea=scored, scored_by=staff_user, fit=3, value=3, effort=3)
    idea(
        "Declined idea",
        staff_user,
        status=Idea.Status.DECLINED,
        decided_at=timezone.now(),
        decline_reason="Done elsewhere.",
    )
    rows = section(staff_client.get(QUEUE).content.decode(), "ideas")
    assert "Ideas to score (1)" in rows
    assert "Shared booking system" in rows
    assert "Scored already" not in rows
    assert "Declined idea" not in rows


def test_an_owner_sees_their_own_part_of_the_queue(busy, owner) -> None:
    mine = proposed(busy["overdue"], "fife", days_ago(5))
    proposed(busy["due"], "highland", days_ago(5))
    client = Client()
    client.force_login(owner)
    page = client.get(QUEUE, {"mine": "1"}).content.decode()
    assert "Showing your projects only" in page
    assert f'value="{mine.pk}:{mine.version}"' in section(page, "commitments")
    assert "Highland" not in section(page, "commitments")
    assert "Overdue pulse" in section(page, "pulses")
    assert "Due pulse" not in section(page, "pulses")
    assert "Long in phase" in section(page, "gates")
    assert "Ready for gate" not in section(page, "gates")
    assert "the whole queue" in section(page, "ideas")
    whole = client.get(QUEUE).content.decode()
    assert "Highland" in section(whole, "commitments")


@pytest.mark.parametrize("client_name", ["lead_client", "executive_client"])
def test_leads_and_executives_cannot_open_the_queue(
    db: None, request: pytest.FixtureRequest, client_name: str
) -> None:
    client = request.getfixturevalue(client_name)
    assert client.get(QUEUE).status_code == 403
    assert client.get(QUEUE, {"mine": "1"}).status_code == 403


def test_bad_page_numbers_show_a_page_not_an_error(staff_client, busy) -> None:
    for query in ({"commitments": "x"}, {"pulses": "999"}, {"mine": "yes"}):
        assert staff_client.get(QUEUE, query).status_code == 200


def test_a_long_section_has_pages_that_keep_the_others_where_they_were(
    staff_client, busy, small_pages
) -> None:
    proposed(busy["fresh"], "fife", days_ago(9))
    proposed(busy["fresh"], "highland", days_ago(5))
    page = staff_client.get(QUEUE, {"commitments": 2, "pulses": 2}).content.decode()
    rows = section(page, "commitments")
    assert "Highland" in rows
    assert "Fife" not in rows
    assert "Page 2 of 2" in rows
    assert "?commitments=1&amp;pulses=2#commitments" in rows
    assert "Page 2 of 2" in section(page, "pulses")


def make_programme(projects: int) -> None:
    """Demo-like data: projects in every state, each with commitments, a draft pack,
    products and an owner, and ideas to score."""
    staff = user_in(Role.STAFF, username="programme-owner")
    councils = list(Council.objects.order_by("pk"))
    phase = Phase.objects.get(number=1)
    start = Project.objects.count()
    for n in range(start, start + projects):
        project = ProjectFactory(
            phase=phase,
            status_date=days_ago(24 + n % 10),  # due from 25 days on
            start_date=days_ago(400),
            phase_entered_on=days_ago(150 + 20 * (n % 4)),  # long from 181 on
            owner=staff if n % 2 else None,
        )
        ProjectProductFactory(project=project)
        MarketingPackFactory(project=project)
        for council in councils[n % 5 : n % 5 + 3]:
            CommitmentFactory(project=project, council=council, proposed_on=days_ago(n))
        idea(f"Idea {n}", staff)


def test_the_queue_makes_the_same_queries_however_much_data(
    staff_client, django_assert_max_num_queries, small_pages
) -> None:
    make_programme(3)
    # DESIGN §6: at most 15 queries a page, whatever the data size.
    with django_assert_max_num_queries(15) as few:
        staff_client.get(QUEUE)
    make_programme(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = staff_client.get(QUEUE).content.decode()
    assert "Commitments awaiting confirmation (45)" in page


def test_the_counts_are_taken_in_one_query(
    db: None, busy, django_assert_num_queries
) -> None:
    with django_assert_num_queries(1):
        counts = Queue().counts()
    assert counts == {
        "commitments": 0,
        "pulses": 2,
        "gates": 2,
        "packs": 0,
        "ideas": 0,
    }
