"""The queue's count in staff's navigation, and the links each role is offered."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from councils.models import Council
from metrics.caching import new_generation
from portfolios.models import Project
from tests.factories import CommitmentFactory

PROJECTS = reverse("portfolios:projects")
SIGNED_IN = 3  # the session, the user and the user's roles


def navigation(page: str) -> str:
    start = page.index('<nav class="ds_site-navigation" aria-label="Main navigation">')
    return page[start : page.index("</nav>", start)]


def labels(page: str) -> list[str]:
    found = re.findall(
        r'class="ds_site-navigation__link[^"]*"[^>]*>([^<]+)', navigation(page)
    )
    return [label.strip() for label in found]


@pytest.fixture
def project(project: Project) -> Project:
    """The shared project, a month into its phase: nothing of its own on the queue."""
    Project.objects.filter(pk=project.pk).update(
        phase_entered_on=timezone.localdate() - dt.timedelta(days=30)
    )
    project.refresh_from_db()
    return project


def queue_count(page: str) -> int | None:
    found = re.search(r'<span class="hb-nav-count" data-count="(\d+)">', page)
    return int(found.group(1)) if found else None


def test_staff_see_the_queue_with_what_needs_attention(staff_client, project) -> None:
    for council in ("fife", "highland"):
        CommitmentFactory(project=project, council=Council.objects.get(slug=council))
    page = staff_client.get(PROJECTS).content.decode()
    assert labels(page)[0] == "Queue"
    assert {"Ideas", "Outbox"} <= set(labels(page))
    assert queue_count(page) == 2
    assert '<span class="visually-hidden"> items need attention</span>' in page


def test_the_count_follows_a_change_at_once(staff_client, project) -> None:
    staff_client.get(PROJECTS)
    CommitmentFactory(project=project)
    assert queue_count(staff_client.get(PROJECTS).content.decode()) == 1


def test_nothing_to_do_shows_no_count(staff_client, project) -> None:
    page = staff_client.get(PROJECTS).content.decode()
    assert "Queue" in labels(page)
    assert queue_count(page) is None


def test_the_count_costs_one_query_then_none_while_kept(
    staff_client, project, django_assert_num_queries, django_assert_max_num_queries
) -> None:
    staff_client.get(PROJECTS)  # the list's own parts are kept from here on
    new_generation()  # as any write does
    with django_assert_max_num_queries(15) as renewed:
        staff_client.get(PROJECTS)
    counts = [
        query
        for query in renewed.captured_queries
        if query["sql"].startswith("SELECT (SELECT COUNT(*)")
    ]
    assert len(counts) == 1
    with django_assert_num_queries(SIGNED_IN):
        staff_client.get(PROJECTS)


def test_the_queue_page_counts_for_the_navigation_too(staff_client, project) -> None:
    CommitmentFactory(project=project)
    page = staff_client.get(reverse("workbench:queue")).content.decode()
    assert queue_count(page) == 1
    assert 'aria-current="page">Queue' in navigation(page)


def test_leads_and_executives_have_ideas_but_no_queue_or_outbox(
    lead_client, executive_client, project
) -> None:
    CommitmentFactory(project=project)
    for client in (lead_client, executive_client):
        page = client.get(PROJECTS).content.decode()
        assert "Ideas" in labels(page)
        assert "Queue" not in labels(page)
        assert "Outbox" not in labels(page)
        assert queue_count(page) is None
