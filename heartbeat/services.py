"""State changes of the lifecycle: gate reviews, pulses and products.

Each is one atomic function that writes its own record (the review is the audit record
of a move) and queues side effects to run after the commit.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from councils.models import User
from heartbeat.models import (
    CriterionCheck,
    ExitCriterion,
    GateReview,
    MarketingPack,
    Phase,
    ProjectProduct,
    Pulse,
)
from heartbeat.tasks import queue_pack_emails, queue_phase_change_emails
from portfolios.models import Project

Decision = GateReview.Decision


class LifecycleRefused(Exception):
    """A rule of the lifecycle says no. `field` names the form field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ReviewConflict(LifecycleRefused):
    """Someone else decided on this project since the form was opened."""


@dataclass(frozen=True)
class CriterionTick:
    criterion: ExitCriterion
    met: bool
    evidence: str = ""


def available_decisions(project: Project) -> list[str]:
    """The decisions that make sense for the project as it stands."""
    if project.is_closed:
        return [Decision.REOPEN]
    decisions = []
    if Phase.objects.after(project.phase).exists():
        decisions.append(Decision.PROCEED)
    decisions.append(Decision.HOLD)
    if Phase.objects.before(project.phase).exists():
        decisions.append(Decision.RETURN)
    decisions.append(Decision.CLOSE)
    return decisions


def _unmet_mandatory(phase: Phase, ticks: list[CriterionTick]) -> list[str]:
    met = {tick.criterion.pk for tick in ticks if tick.met}
    return [c.text for c in phase.criteria.all() if c.mandatory and c.pk not in met]


def _may_close_early(project: Project) -> bool:
    return (
        project.kind == Project.Kind.INFLUENCE
        and project.phase.closes_influence_projects
    )


def _target_phase(project: Project, decision: str, to_phase: Phase | None) -> Phase:
    """Where the decision takes the project, or a refusal saying why not."""
    current = project.phase
    if decision == Decision.PROCEED:
        following = Phase.objects.after(current).first()
        if following is None:
            raise LifecycleRefused(
                f"{current.name} is the last phase: close the project instead.",
                field="decision",
            )
        return following
    if decision == Decision.RETURN:
        if to_phase is None:
            raise LifecycleRefused(
                "Choose the earlier phase to return to.", field="to_phase"
            )
        if to_phase.number >= current.number:
            raise LifecycleRefused(
                f"Choose a phase before {current.name} to return to.", field="to_phase"
            )
        return to_phase
    if decision == Decision.REOPEN:
        return to_phase or current
    return current  # hold and close leave the phase as it is


def _check_rules(
    project: Project,
    decision: str,
    ticks: list[CriterionTick],
    override_reason: str,
) -> bool:
    """Refuse what the rules forbid; return True if staff overrode a rule."""
    if decision not in available_decisions(project):
        if project.is_closed:
            message = "This project is closed: the only decision now is to reopen it."
        elif decision == Decision.PROCEED:
            message = (
                f"{project.phase.name} is the last phase: close the project instead."
            )
        elif decision == Decision.RETURN:
            message = f"There is no phase before {project.phase.name} to return to."
        elif decision == Decision.REOPEN:
            message = "Only a closed project can be reopened."
        else:
            message = "That decision is not possible for this project now."
        raise LifecycleRefused(message, field="decision")
    problems = []
    if decision in (Decision.PROCEED, Decision.CLOSE):
        unmet = _unmet_mandatory(project.phase, ticks)
        if unmet:
            criteria = "criterion is" if len(unmet) == 1 else "criteria are"
            problems.append(
                f"{len(unmet)} mandatory exit {criteria} not met ({'; '.join(unmet)})"
            )
    if (
        decision == Decision.CLOSE
        and Phase.objects.after(project.phase).exists()
        and not _may_close_early(project)
    ):
        problems.append(
            f"a project that is {project.get_kind_display().lower()} passes through "
            f"every phase, and this one is only in {project.phase.name}"
        )
    if not problems:
        return False
    if override_reason.strip():
        return True
    verb = "Proceed" if decision == Decision.PROCEED else "Closing"
    raise LifecycleRefused(
        f"{verb} is refused: {' and '.join(problems)}. Tick each criterion that is "
        "met with its evidence, or tick the override and give the reason.",
        field="override_reason",
    )


