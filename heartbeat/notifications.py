"""Email the lifecycle sends: who receives it, what it says, and that it goes once.

Services, called by the tasks (which only fetch by id): each chooses the people and
composes an email to each through the outbox, which keeps one email per person and
key, so a task run twice sends nothing the second time. A phase change and a pack
are also marked as told, in the same transaction.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from councils.models import Council, User
from heartbeat.models import GateReview, MarketingPack
from outbox.kinds import Kind
from outbox.services import compose, link
from portfolios.models import (
    PULSE_DUE_SOON_DAYS,
    Participation,
    Project,
    VisionObjective,
    is_today,
)

# How far ahead an owner is reminded of a pulse falling due.


@transaction.atomic
def email_phase_change(review_id: int) -> int:
    """Tell the leads of every council taking part that the project changed phase.
    Returns how many emails were composed."""
    review = (
        GateReview.objects.select_for_update()
        .select_related("project__portfolio", "phase", "to_phase", "decided_by")
        .get(pk=review_id)
    )
    if review.leads_notified_at is not None:
        return 0
    project = review.project
    councils = Participation.objects.current().filter(project=project)
    leads = (
        User.objects.leads()
        .filter(council__in=councils.values("council"))
        .select_related("council")
        .order_by("pk")
    )
    context = {
        "review": review,
        "project": project,
        "products": [product.name for product in review.to_phase.products.all()],
        "action_label": "See the project",
        "action_url": link(project.get_absolute_url()),
    }
    sent = sum(
        compose(
            lead,
            kind=Kind.PHASE_CHANGED,
            key=f"phase-changed:{review.pk}",
            subject=f"{project.name} has moved to {review.to_phase.name}",
            template="heartbeat/email/phase_changed",
            context=context,
        )
        is not None
        for lead in leads
    )
    # An update, not a save: being notified is not a change to the decision.
    GateReview.objects.filter(pk=review.pk).update(leads_notified_at=timezone.now())
    return sent


def pack_readers(project: Project) -> list[tuple[User, list[VisionObjective]]]:
    """The leads who hear of the project's pack, each with the priorities of their
    council it matches: leads of councils that give priority to one of the
    project's vision objectives, or that chose none (they hear of every pack)."""
    objectives = list(project.vision_objectives.all())
    leads = (
        User.objects.leads()
        .filter(
            Q(council__priority_objectives__in=objectives)
            | Q(council__priority_objectives__isnull=True)
        )
        .distinct()
        .select_related("council")
        .prefetch_related(
            Prefetch(
                "council__priority_objectives",
                queryset=VisionObjective.objects.order_by("position"),
            )
        )
        .order_by("pk")
    )
    return [
        (
            lead,
            [o for o in lead.council.priority_objectives.all() if o in objectives],
        )
        for lead in leads
    ]


@transaction.atomic
def email_pack_published(pack_id: int) -> int:
    """Tell the leads whose council's priorities the pack matches that it is out.
    Returns how many emails were composed."""
    pack = (
        MarketingPack.objects.select_for_update()
        .select_related("project__phase")
        .get(pk=pack_id)
    )
    if pack.leads_notified_at is not None or not pack.is_published:
        return 0
    project = pack.project
    sent = 0
    for lead, matches in pack_readers(project):
        council: Council = lead.council
        sent += (
            compose(
                lead,
                kind=Kind.PACK_PUBLISHED,
                key=f"pack-published:{pack.pk}",
                subject=f"New Heartbeat project recruiting councils: {project.name}",
                template="heartbeat/email/pack_published",
                context={
                    "pack": pack,
                    "project": project,
                    "council": council,
                    "matches": [objective.name for objective in matches],
                    "priorities_url": link(
                        reverse("councils:edit", args=[council.slug])
                    ),
                    "action_label": "Read the Marketing Pack",
                    "action_url": link(pack.get_absolute_url()),
                },
            )
            is not None
        )
    MarketingPack.objects.filter(pk=pack.pk).update(leads_notified_at=timezone.now())
    return sent


def _remind(project: Project, *, kind: Kind, key: str, subject: str) -> bool:
    return (
        compose(
            project.owner,
            kind=kind,
            key=key,
            subject=subject,
            template=f"heartbeat/email/{kind}",
            context={
                "project": project,
                "due_on": project.pulse_due_on,
                "action_label": "Report the pulse",
                "action_url": link(reverse("heartbeat:pulse", args=[project.slug])),
            },
        )
        is not None
    )


@transaction.atomic
def remind_pulses(day: dt.date | None = None) -> int:
    """Remind each project's owner of a pulse due within three days, and once more
    when it is overdue: one email per project, kind and due day, however often the
    job runs. Projects with no owner (or one no longer on the staff) are skipped:
    the queue shows them. Returns how many reminders stand today (each is sent
    once, however often they are counted).

    The rules read today's state (`day` is today unless said; the demo and tests
    name it), so a past day cannot be reminded of."""
    if not is_today(day):
        raise ValueError("Pulse reminders are sent for today only.")
    owned = Project.objects.filter(owner__in=User.objects.staff()).select_related(
        "owner"
    )
    overdue = owned.filter(pk__in=Project.objects.stalled().values("pk"))
    due_soon = owned.filter(
        pk__in=Project.objects.pulse_due_within(PULSE_DUE_SOON_DAYS).values("pk")
    ).exclude(pk__in=overdue.values("pk"))
    sent = 0
    for project in due_soon.order_by("pk"):
        due_on = project.pulse_due_on
        sent += _remind(
            project,
            kind=Kind.PULSE_DUE,
            key=f"pulse-due:{project.pk}:{due_on}",
            subject=f"Pulse due by {due_on.day} {due_on:%B}: {project.name}",
        )
    for project in overdue.order_by("pk"):
        due_on = project.pulse_due_on
        sent += _remind(
            project,
            kind=Kind.PULSE_OVERDUE,
            key=f"pulse-overdue:{project.pk}:{due_on}",
            subject=f"Pulse overdue: {project.name}",
        )
    return sent
