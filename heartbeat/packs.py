"""What a Marketing Pack shows, read live from the project at the time it is shown."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from heartbeat.models import MarketingPack, Phase
from portfolios.coverage import project_coverage
from portfolios.models import Participation, Project


@dataclass(frozen=True)
class Milestone:
    on: dt.date
    text: str
    done: bool


def timeline(project: Project) -> list[Milestone]:
    """When the project started, entered each phase, and means to finish."""
    today = project.closed_on or timezone.localdate()
    milestones = [Milestone(project.start_date, "Project started", True)]
    for review in (
        project.reviews.filter(decision__in=("proceed", "return", "reopen"))
        .select_related("to_phase")
        .order_by("decided_on", "pk")
    ):
        milestones.append(
            Milestone(review.decided_on, f"Entered {review.to_phase.name}", True)
        )
    if project.closed_on:
        milestones.append(Milestone(project.closed_on, "Project closed", True))
    else:
        milestones.append(
            Milestone(project.target_date, "Target end", project.target_date <= today)
        )
    return milestones


def pack_content(project: Project, pack: MarketingPack) -> dict:
    needs = list(project.needs.select_related("role"))
    return {
        "project": project,
        "pack": pack,
        "phases": Phase.objects.prefetch_related("products"),
        "needs": needs,
        "coverage": project_coverage(needs, project.commitments.select_related("role")),
        "participations": Participation.objects.active()
        .filter(project=project)
        .select_related("council"),
        "timeline": timeline(project),
    }
