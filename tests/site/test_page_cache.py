"""Pages keep their expensive parts in the cache, and never show data older than the
database: any write, or a finished recompute, starts a new cache generation."""

from django.urls import reverse

from metrics import caching
from metrics.tasks import refresh_all_metrics
from tests.factories import ParticipationFactory

SIGNED_IN = 3  # the session, the user and the user's roles
NAME = "Digital telecare switchover"  # the shared `project`


def test_a_kept_project_list_costs_only_the_sign_in_queries(
    executive_client, project, django_assert_num_queries
) -> None:
    url = reverse("portfolios:projects")
    executive_client.get(url)
    with django_assert_num_queries(SIGNED_IN):
        page = executive_client.get(url)
    assert NAME in page.content.decode()


def test_a_change_shows_at_once_on_a_kept_page(executive_client, project) -> None:
    url = reverse("portfolios:projects")
    assert NAME in executive_client.get(url).content.decode()
    project.name = "Telecare: analogue to digital"
    project.save()
    page = executive_client.get(url).content.decode()
    assert "Telecare: analogue to digital" in page
    assert NAME not in page


def test_each_filter_and_page_is_kept_apart(executive_client, project) -> None:
    url = reverse("portfolios:projects")
    executive_client.get(url)
    page = executive_client.get(url, {"q": "nothing like it"}).content.decode()
    assert NAME not in page
    assert "</data> projects match these filters." in page
    assert NAME in executive_client.get(url).content.decode()


def test_a_council_page_kept_for_a_reader_offers_no_edit_to_them(
    executive_client, lead_client, fife
) -> None:
    url = reverse("metrics:council", args=[fife.slug])
    edit = reverse("councils:edit", args=[fife.slug])
    assert edit not in executive_client.get(url).content.decode()
    assert edit in lead_client.get(url).content.decode()
    assert edit not in executive_client.get(url).content.decode()


def test_joining_shows_on_the_council_page_at_once(lead_client, fife, project) -> None:
    url = reverse("metrics:council", args=[fife.slug])
    lead_client.get(url)
    ParticipationFactory(project=project, council=fife)
    taking_part = lead_client.get(url).content.decode().split('id="projects"')[1]
    assert NAME in taking_part


def test_a_recompute_leaves_the_dashboard_ready(
    executive_client, project, django_assert_max_num_queries
) -> None:
    refresh_all_metrics()
    # The body was rendered by the task: the page reads the form's lists and the day.
    with django_assert_max_num_queries(SIGNED_IN + 3):
        page = executive_client.get(reverse("metrics:dashboard"))
    assert "Projects in flight" in page.content.decode()


def test_pages_still_answer_when_redis_is_down(
    executive_client, project, settings
) -> None:
    nobody = "redis://127.0.0.1:9/0"  # the discard port: nothing answers there
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": nobody,
        },
        "template_fragments": {
            "BACKEND": "metrics.caching.ForgivingRedisCache",
            "LOCATION": nobody,
        },
    }
    assert caching.generation().startswith("nocache-")
    for url in (
        reverse("portfolios:projects"),
        reverse("metrics:dashboard"),
        reverse("metrics:council", args=["fife"]),
    ):
        response = executive_client.get(url)
        assert response.status_code == 200, url
    assert NAME in executive_client.get(reverse("portfolios:projects")).content.decode()


def test_the_dashboard_is_renewed_by_a_recompute_or_a_renamed_portfolio_only(
    executive_client, project, lead_user, django_assert_max_num_queries
) -> None:
    url = reverse("metrics:dashboard")
    refresh_all_metrics()
    executive_client.get(url)
    # A participation is not on the dashboard until its recompute: the body is kept.
    ParticipationFactory(project=project, council=lead_user.council)
    with django_assert_max_num_queries(SIGNED_IN + 3):
        executive_client.get(url)
    project.portfolio.name = "Telecare and Wellbeing"
    project.portfolio.save()
    assert "Telecare and Wellbeing" in executive_client.get(url).content.decode()
