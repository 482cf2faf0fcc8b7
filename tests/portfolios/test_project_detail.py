from decimal import Decimal

import pytest

from tests.factories import ParticipationFactory, ProjectFactory, ResourceNeedFactory


@pytest.mark.django_db
def test_project_page_shows_needs_with_totals_and_the_councils_taking_part(
    executive_client, fife
) -> None:
    project = ProjectFactory(name="Digital telecare switchover", is_demo=True)
    ResourceNeedFactory(project=project, role="Telecare lead", person_days=30)
    ResourceNeedFactory(
        project=project, role="Funding", person_days=0, amount=Decimal("120000")
    )
    ParticipationFactory(project=project, council=fife)
    page = executive_client.get(project.get_absolute_url()).content.decode()
    assert "Telecare lead" in page
    assert "£120,000" in page
    assert ">30<" in page
    assert "1 of 32 councils" in page
    assert "Fife" in page
    assert "Demo data" in page


@pytest.mark.django_db
def test_unknown_project_is_a_404(staff_client) -> None:
    assert staff_client.get("/projects/no-such-project/").status_code == 404
