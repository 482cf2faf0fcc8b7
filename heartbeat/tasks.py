"""Background work of the lifecycle. Tasks take ids, hold no rules, and are safe to
run twice."""

import logging
from functools import partial

from celery import Task, shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from councils.models import User
from councils.roles import Role
from heartbeat.models import GateReview, MarketingPack

logger = logging.getLogger(__name__)


def _send(task: Task, *args: object) -> None:
    """Publish a task; a broker outage is logged, never turned into a failed save."""
    try:
        task.delay(*args)
    except Exception:
        logger.exception(
            "Could not queue %s%r: the broker is unreachable", task.name, args
        )


def queue_phase_change_emails(review_id: int) -> None:
    """Email the leads of the project's councils once the review is committed."""
    transaction.on_commit(partial(_send, notify_phase_change, review_id))


def queue_pack_emails(pack_id: int) -> None:
    """Tell every council lead about a newly published pack, once it is committed."""
    transaction.on_commit(partial(_send, notify_pack_published, pack_id))


@shared_task(
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def notify_phase_change(review_id: int) -> int:
    """Tell the leads of every council taking part that the project changed phase.

    Marks the review as notified in the same transaction, so a second run sends
    nothing. Returns how many emails went out.
    """
    with transaction.atomic():
        review = (
            GateReview.objects.select_for_update()
            .select_related("project__portfolio", "phase", "to_phase", "decided_by")
            .get(pk=review_id)
        )
        if review.leads_notified_at is not None:
            return 0
        project = review.project
        leads = (
            User.objects.filter(
                is_active=True,
                groups__name=Role.LEAD,
                council__participations__project=project,
                council__participations__left_on__isnull=True,
            )
            .exclude(email="")
            .select_related("council")
            .distinct()
        )
        subject = f"{project.name} has moved to {review.to_phase.name}"
        url = f"{settings.HEARTBEAT_BASE_URL.rstrip('/')}{project.get_absolute_url()}"
        messages = [
            (
                subject,
                render_to_string(
                    "heartbeat/email/phase_change.txt",
                    {"review": review, "project": project, "lead": lead, "url": url},
                ),
                settings.DEFAULT_FROM_EMAIL,
                [lead.email],
            )
            for lead in leads
        ]
        sent = send_mass_mail(messages, fail_silently=False) if messages else 0
        # An update, not a save: being notified is not a change to the decision.
        GateReview.objects.filter(pk=review.pk).update(leads_notified_at=timezone.now())
    return sent


@shared_task(
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def notify_pack_published(pack_id: int) -> int:
    """Email every active council lead that a pack is out. Safe to run twice."""
    with transaction.atomic():
        pack = (
            MarketingPack.objects.select_for_update()
            .select_related("project__phase")
            .get(pk=pack_id)
        )
        if pack.leads_notified_at is not None or not pack.is_published:
            return 0
        project = pack.project
        leads = (
            User.objects.filter(
                is_active=True, groups__name=Role.LEAD, council__isnull=False
            )
            .exclude(email="")
            .select_related("council")
        )
        url = f"{settings.HEARTBEAT_BASE_URL.rstrip('/')}{pack.get_absolute_url()}"
        messages = [
            (
                f"New Heartbeat project recruiting councils: {project.name}",
                render_to_string(
                    "heartbeat/email/pack_published.txt",
                    {"pack": pack, "project": project, "lead": lead, "url": url},
                ),
                settings.DEFAULT_FROM_EMAIL,
                [lead.email],
            )
            for lead in leads
        ]
        sent = send_mass_mail(messages, fail_silently=False) if messages else 0
        MarketingPack.objects.filter(pk=pack.pk).update(
            leads_notified_at=timezone.now()
        )
    return sent
