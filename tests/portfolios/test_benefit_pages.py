"""The benefit pages: staff set a project's measures of impact, with a baseline and a
target, and record dated actuals against them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portfolios.models import Benefit, BenefitActual
from tests.factories import BenefitFactory


def add_url(project) -> str:
    return reverse("portfolios:benefit_add", args=[project.slug])


def actual_url(benefit: Benefit) -> str:
    return reverse("portfolios:actual", args=[benefit.project.slug, benefit.pk])


def test_staff_add_a_benefit_and_see_it_on_the_project_page(
    staff_client, staff_user, project
) -> None:
    response = staff_client.post(
        add_url(project),
        {
            "measure": "custom",
            "custom_name": "Paper forms avoided",
            "baseline": "0",
            "target": "1200",
        },
    )
    assert response.url == f"{project.get_absolute_url()}#benefits"
    benefit = Benefit.objects.get()
    assert (benefit.name, benefit.target) == ("Paper forms avoided", Decimal(1200))
    assert benefit.history.latest().history_user == staff_user
    page = staff_client.get(project.get_absolute_url()).content.decode()
    assert "Paper forms avoided" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"measure": "custom", "target": "5"}, "Name the measure"),
        ({"measure": "hours_saved", "baseline": "10", "target": "10"}, "different"),
        ({"measure": "hours_saved", "target": "lots"}, "Enter the target as a number"),
        ({"target": "5"}, "Choose what the benefit measures"),
    ],
)
def test_a_benefit_needs_a_measure_and_a_target(
    staff_client, project, data, message
) -> None:
    response = staff_client.post(add_url(project), data)
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not Benefit.objects.exists()


def test_a_project_measures_each_thing_once(staff_client, project) -> None:
    existing = BenefitFactory(project=project, measure="hours_saved")
    response = staff_client.post(
        add_url(project), {"measure": "hours_saved", "target": "50"}
    )
    assert "The project already measures this: change that benefit" in (
        response.content.decode()
    )
    # Changing the benefit itself is not a second one.
    url = reverse("portfolios:benefit", args=[project.slug, existing.pk])
    staff_client.post(url, {"measure": "hours_saved", "target": "50"})
    existing.refresh_from_db()
    assert existing.target == 50
    assert Benefit.objects.count() == 1


@pytest.mark.parametrize("client_role", ["executive_client", "lead_client"])
def test_only_staff_record_benefits(request, project, client_role) -> None:
    client = request.getfixturevalue(client_role)
    benefit = BenefitFactory(project=project)
    assert client.post(add_url(project), {"measure": "hours_saved"}).status_code == 403
    data = {"measured_on": "01/11/2026", "value": "5"}
    assert client.post(actual_url(benefit), data).status_code == 403
    assert not BenefitActual.objects.exists()


def test_an_actual_is_the_total_to_date_and_a_second_that_day_replaces_it(
    staff_client, staff_user, project
) -> None:
    benefit = BenefitFactory(project=project)
    for value in ("200", "250"):
        response = staff_client.post(
            actual_url(benefit), {"measured_on": "01/10/2026", "value": value}
        )
        assert response.status_code == 302
    actual = BenefitActual.objects.get()
    assert (actual.measured_on, actual.value) == (dt.date(2026, 10, 1), 250)
    assert actual.recorded_by == staff_user


@pytest.mark.parametrize(
    ("measured_on", "message"),
    [
        ("31/12/2025", "The date cannot be before the project started, on 01/01/2026"),
        (
            (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y"),
            "The date cannot be in the future",
        ),
    ],
)
def test_an_actual_is_dated_while_the_project_runs(
    staff_client, project, measured_on, message
) -> None:
    benefit = BenefitFactory(project=project)
    response = staff_client.post(
        actual_url(benefit), {"measured_on": measured_on, "value": "5"}
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not BenefitActual.objects.exists()


def test_the_baseline_is_zero_unless_given(staff_client, project) -> None:
    response = staff_client.post(
        add_url(project), {"measure": "people_reached", "baseline": "", "target": "50"}
    )
    assert response.status_code == 302
    assert Benefit.objects.get().baseline == 0
