"""The dashboard shows the stored figures, as at any day, in a fixed number of
queries, and never aggregates on request."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from metrics.caching import METRICS_GENERATION_KEY
from metrics.models import Snapshot
from metrics.names import Metric
from metrics.services import recompute_day
from tests.factories import ParticipationFactory, ProjectFactory, ResourceNeedFactory
from tests.metrics.conftest import DAY, data_on, datum


def dashboard(client, **query):
    return client.get(reverse("metrics:dashboard"), query)


def test_the_dashboard_shows_the_stored_figures(executive_client, programme) -> None:
    recompute_day(DAY)
    page = dashboard(executive_client, as_at="30/06/2026").content.decode()
    assert "as at 30 June 2026" in page
    assert datum(page, "projects-in-flight") == ("2.0", "2")
    assert datum(page, "projects-stalled") == ("1.0", "1")
    assert "</data> stalled: a pulse missed" in page
    assert datum(page, "councils-taking-part") == ("1.0", "1")
    assert "covering 7% of Scotland&#x27;s population" in page
    # Coverage: people 25 of 50 days, money none of £10,000: the mean is 25%.
    assert datum(page, "coverage") == ("0.25", "25%")
    assert datum(page, "coverage-people") == ("0.5", "50%")
    assert datum(page, "coverage-money") == ("0.0", "0%")


def test_the_headlines_say_what_councils_have_committed(
    executive_client, programme
) -> None:
    recompute_day(DAY)
    page = dashboard(executive_client, as_at="30/06/2026").content.decode()
    committed = page[page.index("Committed by councils") :][:900]
    assert datum(committed, "committed-days") == ("45.0", "45")
    assert datum(committed, "committed-money") == ("0.0", "£0")
    assert "person-days and <data" in committed


def test_each_figure_is_named_for_its_scope(executive_client, programme, fife):
    recompute_day(DAY)
    page = dashboard(executive_client, as_at="30/06/2026").content.decode()
    a = "portfolio:a"
    assert datum(page, "projects-in-flight", a) == ("2.0", "2")
    assert datum(page, "projects-stalled", a) == ("1.0", "1")
    assert datum(page, "projects-red", a) == ("1.0", "1")
    assert datum(page, "coverage", a) == ("0.25", "25%")
    assert datum(page, "coverage", "portfolio:b") == ("", "–")  # nothing in flight
    # The grid totals each council's projects and days over the portfolios.
    assert datum(page, "projects-taking-part", "council:fife") == ("2.0", "2")
    assert datum(page, "committed-days", "council:fife") == ("30.0", "30")
    # Highland takes part in nothing in flight, but committed to closed P3.
    assert datum(page, "projects-taking-part", "council:highland") == ("0.0", "0")
    assert datum(page, "committed-days", "council:highland") == ("15.0", "15")
    chosen = dashboard(executive_client, portfolio="a", as_at="30/06/2026")
    assert datum(chosen.content.decode(), "committed-days", a) == ("30.0", "30")


def test_a_past_day_shows_that_days_figures(executive_client, programme) -> None:
    recompute_day(DAY)
    earlier = DAY - dt.timedelta(days=120)  # 2 March: P1, P2 and P3 running
    recompute_day(earlier)
    page = dashboard(executive_client, as_at=earlier.strftime("%d/%m/%Y")).content
    assert b"as at 2 March 2026" in page
    assert datum(page.decode(), "projects-in-flight") == ("3.0", "3")


def test_a_day_without_figures_shows_the_latest_before_it(
    executive_client, programme
) -> None:
    recompute_day(DAY)
    page = dashboard(executive_client, as_at="15/07/2026").content.decode()
    assert "No figures were computed on 15 July 2026" in page
    assert "as at 30 June 2026" in page


def test_changes_since_a_month_and_a_quarter(executive_client, programme) -> None:
    recompute_day(DAY)
    recompute_day(DAY - dt.timedelta(days=30))
    recompute_day(DAY - dt.timedelta(days=91))
    page = dashboard(executive_client, as_at="30/06/2026").content.decode()
    # 2 projects on 30 June, 2 on 31 May, 3 on 31 March (P3 closed that day? no: the
    # day after), so "no change" in the month and "down 1" in the quarter.
    flight = page[page.index("Projects in flight") :][:900]
    assert "Month: no change." in flight
    assert "Quarter: down 1." in flight


def test_the_figures_of_a_portfolio(executive_client, programme) -> None:
    recompute_day(DAY)
    page = dashboard(executive_client, portfolio="b", as_at="30/06/2026").content
    assert b"Figures for B, as at 30 June 2026" in page
    page = page.decode()
    assert datum(page, "projects-in-flight", "portfolio:b") == ("0.0", "0")
    assert datum(page, "committed-days", "portfolio:b") == ("15.0", "15")


def test_choosing_a_portfolio_and_an_objective_is_explained(
    executive_client, programme
) -> None:
    recompute_day(DAY)
    page = dashboard(executive_client, portfolio="a", objective="scaling").content
    assert b"not both" in page


@pytest.mark.parametrize(
    "query",
    [
        {"portfolio": "atlantis"},
        {"as_at": "31/02/2026"},
        {"as_at": "01/01/2999"},
        {"objective": "<script>"},
    ],
)
def test_bad_filters_are_explained_not_a_server_error(
    executive_client, programme, query
) -> None:
    recompute_day(timezone.localdate())
    response = dashboard(executive_client, **query)
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"<script>" not in response.content


def test_every_role_reads_the_dashboard(
    staff_client, executive_client, lead_client, programme
) -> None:
    recompute_day(timezone.localdate())
    for client in (staff_client, executive_client, lead_client):
        assert dashboard(client).status_code == 200


def make_more(count: int, councils) -> None:
    for number in range(count):
        project = ProjectFactory()
        ResourceNeedFactory(project=project)
        ParticipationFactory(project=project, council=councils[number % 32])


def test_a_fixed_number_of_queries_whatever_the_data(
    executive_client, programme, django_assert_max_num_queries
) -> None:
    from councils.models import Council

    councils = list(Council.objects.all())
    today = timezone.localdate()
    recompute_day(today)
    cache.clear()
    with django_assert_max_num_queries(15) as small:
        dashboard(executive_client)
    make_more(40, councils)
    recompute_day(today)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = dashboard(executive_client)
    assert response.status_code == 200


def test_the_dashboard_does_not_aggregate_on_request(
    executive_client, programme, django_assert_max_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    recompute_day(timezone.localdate())
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        dashboard(executive_client)
    sql = " ".join(q["sql"].upper() for q in queries.captured_queries)
    for function in ("SUM(", "AVG(", "PERCENTILE"):
        assert function not in sql
    assert "PORTFOLIOS_COMMITMENT" not in sql


def test_a_cached_dashboard_is_replaced_when_figures_are_recomputed(
    executive_client, programme, django_assert_max_num_queries
) -> None:
    today = timezone.localdate()
    recompute_day(today)
    dashboard(executive_client)
    with django_assert_max_num_queries(7):  # the body comes from the cache
        dashboard(executive_client)
    running = Snapshot.objects.filter(
        date=today, scope="programme", metric=Metric.PROJECTS_RUNNING
    )
    running.update(value=99)
    assert b'value="99.0">99<' not in dashboard(executive_client).content
    recompute_day(today)  # a new generation: the cache is bypassed
    running.update(value=99)
    cache.set(METRICS_GENERATION_KEY, "fresh")
    assert b'value="99.0">99<' in dashboard(executive_client).content


def test_portfolio_and_council_pages_show_their_figures(
    executive_client, programme, fife
) -> None:
    recompute_day(timezone.localdate())
    page = executive_client.get(programme["a"].get_absolute_url()).content.decode()
    assert "Projects in flight" in page
    assert "The figures behind this chart" in page
    a = "portfolio:a"
    for name in ("projects-in-flight", "projects-stalled", "councils-taking-part"):
        assert (name, a) in data_on(page), name
    assert datum(page, "coverage-people", a) == ("0.5", "50%")
    assert datum(page, "committed-days", a) == ("30.0", "30")
    assert datum(page, "committed-money", a) == ("0.0", "£0")
    page = executive_client.get(fife.get_absolute_url()).content.decode()
    assert "person-days councils have committed" in page
    assert datum(page, "projects-taking-part", "council:fife") == ("2.0", "2")
    assert datum(page, "committed-days", "council:fife") == ("30.0", "30")
    assert datum(page, "committed-money", "council:fife") == ("0.0", "£0")


def test_the_council_pages_commitments_cost_a_fixed_number_of_queries(
    executive_client, programme, fife, django_assert_max_num_queries
) -> None:
    from tests.factories import CommitmentFactory

    recompute_day(timezone.localdate())
    url = fife.get_absolute_url()
    cache.clear()
    with django_assert_max_num_queries(15) as few:
        executive_client.get(url)
    for _ in range(10):
        CommitmentFactory(project=programme["p2"], council=fife)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = executive_client.get(url).content.decode()
    assert page.count("person-days of Developer") >= 1


def test_no_figures_yet_is_said_plainly(executive_client, db) -> None:
    page = dashboard(executive_client).content.decode()
    assert "No figures have been computed yet" in page


def test_a_long_list_of_stalled_projects_shows_the_longest_silent_first(
    executive_client, db
) -> None:
    from metrics.dashboard import STALLED_SHOWN

    today = timezone.localdate()
    for number in range(STALLED_SHOWN + 1):
        ProjectFactory(
            name=f"Silent {number:02}",
            status_date=today - dt.timedelta(days=60 + number),
        )
    recompute_day(today)
    page = dashboard(executive_client).content.decode()
    stalled = page[page.index('id="stalled"') :]
    assert f"{STALLED_SHOWN + 1} open projects whose last pulse" in stalled
    listed = stalled[: stalled.index("</ul>")]
    assert listed.count("<li>") == STALLED_SHOWN
    assert f"Silent {STALLED_SHOWN:02}" in listed  # the longest silent comes first
    assert "Silent 00" not in listed
    assert "See every project stalled today" in stalled