@transaction.atomic
def record_gate_review(
    project: Project,
    *,
    decision: str,
    decided_by: User,
    rationale: str,
    ticks: list[CriterionTick],
    decided_on: dt.date | None = None,
    to_phase: Phase | None = None,
    override_reason: str = "",
    based_on_review: int | None = None,
) -> GateReview:
    """Record a decision at the project's gate and apply it, or refuse it.

    `based_on_review` is the latest review the decision-maker saw (None if there was
    none): if another decision has been recorded since, this one is refused rather
    than silently applied on top of it.
    """
    # The row lock makes concurrent reviews of one project queue up; the check of the
    # latest review then refuses the second one. No join in the locking query: after
    # waiting, PostgreSQL rechecks a join against the updated row and finds nothing.
    project = Project.objects.select_for_update().get(pk=project.pk)
    latest = project.reviews.order_by("-pk").values_list("pk", flat=True).first()
    if latest != based_on_review:
        raise ReviewConflict(
            "Another decision was recorded for this project while you were reviewing "
            "it. Nothing of yours was saved: check the project's new state and review "
            "it again."
        )
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        raise LifecycleRefused(
            "The date of a decision cannot be in the future.", field="decided_on"
        )
    if not rationale.strip():
        raise LifecycleRefused(
            "Give the rationale for the decision.", field="rationale"
        )
    overridden = _check_rules(project, decision, ticks, override_reason)
    target = _target_phase(project, decision, to_phase)

    review = GateReview.objects.create(
        project=project,
        phase=project.phase,
        decision=decision,
        to_phase=target,
        decided_on=decided_on,
        decided_by=decided_by,
        rationale=rationale.strip(),
        overridden=overridden,
        override_reason=override_reason.strip() if overridden else "",
    )
    CriterionCheck.objects.bulk_create(
        CriterionCheck(
            review=review,
            criterion=tick.criterion,
            text=tick.criterion.text,
            mandatory=tick.criterion.mandatory,
            met=tick.met,
            evidence=tick.evidence.strip(),
        )
        for tick in ticks
    )

    if decision == Decision.CLOSE:
        project.closed_on = decided_on
    elif decision == Decision.REOPEN:
        project.closed_on = None
    if target != project.phase:
        project.phase = target
        project.phase_entered_on = decided_on
        ensure_phase_products(project)
    project._change_reason = f"Gate review: {review.get_decision_display()}"
    project.save()
    if review.changes_phase:
        queue_phase_change_emails(review.pk)
    return review


@transaction.atomic
def start_project(project: Project, *, started_by: User) -> Project:
    """Save a new project in its first phase, with its products and a first pulse."""
    project.phase_entered_on = project.start_date
    project.save()
    ensure_phase_products(project)
    Pulse.objects.create(
        project=project,
        reported_on=project.status_date,
        rag_status=project.rag_status,
        commentary=project.status_commentary or "Project started.",
        reported_by=started_by,
    )
    return project


def ensure_phase_products(project: Project) -> None:
    """Give the project a status row for each product expected in its phase."""
    existing = set(project.products.values_list("product_id", flat=True))
    for product in project.phase.products.all():
        if product.pk not in existing:
            ProjectProduct.objects.create(project=project, product=product)


@transaction.atomic
def report_pulse(
    project: Project,
    *,
    rag_status: str,
    commentary: str,
    reported_by: User,
    reported_on: dt.date | None = None,
) -> Pulse:
    """Record a pulse; the newest one is the project's current status."""
    reported_on = reported_on or timezone.localdate()
    if reported_on > timezone.localdate():
        raise LifecycleRefused(
            "A pulse cannot be dated in the future.", field="reported_on"
        )
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.is_closed:
        raise LifecycleRefused("This project is closed: it no longer reports a pulse.")
    pulse = Pulse.objects.create(
        project=project,
        reported_on=reported_on,
        rag_status=rag_status,
        commentary=commentary.strip(),
        reported_by=reported_by,
    )
    if reported_on >= project.status_date:
        project.rag_status = rag_status
        project.status_commentary = pulse.commentary
        project.status_date = reported_on
        project._change_reason = "Pulse"
        project.save()
    return pulse


@transaction.atomic
def set_product_status(
    product: ProjectProduct, *, status: str, reason: str = ""
) -> ProjectProduct:
    if status == ProjectProduct.Status.NOT_NEEDED and not reason.strip():
        raise LifecycleRefused(
            "Say why the product is not needed.", field="not_needed_reason"
        )
    product.status = status
    product.not_needed_reason = (
        reason.strip() if status == ProjectProduct.Status.NOT_NEEDED else ""
    )
    product.save()
    return product


PACK_FIELDS = (
    "headline",
    "what_councils_gain",
    "spotlight",
    "contact_name",
    "contact_email",
)


@transaction.atomic
def save_pack(project: Project, *, by: User, **fields: str) -> MarketingPack:
    """Write the staff's part of a Marketing Pack (a draft until published)."""
    pack = MarketingPack.objects.filter(project=project).first() or MarketingPack(
        project=project
    )
    for name in PACK_FIELDS:
        setattr(pack, name, fields[name].strip())
    pack._change_reason = "Edited"
    pack.save()
    return pack


@transaction.atomic
def publish_pack(pack: MarketingPack, *, by: User) -> MarketingPack:
    """Publish the pack: leads can see it and join, and every lead is told by email."""
    pack = MarketingPack.objects.select_for_update().get(pk=pack.pk)
    if pack.is_published:
        return pack
    if pack.project.is_closed:
        raise LifecycleRefused("This project is closed: its pack cannot be published.")
    pack.published_at = timezone.now()
    pack.published_by = by
    pack._change_reason = "Published"
    pack.save()
    queue_pack_emails(pack.pk)
    return pack
