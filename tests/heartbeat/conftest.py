"""Helpers of the lifecycle tests (the `project` they act on is tests/conftest.py's)."""

from heartbeat.models import Phase
from heartbeat.services import CriterionTick
from portfolios.models import Project


def phase(number: int) -> Phase:
    return Phase.objects.get(number=number)


def all_met(project: Project) -> list[CriterionTick]:
    return [
        CriterionTick(criterion=c, met=True, evidence="Agreed at the cohort meeting.")
        for c in project.phase.criteria.all()
    ]


def none_met(project: Project) -> list[CriterionTick]:
    return [CriterionTick(criterion=c, met=False) for c in project.phase.criteria.all()]
