"""Rules of projects' lifecycle (gate reviews, pulses, packs) and the rows that break
them (see `councils.integrity`)."""

import datetime as dt

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate

from councils.integrity import Rule, when
from heartbeat.models import GateReview, MarketingPack, Pulse
from portfolios.models import Project


def pulses_outside_project(day: dt.date) -> QuerySet[Pulse]:
    return (
        Pulse.objects.select_related("project")
        .filter(Q(reported_on__lt=F("project__start_date")) | Q(reported_on__gt=day))
        .order_by("project__name", "reported_on")
    )


def reviews_outside_project(day: dt.date) -> QuerySet[GateReview]:
    return (
        GateReview.objects.select_related("project")
        .filter(Q(decided_on__lt=F("project__start_date")) | Q(decided_on__gt=day))
        .order_by("project__name", "decided_on")
    )


def statuses_not_newest_pulse(day: dt.date) -> QuerySet[Project]:
    """Started projects whose status is not their newest pulse (or have none)."""
    newest = Pulse.objects.filter(project=OuterRef("pk")).order_by(
        "-reported_on", "-pk"
    )
    return (
        Project.objects.filter(start_date__lte=day)
        .annotate(newest_pulse=Subquery(newest.values("reported_on")[:1]))
        .filter(Q(newest_pulse__isnull=True) | ~Q(newest_pulse=F("status_date")))
        .order_by("name")
    )


def phases_not_latest_review(day: dt.date) -> QuerySet[Project]:
    """Projects not in the phase their latest phase-changing review took them to."""
    moves = (
        GateReview.objects.moves()
        .filter(project=OuterRef("pk"))
        .order_by("-decided_on", "-pk")
    )
    return (
        Project.objects.select_related("phase")
        .annotate(
            reached=Subquery(moves.values("to_phase__name")[:1]),
            reached_id=Subquery(moves.values("to_phase")[:1]),
        )
        .filter(reached_id__isnull=False)
        .exclude(phase=F("reached_id"))
        .order_by("name")
    )


def closures_not_latest_review(day: dt.date) -> QuerySet[Project]:
    """Closed projects whose latest review is not a close on that day, and open ones
    whose latest review closed them."""
    latest = GateReview.objects.filter(project=OuterRef("pk")).order_by(
        "-decided_on", "-pk"
    )
    closing = GateReview.Decision.CLOSE
    return (
        Project.objects.annotate(
            last_decision=Subquery(latest.values("decision")[:1]),
            last_decided_on=Subquery(latest.values("decided_on")[:1]),
        )
        .filter(
            Q(closed_on__isnull=False)
            & (
                Q(last_decision__isnull=True)
                | ~Q(last_decision=closing)
                | ~Q(last_decided_on=F("closed_on"))
            )
            | Q(closed_on__isnull=True, last_decision=closing)
        )
        .order_by("name")
    )


def _tell_closure(project: Project) -> str:
    if project.closed_on is None:
        return f"{project} is open, but its latest gate review closed it."
    return (
        f"{project} closed on {when(project.closed_on)}, but its latest gate review "
        f"is {project.last_decision or 'none'} on {when(project.last_decided_on)}."
    )


def packs_outside_project(day: dt.date) -> QuerySet[MarketingPack]:
    return (
        MarketingPack.objects.select_related("project")
        .annotate(published_on=TruncDate("published_at"))
        .filter(Q(published_on__lt=F("project__start_date")) | Q(published_on__gt=day))
        .order_by("project__name")
    )


RULES = (
    Rule(
        "heartbeat.pulse_outside_project",
        "A pulse is reported between its project's start and today.",
        "Correct the day of the pulse, or the project's start.",
        pulses_outside_project,
        lambda pulse: (
            f"Pulse of {pulse.project} reported on "
            f"{when(pulse.reported_on)}; the project started on "
            f"{when(pulse.project.start_date)}."
        ),
    ),
    Rule(
        "heartbeat.review_outside_project",
        "A gate review is decided between its project's start and today.",
        "Correct the day of the decision, or the project's start.",
        reviews_outside_project,
        lambda review: (
            f"Gate review of {review.project} decided on "
            f"{when(review.decided_on)}; the project started on "
            f"{when(review.project.start_date)}."
        ),
    ),
    Rule(
        "heartbeat.status_not_newest_pulse",
        "A started project's status is its newest pulse.",
        "Report a pulse (it becomes the status), or set the status date to the "
        "newest pulse's day.",
        statuses_not_newest_pulse,
        lambda project: (
            f"{project}'s status is dated {when(project.status_date)}; "
            f"its newest pulse, {when(project.newest_pulse)}."
        ),
    ),
    Rule(
        "heartbeat.phase_not_latest_review",
        "A project is in the phase its latest phase-changing gate review took it to.",
        "Record a gate review that moves the project, or correct its phase.",
        phases_not_latest_review,
        lambda project: (
            f"{project} is in {project.phase.name}; its latest gate "
            f"review moved it to {project.reached}."
        ),
    ),
    Rule(
        "heartbeat.closure_not_latest_review",
        "A project is closed by its latest gate review, a close on that day, and "
        "only by one.",
        "Record the close (or reopen) as a gate review, or correct the day it closed.",
        closures_not_latest_review,
        _tell_closure,
    ),
    Rule(
        "heartbeat.pack_outside_project",
        "A Marketing Pack is published between its project's start and today.",
        "Correct the day the pack was published.",
        packs_outside_project,
        lambda pack: (
            f"The pack of {pack.project} was published on "
            f"{when(pack.published_on)}; the project started on "
            f"{when(pack.project.start_date)}."
        ),
    ),
)
