"""Changes anywhere in the programme queue a recompute of what they touch.

Model signals, rather than calls from each app's services, keep the apps below
unaware of metrics (nothing imports this app), and catch admin edits too.

- A change to a project or to something of its own (a need, a participation, a
  commitment, a benefit, a gate review, a pulse, a product) queues the recompute of
  its scopes: the project, its portfolio, its objectives, its councils, the
  programme (metrics.services.recompute_projects).
- Nothing is queued inside `metrics.caching.bulk_writes()`.
- A change that moves a project between scopes (its portfolio, its objectives), a
  deletion of a participation or a commitment (its council is no longer found from
  the project), and a change to reference data (portfolios, objectives and their
  tags, councils, phases, roles) queue a recompute of the whole day.
"""

from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.dispatch import receiver

from councils.models import Council
from heartbeat.models import GateReview, Phase, ProjectProduct, Pulse
from metrics.caching import in_bulk
from metrics.services import projects_touched_by
from metrics.tasks import schedule_full_refresh, schedule_project_refresh
from portfolios.models import (
    Benefit,
    BenefitActual,
    Commitment,
    Participation,
    Portfolio,
    Project,
    ResourceNeed,
    ResourceRole,
    VisionObjective,
)

WATCHED = (
    Project,
    ResourceNeed,
    Participation,
    Commitment,
    Benefit,
    BenefitActual,
    GateReview,
    Pulse,
    ProjectProduct,
)
REFERENCE = (Portfolio, VisionObjective, Council, Phase, ResourceRole)
TAGS = (Project.vision_objectives.through, Portfolio.vision_objectives.through)
# Deleted, these leave a council whose figures the project no longer leads to.
COUNCILS_OWN = (Participation, Commitment)


@receiver(post_init, sender=Project)
def remember_portfolio(instance: Project, **kwargs: object) -> None:
    """The portfolio a project was loaded with, to see it move on save."""
    instance._loaded_portfolio_id = instance.__dict__.get("portfolio_id")


def _moved(project: Project) -> bool:
    loaded = getattr(project, "_loaded_portfolio_id", None)
    return loaded is not None and loaded != project.portfolio_id


@receiver(post_save)
@receiver(post_delete)
def refresh_on_change(sender: type, instance: object, **kwargs: object) -> None:
    if kwargs.get("raw") or in_bulk():
        return
    deleted = "created" not in kwargs
    if (
        sender in REFERENCE
        or (sender is Project and _moved(instance))
        or (deleted and sender in COUNCILS_OWN)
    ):
        schedule_full_refresh()
        if sender is Project:
            instance._loaded_portfolio_id = instance.portfolio_id
        return
    if sender not in WATCHED:
        return
    for project_id in projects_touched_by(instance):
        schedule_project_refresh(project_id)


@receiver(m2m_changed)
def refresh_on_new_tags(sender: type, action: str, **kwargs: object) -> None:
    if in_bulk():
        return
    if sender in TAGS and action in {"post_add", "post_remove", "post_clear"}:
        schedule_full_refresh()
