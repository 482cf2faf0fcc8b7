"""Email the lifecycle sends: who receives it, what it says, and that it goes once.

Services, called by the tasks (which only fetch by id): each locks its record, sends
to the people it chooses, and marks the record as notified in the same transaction,
so a task run twice sends nothing the second time.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from councils.models import User
from heartbeat.models import GateReview, MarketingPack
from portfolios.models import Participation


def _link(path: str) -> str:
    return f"{settings.HEARTBEAT_BASE_URL.rstrip('/')}{path}"


def _email_leads(
    leads: Iterable[User], subject: str, template: str, context: dict[str, object]
) -> int:
    """One email to each lead, written for them; how many went out."""
    messages = [
        (
            subject,
            render_to_string(template, {**context, "lead": lead}),
            settings.DEFAULT_FROM_EMAIL,
            [lead.email],
        )
        for lead in leads
    ]
    return send_mass_mail(messages, fail_silently=False) if messages else 0


@transaction.atomic
def email_phase_change(review_id: int) -> int:
    """Tell the leads of every council taking part that the project changed phase.
    Returns how many emails went out."""
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
        .exclude(email="")
        .select_related("council")
    )
    sent = _email_leads(
        leads,
        f"{project.name} has moved to {review.to_phase.name}",
        "heartbeat/email/phase_change.txt",
        {
            "review": review,
            "project": project,
            "url": _link(project.get_absolute_url()),
        },
    )
    # An update, not a save: being notified is not a change to the decision.
    GateReview.objects.filter(pk=review.pk).update(leads_notified_at=timezone.now())
    return sent


@transaction.atomic
def email_pack_published(pack_id: int) -> int:
    """Tell every council lead that a pack is out. Returns how many emails went out."""
    pack = (
        MarketingPack.objects.select_for_update()
        .select_related("project__phase")
        .get(pk=pack_id)
    )
    if pack.leads_notified_at is not None or not pack.is_published:
        return 0
    project = pack.project
    leads = User.objects.leads().exclude(email="").select_related("council")
    sent = _email_leads(
        leads,
        f"New Heartbeat project recruiting councils: {project.name}",
        "heartbeat/email/pack_published.txt",
        {"pack": pack, "project": project, "url": _link(pack.get_absolute_url())},
    )
    MarketingPack.objects.filter(pk=pack.pk).update(leads_notified_at=timezone.now())
    return sent
