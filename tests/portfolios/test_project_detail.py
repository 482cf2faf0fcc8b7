import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import (
    ParticipationFactory,
    ProjectFactory,
    ResourceNeedFactory,
    ResourceRoleFactory,
)


@pytest.mark.django_db
def test_project_page_shows_needs_with_totals_and_the_councils_taking_part(
    executive_client, fife
) -> None:
    project = ProjectFactory(name="Digital telecare switchover", is_demo=True)
    ResourceNeedFactory(
        project=project,
        role=ResourceRoleFactory(name="Telecare service manager"),
        person_days=30,
    )
    ResourceNeedFactory(
        project=project, role=None, person_days=0, amount=Decimal("120000")
    )
    ParticipationFactory(project=project, council=fife)
    page = executive_client.get(project.get_absolute_url()).content.decode()
    assert "Telecare service manager" in page
    assert "Funding" in page  # a money need is named as money, not as a role
    assert "£120,000" in page
    assert ">30<" in page
    assert 'data-figure="councils-taking-part" value="1"' in page
    assert "of 32 councils" in page
    assert "Fife" in page
    assert "Demo data" in page


def dates_for(state: str) -> dict[str, dt.date]:
    """A project's dates that put it in the state today."""
    today = timezone.localdate()
    if state == "not_started":
        start = today + dt.timedelta(days=60)
        return {"start_date": start, "status_date": start, "phase_entered_on": start}
    last_pulse = today - dt.timedelta(days=90 if state == "stalled" else 0)
    closed_on = today if state == "closed" else None
    return {"status_date": last_pulse, "closed_on": closed_on}


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["in_flight", "stalled", "closed", "not_started"])
def test_project_page_shows_its_state(staff_client, state) -> None:
    project = ProjectFactory(**dates_for(state))
    page = staff_client.get(project.get_absolute_url()).content.decode()
    assert f'data-figure="state" value="{state}"' in page


@pytest.mark.django_db
def test_a_closed_project_shows_the_councils_that_took_part(
    executive_client, fife, highland
) -> None:
    project = ProjectFactory(closed_on=dt.date(2026, 6, 30))
    ParticipationFactory(project=project, council=fife)
    ParticipationFactory(project=project, council=highland, left_on=dt.date(2026, 3, 1))
    page = executive_client.get(project.get_absolute_url()).content.decode()
    assert "Councils that took part" in page
    assert "1 of 32 councils, until the project closed" in page
    assert "Fife" in page
    assert ">Highland<" not in page  # it left before the project closed


@pytest.mark.django_db
def test_unknown_project_is_a_404(staff_client) -> None:
    assert staff_client.get("/projects/no-such-project/").status_code == 404
