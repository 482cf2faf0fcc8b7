import re

import pytest
from django.urls import reverse

from councils.models import Council
from heartbeat.models import Phase
from portfolios.models import Project, VisionObjective
from tests.factories import (
    ParticipationFactory,
    PortfolioFactory,
    ProjectFactory,
    ResourceNeedFactory,
)


def listed(response) -> list[str]:
    return [project.name for project in response.context["page_obj"]]


def text_of(page: str) -> str:
    """The page's words, as a person reads them, without the markup."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


@pytest.fixture
def projects(db: None) -> dict[str, Project]:
    telecare = PortfolioFactory(name="Digital Telecare", slug="digital-telecare")
    data = PortfolioFactory(name="Driven By Data", slug="driven-by-data")
    scaling = VisionObjective.objects.get(slug="scaling")
    switchover = ProjectFactory(
        name="Analogue to digital switchover",
        portfolio=telecare,
        phase=Phase.objects.get(slug="deliver"),
        rag_status=Project.Rag.RED,
        kind=Project.Kind.TECHNOLOGY,
    )
    switchover.vision_objectives.add(scaling)
    task_force = ProjectFactory(
        name="Data task force",
        portfolio=data,
        summary="Senior officers who set the sector's data priorities.",
        phase=Phase.objects.get(slug="scope"),
        rag_status=Project.Rag.GREEN,
        kind=Project.Kind.INFLUENCE,
    )
    return {"switchover": switchover, "task_force": task_force}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Analogue to digital switchover", "Data task force"]),
        ({"portfolio": "digital-telecare"}, ["Analogue to digital switchover"]),
        ({"phase": "scope"}, ["Data task force"]),
        ({"rag": "red"}, ["Analogue to digital switchover"]),
        ({"objective": "scaling"}, ["Analogue to digital switchover"]),
        ({"kind": "influence"}, ["Data task force"]),
        ({"q": "priorities"}, ["Data task force"]),
        ({"q": "SWITCHOVER"}, ["Analogue to digital switchover"]),
        ({"portfolio": "driven-by-data", "rag": "red"}, []),
    ],
)
def test_project_list_filters(staff_client, projects, query, expected) -> None:
    response = staff_client.get(reverse("portfolios:projects"), query)
    assert response.status_code == 200
    assert sorted(listed(response)) == expected


def test_an_unknown_filter_value_is_explained_not_a_server_error(
    staff_client, projects
) -> None:
    response = staff_client.get(
        reverse("portfolios:projects"), {"portfolio": "atlantis", "rag": "purple"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is no such portfolio: choose one from the list" in page
    assert "There is no such delivery status: choose one from the list" in page
    assert len(listed(response)) == 2


def test_a_bad_filter_leaves_the_good_ones_applied(staff_client, projects) -> None:
    response = staff_client.get(
        reverse("portfolios:projects"), {"portfolio": "atlantis", "rag": "red"}
    )
    assert "There is no such portfolio" in response.content.decode()
    assert listed(response) == ["Analogue to digital switchover"]


@pytest.mark.parametrize("page", ["2", "999", "-1", "abc", "1.5"])
def test_any_page_number_gives_a_page(staff_client, projects, page) -> None:
    response = staff_client.get(reverse("portfolios:projects"), {"page": page})
    assert response.status_code == 200


def test_project_list_paginates_and_keeps_the_filters(staff_client, settings) -> None:
    settings.HEARTBEAT_PAGE_SIZE = 2
    portfolio = PortfolioFactory(slug="one")
    for _ in range(5):
        ProjectFactory(portfolio=portfolio, rag_status="amber")
    ProjectFactory(rag_status="green")
    response = staff_client.get(reverse("portfolios:projects"), {"rag": "amber"})
    page = response.content.decode()
    assert len(listed(response)) == 2
    assert "Showing 1 to 2 of 5 projects" in text_of(page)
    assert "?rag=amber&amp;page=2" in page


def make_projects(count: int) -> None:
    for _ in range(count):
        project = ProjectFactory()
        project.vision_objectives.add(VisionObjective.objects.first())
        ResourceNeedFactory(project=project)
        ParticipationFactory(project=project)


@pytest.mark.parametrize(
    "url",
    [
        reverse("portfolios:projects"),
        reverse("portfolios:list"),
        reverse("portfolios:councils"),
        reverse("heartbeat:model"),
    ],
)
def test_list_pages_make_the_same_queries_however_much_data(
    staff_client, django_assert_max_num_queries, url
) -> None:
    make_projects(3)
    with django_assert_max_num_queries(15) as small:
        staff_client.get(url)
    make_projects(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = staff_client.get(url)
    assert response.status_code == 200


def test_detail_pages_make_the_same_queries_however_much_data(
    staff_client, django_assert_max_num_queries
) -> None:
    project = ProjectFactory()
    ResourceNeedFactory(project=project)  # its roles are a query, once there are any
    portfolio = project.portfolio
    fife = ParticipationFactory(project=project).council
    urls = [
        project.get_absolute_url(),
        portfolio.get_absolute_url(),
        fife.get_absolute_url(),
    ]
    counts = []
    for url in urls:
        # DESIGN §6: at most 15 queries a page, whatever the data size.
        with django_assert_max_num_queries(15) as queries:
            staff_client.get(url)
        counts.append(len(queries.captured_queries))
    for council in Council.objects.exclude(pk=fife.pk)[:20]:
        other = ProjectFactory(portfolio=portfolio)
        ParticipationFactory(project=other, council=fife)
        ResourceNeedFactory(project=project)
        ParticipationFactory(project=project, council=council)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert staff_client.get(url).status_code == 200
