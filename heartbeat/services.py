"""State changes of the lifecycle: starting and editing projects, gate reviews, pulses,
products and Marketing Packs.

Each is one atomic function, subject first and the rest keyword-only, with `by` the
person acting and, where a past day makes sense, the day it happened (the demo
builds its history through these). Each writes its own record (a review is the audit
record of a move) and queues side effects to run after the commit.
"""

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from councils.models import User
from councils.refusals import Conflict, Refused
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
from portfolios.models import Project, VisionObjective
from portfolios.services import check_owner, dated, the_day

Decision = GateReview.Decision


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
            raise Refused(
                {
                    "decision": f"{current.name} is the last phase: close the project "
                    "instead."
                }
            )
        return following
    if decision == Decision.RETURN:
        if to_phase is None:
            raise Refused({"to_phase": "Choose the earlier phase to return to."})
        if to_phase.number >= current.number:
            raise Refused(
                {"to_phase": f"Choose a phase before {current.name} to return to."}
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
        raise Refused({"decision": message})
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
    raise Refused(
        {
            "override_reason": f"{verb} is refused: {' and '.join(problems)}. Tick "
            "each criterion that is met with its evidence, or tick the override and "
            "give the reason."
        }
    )


def _check_dated(project: Project, day: dt.date, field: str, what: str) -> None:
    """A record of the project's lifecycle is dated from its start to today."""
    if day > timezone.localdate():
        raise Refused({field: f"The date of {what} cannot be in the future."})
    if day < project.start_date:
        raise Refused(
            {
                field: f"The date of {what} cannot be before the project started, on "
                f"{project.start_date:%d/%m/%Y}."
            }
        )


@transaction.atomic
def record_gate_review(
    project: Project,
    *,
    decision: str,
    by: User,
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
    latest = project.reviews.order_by("-pk").first()
    if (latest.pk if latest else None) != based_on_review:
        raise Conflict(
            {
                None: "Another decision was recorded for this project while you were "
                "reviewing it. Nothing of yours was saved: check the project's new "
                "state and review it again."
            }
        )
    decided_on = decided_on or timezone.localdate()
    _check_dated(project, decided_on, "decided_on", "a decision")
    if latest is not None and decided_on < latest.decided_on:
        raise Refused(
            {
                "decided_on": "The date of a decision cannot be before the last one, "
                f"on {latest.decided_on:%d/%m/%Y}."
            }
        )
    if not rationale.strip():
        raise Refused({"rationale": "Give the rationale for the decision."})
    overridden = _check_rules(project, decision, ticks, override_reason)
    target = _target_phase(project, decision, to_phase)

    review = GateReview(
        project=project,
        phase=project.phase,
        decision=decision,
        to_phase=target,
        decided_on=decided_on,
        decided_by=by,
        rationale=rationale.strip(),
        overridden=overridden,
        override_reason=override_reason.strip() if overridden else "",
    )
    dated(review, by=by, on=decided_on)
    review.save()
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
        ensure_phase_products(project, by=by, on=decided_on)
    project._change_reason = f"Gate review: {review.get_decision_display()}"
    dated(project, by=by, on=decided_on)
    project.save()
    if review.changes_phase:
        queue_phase_change_emails(review.pk)
    return review


# Paths under /projects/ that are pages of the portal: no project may take one.
RESERVED_SLUGS = frozenset({"new"})

# What a person edits on the project's form (its phase and status move otherwise).
DETAIL_FIELDS = (
    "portfolio_id",
    "name",
    "summary",
    "problem",
    "outcome",
    "kind",
    "owner_id",
    "start_date",
    "target_date",
)


class DuplicateProject(Refused):
    """Another project already has this name, or the address made from it."""

    def __init__(self, errors: dict[str | None, str], *, existing: Project) -> None:
        super().__init__(errors)
        self.existing = existing


def _fingerprint(values: Iterable[object]) -> str:
    return hashlib.sha256("\x1f".join(map(str, values)).encode()).hexdigest()[:20]


def details_version(project: Project) -> str:
    """A fingerprint of the project's stored details: a form opened on one version
    is refused when saved on another (someone saved in between). Pulses and gate
    reviews do not change it: they touch none of these."""
    objectives = sorted(project.vision_objectives.values_list("pk", flat=True))
    return _fingerprint([*(getattr(project, f) for f in DETAIL_FIELDS), objectives])


def _check_name(project: Project) -> None:
    """A project's name is its own, and so is its address (made from the name when
    the project starts, then kept, so links to it keep working)."""
    project.name = " ".join(project.name.split())
    others = Project.objects.exclude(pk=project.pk) if project.pk else Project.objects
    if project.pk is None:
        project.slug = project.slug or slugify(project.name)[:150].strip("-")
    if not project.slug:
        raise Refused({"name": "Give the project a name with letters or numbers."})
    if project.slug in RESERVED_SLUGS:
        raise Refused(
            {
                "name": f"A project cannot be called ‘{project.name}’: its address, "
                f"/projects/{project.slug}/, is a page of the portal. Choose another "
                "name."
            }
        )
    existing = others.filter(name__iexact=project.name).first()
    if existing is not None:
        raise DuplicateProject(
            {
                "name": f"There is already a project called ‘{existing.name}’: "
                "open it, or give this one another name."
            },
            existing=existing,
        )
    existing = others.filter(slug=project.slug).first()
    if existing is not None:
        raise DuplicateProject(
            {
                "name": f"‘{project.name}’ would have the same address as "
                f"‘{existing.name}’ (/projects/{project.slug}/): give this one "
                "another name."
            },
            existing=existing,
        )


def _save_named(project: Project) -> None:
    """Save, saying which project took the name if another request took it first."""
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError:
        _check_name(project)  # names the project that took it meanwhile
        raise


def _check_project(project: Project) -> None:
    """What every saved project must satisfy, new or edited."""
    _check_name(project)
    check_owner(project.owner)
    if project.target_date < project.start_date:
        raise Refused(
            {"target_date": "The target end date must be on or after the start."}
        )
    if project.pk is None:
        return
    # What it holds must still fall inside its dates.
    first = min(
        (
            day
            for day in (
                project.reviews.order_by("decided_on")
                .values_list("decided_on", flat=True)
                .first(),
                project.pulses.order_by("reported_on")
                .values_list("reported_on", flat=True)
                .first(),
            )
            if day is not None
        ),
        default=None,
    )
    if first is not None and project.start_date > first:
        raise Refused(
            {
                "start_date": f"The project has records from {first:%d/%m/%Y} (a "
                "gate review or a pulse): it cannot start after them."
            }
        )
    outside = project.commitments.exclude(
        starts_on__gte=project.start_date, ends_on__lte=project.target_date
    ).count()
    if outside:
        raise Refused(
            {
                "target_date": f"{outside} commitment{'s' if outside > 1 else ''} run "
                "outside these dates: change the dates or the commitments first."
            }
        )


@transaction.atomic
def start_project(
    project: Project,
    *,
    by: User,
    vision_objectives: Iterable[VisionObjective] | None = None,
) -> Project:
    """Save a new project in its phase, with its products and, once it has started,
    a first pulse. Its address is made from its name unless one is given."""
    project.status_date = project.status_date or project.start_date
    if project.start_date > timezone.localdate():
        project.status_date = project.start_date  # its pulse is due from its start
    project.phase_entered_on = project.start_date
    _check_project(project)
    project._change_reason = "Started"
    dated(project, by=by, on=min(project.start_date, timezone.localdate()))
    _save_named(project)
    if vision_objectives is not None:
        project.vision_objectives.set(vision_objectives)
    ensure_phase_products(
        project, by=by, on=min(project.start_date, timezone.localdate())
    )
    if project.status_date <= timezone.localdate():
        pulse = Pulse(
            project=project,
            reported_on=project.status_date,
            rag_status=project.rag_status,
            commentary=project.status_commentary or "Project started.",
            reported_by=by,
        )
        pulse.save()
    return project


@transaction.atomic
def save_project(
    project: Project,
    *,
    by: User,
    vision_objectives: Iterable[VisionObjective] | None = None,
    based_on: str | None = None,
) -> Project:
    """Save edits to a project's own details (names, purpose, dates, owner); its
    phase and status move only by gate reviews and pulses.

    `based_on` is the details_version() the editor's form was opened on: if someone
    has saved the project since, the edit is refused rather than written over theirs.
    """
    stored = Project.objects.select_for_update().get(pk=project.pk)
    if based_on is not None and details_version(stored) != based_on:
        raise Conflict(
            {
                None: "Someone else saved this project while you were editing it, "
                "so your changes were not saved. What is stored now is shown above "
                "the form; what you typed is kept in it, to check and send again."
            }
        )
    for field in ("phase_id", "phase_entered_on", "closed_on"):
        setattr(project, field, getattr(stored, field))
    for field in ("rag_status", "status_commentary", "status_date"):
        setattr(project, field, getattr(stored, field))
    _check_project(project)
    project._change_reason = "Edited"
    dated(project, by=by, on=timezone.localdate())
    _save_named(project)
    if vision_objectives is not None:
        project.vision_objectives.set(vision_objectives)
    return project


def ensure_phase_products(
    project: Project, *, by: User | None = None, on: dt.date | None = None
) -> None:
    """Give the project a status row for each product expected in its phase (one
    of its own already named so stands in for the model's)."""
    existing = set(project.products.values_list("product_id", flat=True))
    names = {
        name.lower()
        for name in project.products.filter(phase=project.phase).values_list(
            "name", flat=True
        )
    }
    for product in project.phase.products.all():
        if product.pk not in existing and product.name.lower() not in names:
            row = ProjectProduct(
                project=project,
                product=product,
                phase_id=product.phase_id,
                name=product.name,
                position=product.position,
            )
            dated(row, by=by, on=on or timezone.localdate())
            row.save()


@transaction.atomic
def report_pulse(
    project: Project,
    *,
    rag_status: str,
    commentary: str,
    by: User,
    reported_on: dt.date | None = None,
) -> Pulse:
    """Record a pulse; the newest one is the project's current status."""
    reported_on = reported_on or timezone.localdate()
    project = Project.objects.select_for_update().get(pk=project.pk)
    _check_dated(project, reported_on, "reported_on", "a pulse")
    if project.is_closed:
        raise Refused({None: "This project is closed: it no longer reports a pulse."})
    pulse = Pulse.objects.create(
        project=project,
        reported_on=reported_on,
        rag_status=rag_status,
        commentary=commentary.strip(),
        reported_by=by,
    )
    if reported_on >= project.status_date:
        project.rag_status = rag_status
        project.status_commentary = pulse.commentary
        project.status_date = reported_on
        project._change_reason = "Pulse"
        dated(project, by=by, on=reported_on)
        project.save()
    return pulse


@transaction.atomic
def set_product_status(
    product: ProjectProduct,
    *,
    status: str,
    by: User,
    reason: str = "",
    on: dt.date | None = None,
) -> ProjectProduct:
    day = the_day(on)
    if status == ProjectProduct.Status.NOT_NEEDED and not reason.strip():
        raise Refused({"not_needed_reason": "Say why the product is not needed."})
    product.status = status
    product.not_needed_reason = (
        reason.strip() if status == ProjectProduct.Status.NOT_NEEDED else ""
    )
    dated(product, by=by, on=day)
    product.save()
    return product


# Evidence is read in a browser: a web address, never a script or a file share.
_evidence_address = URLValidator(schemes=["http", "https"])
EVIDENCE_REFUSED = (
    "Give the web address of the evidence, starting with https:// (or http://), "
    "like https://docs.example.scot/business-case"
)


def product_version(product: ProjectProduct) -> str:
    """A fingerprint of what a person edits on a product: a form opened on one
    version is refused when saved on another."""
    return _fingerprint(
        [
            product.name,
            product.status,
            product.not_needed_reason,
            product.evidence_url,
            product.due_on,
        ]
    )


def _product_errors(
    project: Project,
    *,
    phase: Phase,
    name: str,
    evidence_url: str,
    due_on: dt.date | None,
    instead_of: ProjectProduct | None = None,
) -> dict[str | None, str]:
    """What is wrong with a product's name, evidence and due date, per field."""
    errors: dict[str | None, str] = {}
    if not name:
        errors["name"] = "Name the product"
    elif instead_of is None or name != instead_of.name:
        taken = project.products.filter(phase=phase, name__iexact=name)
        if instead_of is not None:
            taken = taken.exclude(pk=instead_of.pk)
        # The model's products of a phase not yet reached are copied in later.
        expected = phase.products.filter(name__iexact=name)
        if taken.exists() or expected.exists():
            errors["name"] = (
                f"{project.name} already has a product called ‘{name}’ in "
                f"{phase.name}: give this one another name"
            )
    if evidence_url:
        try:
            _evidence_address(evidence_url)
        except ValidationError:
            errors["evidence_url"] = EVIDENCE_REFUSED
    if due_on is not None and due_on < project.start_date:
        errors["due_on"] = (
            "The due date cannot be before the project started, on "
            f"{project.start_date:%d/%m/%Y}"
        )
    return errors


@transaction.atomic
def add_product(
    project: Project,
    *,
    by: User,
    name: str,
    phase: Phase | None = None,
    due_on: dt.date | None = None,
    evidence_url: str = "",
    on: dt.date | None = None,
) -> ProjectProduct:
    """Add a product of the project's own to one of its phases (the current one
    unless said), after the products the model expects there."""
    day = the_day(on)
    # Locked so that two additions at once cannot take the same name or place.
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.is_closed:
        raise Refused({None: "This project is closed: it takes no new product."})
    phase = phase or project.phase
    name = " ".join(name.split())
    evidence_url = evidence_url.strip()
    errors = _product_errors(
        project, phase=phase, name=name, evidence_url=evidence_url, due_on=due_on
    )
    if errors:
        raise Refused(errors)
    # After the model's products of the phase, copied in already or not.
    last = max(
        project.products.filter(phase=phase).aggregate(n=Max("position"))["n"] or 0,
        phase.products.aggregate(n=Max("position"))["n"] or 0,
    )
    row = ProjectProduct(
        project=project,
        phase=phase,
        product=None,
        name=name,
        position=last + 1,
        evidence_url=evidence_url,
        due_on=due_on,
    )
    row._change_reason = "Added for this project"
    dated(row, by=by, on=day)
    row.save()
    return row


@transaction.atomic
def change_product(
    product: ProjectProduct,
    *,
    by: User,
    status: str,
    reason: str = "",
    evidence_url: str = "",
    due_on: dt.date | None = None,
    name: str | None = None,
    based_on: str | None = None,
    on: dt.date | None = None,
) -> ProjectProduct:
    """Change a product's status (not needed takes a reason), its evidence and due
    date, and the name of one of the project's own (the model's keep theirs).

    `based_on` is the product_version() the form was opened on: a change made by
    someone else since is not written over.
    """
    day = the_day(on)
    current = (
        ProjectProduct.objects.select_for_update(of=("self",))
        .select_related("project", "phase")
        .get(pk=product.pk)
    )
    if based_on is not None and product_version(current) != based_on:
        raise Conflict(
            {
                None: "Someone else changed this product while you were working on "
                "it, so your change was not saved. The page now shows what is "
                "stored; what you typed is kept in the form, to check and send again."
            }
        )
    name = current.name if name is None else " ".join(name.split())
    if name != current.name and not current.is_own:
        raise Refused(
            {
                "name": f"‘{current.name}’ is expected of every project in "
                f"{current.phase.name}: it keeps its name. Mark it not needed, with "
                "the reason, and add the project's own instead."
            }
        )
    evidence_url = evidence_url.strip()
    errors = _product_errors(
        current.project,
        phase=current.phase,
        name=name,
        evidence_url=evidence_url,
        due_on=due_on,
        instead_of=current,
    )
    if status == ProjectProduct.Status.NOT_NEEDED and not reason.strip():
        errors["not_needed_reason"] = "Say why the product is not needed."
    if errors:
        raise Refused(errors)
    current.name = name
    current.status = status
    current.not_needed_reason = (
        reason.strip() if status == ProjectProduct.Status.NOT_NEEDED else ""
    )
    current.evidence_url = evidence_url
    current.due_on = due_on
    dated(current, by=by, on=day)
    current.save()
    return current


@transaction.atomic
def remove_product(
    product: ProjectProduct, *, by: User, on: dt.date | None = None
) -> None:
    """Remove a product the project added for itself; one the model expects stays,
    marked not needed with the reason, so the record says why it was skipped."""
    day = the_day(on)
    if not product.is_own:
        raise Refused(
            {
                None: f"‘{product.name}’ is expected of every project in "
                f"{product.phase.name}: mark it not needed, with the reason, instead "
                "of removing it."
            }
        )
    product._change_reason = "Removed"
    dated(product, by=by, on=day)
    product.delete()


PACK_FIELDS = (
    "headline",
    "what_councils_gain",
    "spotlight",
    "contact_name",
    "contact_email",
)


@transaction.atomic
def save_pack(
    project: Project, *, by: User, on: dt.date | None = None, **fields: str
) -> MarketingPack:
    """Write the staff's part of a Marketing Pack (a draft until published)."""
    day = the_day(on)
    pack = MarketingPack.objects.filter(project=project).first() or MarketingPack(
        project=project
    )
    for name in PACK_FIELDS:
        setattr(pack, name, fields[name].strip())
    pack._change_reason = "Edited"
    dated(pack, by=by, on=day)
    pack.save()
    return pack


@transaction.atomic
def publish_pack(
    pack: MarketingPack, *, by: User, on: dt.date | None = None
) -> MarketingPack:
    """Publish the pack: leads can see it and join, and every lead is told by email."""
    day = the_day(on)
    pack = MarketingPack.objects.select_for_update().get(pk=pack.pk)
    if pack.is_published:
        return pack
    if pack.project.is_closed:
        raise Refused({None: "This project is closed: its pack cannot be published."})
    if day < pack.project.start_date:
        raise Refused(
            {
                None: f"This project starts on {pack.project.start_date:%d/%m/%Y}: "
                "its pack can be published from then."
            }
        )
    pack.published_at = (
        timezone.now()
        if day == timezone.localdate()
        else timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    )
    pack.published_by = by
    pack._change_reason = "Published"
    dated(pack, by=by, on=day)
    pack.save()
    queue_pack_emails(pack.pk)
    return pack
