"""Changes anywhere in the programme queue a recompute of what they touch.

Model signals, rather than calls from each app's services, keep the apps below
unaware of metrics (nothing imports this app), and catch admin edits too.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from heartbeat.models import GateReview, ProjectProduct, Pulse
from metrics.services import projects_touched_by
from metrics.tasks import schedule_project_refresh
from portfolios.models import (
    Benefit,
    BenefitActual,
    Commitment,
    Participation,
    Project,
    ResourceNeed,
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


@receiver(post_save)
@receiver(post_delete)
def refresh_on_change(sender: type, instance: object, **kwargs: object) -> None:
    if sender not in WATCHED or kwargs.get("raw"):
        return
    for project_id in projects_touched_by(instance):
        schedule_project_refresh(project_id)
