import pytest

from heartbeat.models import Phase
from heartbeat.services import CriterionTick, ensure_phase_products
from portfolios.models import Project
from tests.factories import ParticipationFactory, ProjectFactory


def phase(number: int) -> Phase:
    return Phase.objects.get(number=number)


def all_met(project: Project) -> list[CriterionTick]:
    return [
        CriterionTick(criterion=c, met=True, evidence="Agreed at the cohort meeting.")
        for c in project.phase.criteria.all()
    ]


def none_met(project: Project) -> list[CriterionTick]:
    return [CriterionTick(criterion=c, met=False) for c in project.phase.criteria.all()]


@pytest.fixture
def project(db: None, fife) -> Project:
    """A technology project in Scope, with Fife taking part."""
    project = ProjectFactory(
        name="Digital telecare switchover",
        slug="digital-telecare-switchover",
        kind=Project.Kind.TECHNOLOGY,
        phase=phase(1),
    )
    ensure_phase_products(project)
    ParticipationFactory(project=project, council=fife)
    return project
