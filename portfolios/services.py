"""State changes of councils' participation and commitments, and of benefits.

Each is one atomic function, subject first and the rest keyword-only, with `by` the
person acting and `on` the day it happens (today unless said: the demo builds a
year of history through these same functions). Its history record (who, when, why)
is written by django-simple-history in the same transaction.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from councils.models import Council, User
from councils.refusals import Conflict, Refused
from portfolios.models import (
    Benefit,
    BenefitActual,
    Commitment,
    Participation,
    Portfolio,
    PortfolioTarget,
    Project,
    ResourceNeed,
    ResourceRole,
    VisionObjective,
)
from portfolios.notifications import commitment_decided

Status = Commitment.Status
Kind = Commitment.Kind

# Who may move a commitment from one status to another is the permissions' concern;
# which moves exist at all is this table's.
TRANSITIONS = {
    Status.PROPOSED: {Status.CONFIRMED, Status.DECLINED, Status.WITHDRAWN},
    Status.CONFIRMED: {Status.WITHDRAWN, Status.FULFILLED},
}


class DuplicateCommitment(Refused):
    """The council already has an active commitment of this role and period."""

    def __init__(self, errors: dict[str | None, str], *, existing: Commitment) -> None:
        super().__init__(errors)
        self.existing = existing


def the_day(on: dt.date | None) -> dt.date:
    """The day a change happens: today unless said, and never in the future."""
    today = timezone.localdate()
    if on is not None and on > today:
        raise Refused({None: "A change cannot be dated in the future."})
    return on or today


def dated(instance: models.Model, *, by: User | None, on: dt.date) -> None:
    """Make the history record of the coming save say who, and the day it happened."""
    instance._history_user = by
    if on != timezone.localdate():
        instance._history_date = timezone.make_aware(
            dt.datetime.combine(on, dt.time(10))
        )


def check_owner(owner: User | None) -> None:
    """A project's owner is Digital Office staff, or nobody yet."""
    if owner is not None and not owner.is_programme_staff:
        raise Refused(
            {
                "owner": f"{owner} is not Digital Office staff: a project's owner "
                "must be."
            }
        )


@dataclass(frozen=True)
class CommitmentTerms:
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    role: ResourceRole | None = None
    person_days: int | None = None
    amount: Decimal | None = None
    support: str = ""
    description: str = ""

    def normalised(self) -> "CommitmentTerms":
        """Only what the kind uses: a role and days for people, an amount for money,
        a line of what the support is for in kind."""
        bare = CommitmentTerms(
            self.kind,
            self.starts_on,
            self.ends_on,
            description=self.description.strip(),
        )
        if self.kind == Kind.PEOPLE:
            return replace(bare, role=self.role, person_days=self.person_days)
        if self.kind == Kind.MONEY:
            return replace(bare, amount=self.amount)
        return replace(bare, support=" ".join(self.support.split()))

    def values(self) -> dict[str, object]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


def working_days(starts_on: dt.date, ends_on: dt.date) -> int:
    """Monday to Friday days from start to end, both included."""
    if ends_on < starts_on:
        return 0
    days = (ends_on - starts_on).days + 1
    weeks, rest = divmod(days, 7)
    extra = sum(1 for offset in range(rest) if (starts_on.weekday() + offset) % 7 < 5)
    return weeks * 5 + extra


def check_terms(
    project: Project,
    council: Council,
    terms: CommitmentTerms,
    *,
    instead_of: Commitment | None = None,
) -> None:
    """Refuse terms the rules forbid, with a message for each field at fault."""
    errors: dict[str | None, str] = {}
    if terms.ends_on < terms.starts_on:
        errors["ends_on"] = "The end of the period must be on or after its start"
    if terms.starts_on < project.start_date or terms.ends_on > project.target_date:
        errors["starts_on"] = (
            f"The period must be inside the project's dates, "
            f"{project.start_date:%d/%m/%Y} to {project.target_date:%d/%m/%Y}"
        )
    if terms.kind == Kind.PEOPLE:
        if terms.role is None:
            errors["role"] = "Choose the role the people will fill"
        elif not terms.role.is_active and (
            instead_of is None or instead_of.role_id != terms.role.pk
        ):
            errors["role"] = f"{terms.role} is no longer offered: choose another role"
        if not terms.person_days or terms.person_days <= 0:
            errors["person_days"] = "Enter the person-days, a whole number above 0"
        elif "ends_on" not in errors:
            most = working_days(terms.starts_on, terms.ends_on)
            if terms.person_days > most:
                errors["person_days"] = (
                    f"Enter at most {most} person-days: that is every working day "
                    "of the period for one person in the role"
                )
    elif terms.kind == Kind.MONEY:
        ceiling = settings.HEARTBEAT_MONEY_CEILING
        if terms.amount is None or terms.amount <= 0:
            errors["amount"] = "Enter an amount of money above £0"
        elif terms.amount > ceiling:
            errors["amount"] = f"Enter an amount up to £{ceiling:,}"
    elif terms.kind == Kind.IN_KIND:
        if not terms.support:
            errors["support"] = "Say what the support is, in a few words"
    else:
        errors["kind"] = "Choose people, money or in-kind support"
    if project.is_closed:
        errors[None] = "This project is closed: it takes no new commitments."
    if errors:
        raise Refused(errors)
    if terms.kind == Kind.IN_KIND:
        return
    clash = (
        Commitment.objects.active()
        .filter(
            project=project,
            council=council,
            kind=terms.kind,
            role=terms.role,
            starts_on__lte=terms.ends_on,
            ends_on__gte=terms.starts_on,
        )
        .exclude(pk=instead_of.pk if instead_of else None)
        .select_related("role")
        .first()
    )
    if clash:
        raise DuplicateCommitment(
            {
                None: f"{council.short_name} already has an active commitment of "
                f"{clash.summary} from {clash.starts_on:%d/%m/%Y} to "
                f"{clash.ends_on:%d/%m/%Y}, which overlaps this period. Change that "
                "commitment instead."
            },
            existing=clash,
        )


def _lock_project(project: Project) -> Project:
    # One council's commitments to one project are checked and written one at a time.
    return Project.objects.select_for_update().get(pk=project.pk)


@transaction.atomic
def join_project(
    project: Project, *, council: Council, by: User, on: dt.date | None = None
) -> Participation:
    """Record the council as taking part (again, if it had left)."""
    day = the_day(on)
    project = _lock_project(project)
    if project.is_closed:
        raise Refused({None: "This project is closed: it takes no new councils."})
    if day < project.start_date:
        raise Refused(
            {
                None: f"This project starts on {project.start_date:%d/%m/%Y}: "
                "councils join it from then."
            }
        )
    participation = Participation.objects.filter(
        project=project, council=council
    ).first()
    if participation is not None and participation.is_active:
        return participation
    if participation is None:
        participation = Participation(project=project, council=council)
        participation._change_reason = "Joined"
    else:
        participation._change_reason = "Joined again"
    participation.joined_on = day
    participation.registered_by = by
    participation.left_on = None
    participation.left_by = None
    dated(participation, by=by, on=day)
    participation.save()
    return participation


@transaction.atomic
def leave_project(
    project: Project, *, council: Council, by: User, on: dt.date | None = None
) -> Participation:
    """Record that the council left; its active commitments are withdrawn with it."""
    day = the_day(on)
    project = _lock_project(project)
    participation = Participation.objects.get(project=project, council=council)
    if not participation.is_active:
        return participation
    if day < participation.joined_on:
        raise Refused({None: "A council cannot leave before the day it joined."})
    for commitment in Commitment.objects.active().filter(
        project=project, council=council
    ):
        _move(
            commitment,
            Status.WITHDRAWN,
            by=by,
            on=max(day, commitment.confirmed_on or commitment.proposed_on),
            reason="The council left the project.",
        )
    participation.left_on = day
    participation.left_by = by
    participation._change_reason = "Left the project"
    dated(participation, by=by, on=day)
    participation.save()
    return participation


@transaction.atomic
def propose_commitment(
    project: Project,
    *,
    council: Council,
    by: User,
    terms: CommitmentTerms,
    on: dt.date | None = None,
) -> Commitment:
    """A council offers people, money or support; taking part follows from it."""
    day = the_day(on)
    project = _lock_project(project)
    terms = terms.normalised()
    check_terms(project, council, terms)
    participation = Participation.objects.filter(
        project=project, council=council
    ).first()
    if participation is None or not participation.is_active:
        join_project(project, council=council, by=by, on=day)
    commitment = Commitment(
        project=project,
        council=council,
        proposed_by=by,
        status=Status.PROPOSED,
        proposed_on=day,
        **terms.values(),
    )
    commitment._change_reason = "Proposed"
    dated(commitment, by=by, on=day)
    commitment.save()
    return commitment


def _locked(commitment: Commitment, expected_version: int) -> Commitment:
    current = (
        # Only the commitment's row is locked: its role may be missing (money), and
        # PostgreSQL locks no row on the empty side of an outer join.
        Commitment.objects.select_for_update(of=("self",))
        .select_related("role")
        .get(pk=commitment.pk)
    )
    if current.version != expected_version:
        raise Conflict(
            {
                None: "Someone else changed this commitment while you were working on "
                "it, so your change was not saved. The page now shows their version; "
                "what you typed is kept in the form, to check and send again."
            }
        )
    return current


@transaction.atomic
def change_commitment(
    commitment: Commitment,
    *,
    by: User,
    expected_version: int,
    terms: CommitmentTerms,
    on: dt.date | None = None,
) -> Commitment:
    """Change the terms of a proposed commitment."""
    day = the_day(on)
    project = _lock_project(commitment.project)
    current = _locked(commitment, expected_version)
    if current.status != Status.PROPOSED:
        raise Refused(
            {
                None: f"Only a proposed commitment can be changed; this one is "
                f"{current.get_status_display().lower()}."
            }
        )
    terms = terms.normalised()
    check_terms(project, current.council, terms, instead_of=current)
    for name, value in terms.values().items():
        setattr(current, name, value)
    current.version += 1
    current._change_reason = "Changed"
    dated(current, by=by, on=day)
    current.save()
    return current


def _move(
    commitment: Commitment, status: str, *, by: User, on: dt.date, reason: str
) -> None:
    if status == Status.CONFIRMED:
        commitment.confirmed_on = on
    elif status in Commitment.ENDED:
        commitment.ended_on = on
    commitment.status = status
    commitment.version += 1
    commitment._change_reason = reason or commitment.get_status_display()
    dated(commitment, by=by, on=on)
    commitment.save()


@transaction.atomic
def set_commitment_status(
    commitment: Commitment,
    *,
    status: str,
    by: User,
    reason: str = "",
    expected_version: int,
    on: dt.date | None = None,
) -> Commitment:
    """Confirm, decline, withdraw or fulfil a commitment, recording why."""
    day = the_day(on)
    current = _locked(commitment, expected_version)
    if status not in TRANSITIONS.get(current.status, set()):
        raise Refused(
            {
                None: f"A {current.get_status_display().lower()} commitment cannot be "
                f"{Status(status).label.lower()}."
            }
        )
    if status in (Status.DECLINED, Status.WITHDRAWN) and not reason.strip():
        raise Refused(
            {
                "reason": "Say why, in a line: the council and the "
                "Digital Office will both read it"
            }
        )
    last = current.confirmed_on or current.proposed_on
    if day < last:
        raise Refused(
            {
                None: f"This commitment was last decided on {last:%d/%m/%Y}: date the "
                "change on or after that day."
            }
        )
    if status == Status.FULFILLED and day < current.starts_on:
        raise Refused(
            {
                None: f"This commitment's period starts on "
                f"{current.starts_on:%d/%m/%Y}: it cannot be fulfilled before then."
            }
        )
    _move(current, status, by=by, on=day, reason=reason.strip())
    commitment_decided(current, reason=reason.strip())
    return current


@dataclass(frozen=True)
class BenefitTerms:
    measure: str
    target: Decimal
    baseline: Decimal = Decimal(0)
    custom_name: str = ""
    description: str = ""


def _check_benefit(
    project: Project, terms: BenefitTerms, *, instead_of: Benefit | None = None
) -> None:
    errors: dict[str | None, str] = {}
    if terms.measure == Benefit.Measure.CUSTOM and not terms.custom_name.strip():
        errors["custom_name"] = "Name the measure, like Paper forms avoided"
    if terms.target == terms.baseline:
        errors["target"] = "Enter a target different from the baseline"
    clash = Benefit.objects.filter(
        project=project,
        measure=terms.measure,
        custom_name=terms.custom_name.strip()
        if terms.measure == Benefit.Measure.CUSTOM
        else "",
    ).exclude(pk=instead_of.pk if instead_of else None)
    if clash.exists():
        errors["measure"] = "The project already measures this: change that benefit"
    if errors:
        raise Refused(errors)


@transaction.atomic
def save_benefit(
    project: Project,
    *,
    by: User,
    terms: BenefitTerms,
    benefit: Benefit | None = None,
    on: dt.date | None = None,
) -> Benefit:
    """Add a benefit to a project, or change one, with its baseline and target."""
    day = the_day(on)
    _check_benefit(project, terms, instead_of=benefit)
    benefit = benefit or Benefit(project=project)
    benefit.measure = terms.measure
    benefit.custom_name = (
        terms.custom_name.strip() if terms.measure == Benefit.Measure.CUSTOM else ""
    )
    benefit.baseline = terms.baseline
    benefit.target = terms.target
    benefit.description = terms.description.strip()
    dated(benefit, by=by, on=day)
    benefit.save()
    return benefit


@transaction.atomic
def record_actual(
    benefit: Benefit,
    *,
    by: User,
    measured_on: dt.date,
    value: Decimal,
    note: str = "",
    on: dt.date | None = None,
) -> BenefitActual:
    """Record what a benefit stood at on a day (the total to date); a second figure
    for the same day replaces the first. `on` is the day it is recorded."""
    day = the_day(on)
    errors = {}
    if measured_on > timezone.localdate():
        errors["measured_on"] = "The date cannot be in the future"
    elif measured_on < benefit.project.start_date:
        errors["measured_on"] = (
            f"The date cannot be before the project started, on "
            f"{benefit.project.start_date:%d/%m/%Y}"
        )
    if value < 0:
        errors["value"] = "Enter a value of 0 or more"
    if errors:
        raise Refused(errors)
    actual = BenefitActual.objects.filter(benefit=benefit, measured_on=measured_on)
    actual = actual.first() or BenefitActual(benefit=benefit, measured_on=measured_on)
    actual.value = value
    actual.note = note.strip()
    actual.recorded_by = by
    dated(actual, by=by, on=day)
    actual.save()
    return actual


# ---------------------------------------------------------------------------------
# Set-up by staff: portfolios and their priority ranks, their targets, and the
# needs of projects. Each edit may name the history record its form was opened on
# (`expected`): a save based on an older one is refused with Conflict, never
# written over someone else's.

# Addresses of the portal's own pages under /portfolios/: no portfolio may take one.
RESERVED_SLUGS = frozenset({"new", "order"})
STALE = (
    "Someone else changed this {what} while you were working on it, so your change "
    "was not saved. The page now shows what is stored; what you typed is kept in "
    "the form, to check and send again."
)


def latest_history_id(instance: models.Model) -> int | None:
    """The id of the object's newest history record: the version an edit form is
    based on."""
    return (
        instance.history.order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
    )


def _check_unchanged(instance: models.Model, expected: int | None, what: str) -> None:
    """`expected`: the newest history record's id when the form was opened, 0 if it
    had none (a row from before its history was kept); None checks nothing."""
    if expected is not None and (latest_history_id(instance) or 0) != expected:
        raise Conflict({None: STALE.format(what=what)})


def _check_clean(instance: models.Model) -> None:
    """The model's own clean() rules, said as a refusal with a message per field."""
    try:
        instance.clean()
    except ValidationError as error:
        raise Refused(
            {
                (None if name == NON_FIELD_ERRORS else name): " ".join(
                    message.rstrip(".") for message in messages
                )
                for name, messages in error.message_dict.items()
            }
        ) from error


def _reason(text: str) -> str:
    """A history record's change reason is kept in 100 characters."""
    return text if len(text) <= 100 else f"{text[:99]}…"


def _rerank(
    order: list[Portfolio],
    stored: dict[int, int],
    *,
    subject: Portfolio,
    by: User,
    day: dt.date,
    reason: str,
) -> None:
    """Give the portfolios in `order` the ranks 1 to n, saving the subject and each
    other whose rank changes, with its history.

    The rank is unique, and a database may check a unique column row by row within
    one UPDATE (PostgreSQL does), so the rows that move first step out of the way,
    all above the highest rank in use, then each takes its new rank.
    """
    moving = [
        portfolio.pk
        for rank, portfolio in enumerate(order, 1)
        if portfolio.pk is not None and stored[portfolio.pk] != rank
    ]
    if moving:
        clear = max(stored.values()) + 1
        Portfolio.objects.filter(pk__in=moving).update(priority=F("priority") + clear)
    for rank, portfolio in enumerate(order, 1):
        if portfolio is not subject and portfolio.pk not in moving:
            continue
        if portfolio is not subject:
            portfolio._change_reason = _reason(
                f"Rank {stored[portfolio.pk]} to {rank}: {subject.name} moved"
            )
        else:
            portfolio._change_reason = _reason(reason)
        portfolio.priority = rank
        dated(portfolio, by=by, on=day)
        portfolio.save()


def _ranked() -> list[Portfolio]:
    # Ranks are relative: every portfolio is locked while one moves.
    return list(Portfolio.objects.select_for_update().order_by("priority", "pk"))


def _check_rank(rank: int | None, most: int, field: str = "priority") -> None:
    if rank is None or not 1 <= rank <= most:
        raise Refused(
            {field: f"Enter a rank from 1 to {most}: 1 is the highest priority"}
        )


def _check_portfolio(portfolio: Portfolio, others: list[Portfolio]) -> None:
    errors: dict[str | None, str] = {}
    name = " ".join(portfolio.name.split())
    portfolio.name = name
    if not name:
        errors["name"] = "Enter the portfolio's name"
    elif clash := next(
        (other for other in others if other.name.casefold() == name.casefold()), None
    ):
        errors["name"] = (
            f"There is already a portfolio named {clash.name}: give this one "
            "another name, or change that one"
        )
    elif portfolio.pk is None:
        slug = slugify(name)[: Portfolio._meta.get_field("slug").max_length]
        if not slug:
            errors["name"] = "Use letters or numbers in the name"
        elif slug in RESERVED_SLUGS:
            errors["name"] = (
                f"{name} names one of the portal's own pages: choose another name"
            )
        elif clash := next((o for o in others if o.slug == slug), None):
            errors["name"] = (
                f"Its web address, /portfolios/{slug}/, is taken by {clash.name}: "
                "choose another name"
            )
        portfolio.slug = slug
    if errors:
        raise Refused(errors)
    _check_rank(portfolio.priority, len(others) + 1)
    _check_clean(portfolio)


@transaction.atomic
def save_portfolio(
    portfolio: Portfolio,
    *,
    by: User,
    vision_objectives: Iterable[VisionObjective],
    expected: int | None = None,
    on: dt.date | None = None,
) -> Portfolio:
    """Create a portfolio or save edits to one, at the priority rank it names: the
    others shift to make room (or close the gap it leaves), so the ranks stay 1 to n.

    A new portfolio's web address is made from its name; an edit keeps it, so links
    to the portfolio keep working when it is renamed.
    """
    day = the_day(on)
    ranked = _ranked()
    stored = {other.pk: other.priority for other in ranked}
    if portfolio.pk is not None:
        current = next((other for other in ranked if other.pk == portfolio.pk), None)
        if current is None:
            raise Refused({None: "This portfolio no longer exists."})
        _check_unchanged(current, expected, "portfolio")
        portfolio.slug = current.slug
    others = [other for other in ranked if other.pk != portfolio.pk]
    _check_portfolio(portfolio, others)
    objectives = sorted(vision_objectives, key=lambda o: o.position)
    if not objectives:
        # Every portfolio serves one of the plan's aims at least (DESIGN §2).
        raise Refused(
            {
                "vision_objectives": "Choose at least one vision objective the "
                "portfolio serves"
            }
        )
    named = ", ".join(o.name for o in objectives)
    if portfolio.pk is None:
        reason = f"Created; vision objectives: {named}"
    else:
        before = set(portfolio.vision_objectives.values_list("pk", flat=True))
        reason = "Edited"
        if before != {o.pk for o in objectives}:
            reason = f"Edited; vision objectives now: {named}"
    order = list(others)
    order.insert(portfolio.priority - 1, portfolio)
    try:
        with transaction.atomic():
            _rerank(order, stored, subject=portfolio, by=by, day=day, reason=reason)
    except IntegrityError as error:
        # Another save got in first (a new row this one's lock could not see).
        raise Conflict(
            {
                None: "Someone else changed the portfolios at the same moment, so "
                "this was not saved: send it again."
            }
        ) from error
    portfolio.vision_objectives.set(objectives)
    return portfolio


@transaction.atomic
def move_portfolio(
    portfolio: Portfolio,
    *,
    to: int,
    by: User,
    expected_rank: int | None = None,
    on: dt.date | None = None,
) -> Portfolio:
    """Move a portfolio to another priority rank; those between shift by one.

    `expected_rank`: the rank the person saw it at (a move up or down is relative
    to it); refused if it has moved since.
    """
    day = the_day(on)
    ranked = _ranked()
    stored = {other.pk: other.priority for other in ranked}
    current = next((other for other in ranked if other.pk == portfolio.pk), None)
    if current is None:
        raise Refused({None: "This portfolio no longer exists."})
    order = [other for other in ranked if other.pk != current.pk]
    if expected_rank is not None and stored[current.pk] != expected_rank:
        raise Conflict(
            {
                None: f"{current.name} moved to rank {current.priority} after you "
                "opened the page, so nothing was changed. The order below is the "
                "one stored now."
            }
        )
    _check_rank(to, len(ranked), field="to")
    order.insert(to - 1, current)
    before = stored[current.pk]
    _rerank(
        order,
        stored,
        subject=current,
        by=by,
        day=day,
        reason=f"Moved from rank {before} to {to}",
    )
    return current


def _check_target(target: PortfolioTarget) -> None:
    errors: dict[str | None, str] = {}
    measures = Benefit.Measure
    target.custom_name = " ".join(target.custom_name.split())
    if target.measure not in measures.values:
        errors["measure"] = "Choose what the target measures"
    elif target.measure == measures.CUSTOM:
        if not target.custom_name:
            errors["custom_name"] = (
                "Name the measure as the projects' benefits name it, like Telecare "
                "units installed"
            )
    else:
        target.custom_name = ""
    if target.target is None or target.target <= 0:
        errors["target"] = "Enter a target above 0, like 1,000"
    if target.due_on is None:
        errors["due_on"] = "Enter the date the target is due, like 31/03/2027"
    elif target.due_on < target.portfolio.starts_on:
        errors["due_on"] = (
            f"The date must be on or after the portfolio's start, "
            f"{target.portfolio.starts_on:%d/%m/%Y}"
        )
    if errors:
        raise Refused(errors)
    clash = PortfolioTarget.objects.filter(
        portfolio=target.portfolio,
        measure=target.measure,
        custom_name=target.custom_name,
        due_on=target.due_on,
    ).exclude(pk=target.pk)
    if clash.exists():
        raise Refused(
            {
                "measure": f"The portfolio already has a target of {target.name} by "
                f"{target.due_on:%d/%m/%Y}: change that one instead"
            }
        )


@transaction.atomic
def save_target(
    target: PortfolioTarget,
    *,
    by: User,
    expected: int | None = None,
    on: dt.date | None = None,
) -> PortfolioTarget:
    """Add a target to a portfolio (a measure, a number, a date), or change one."""
    day = the_day(on)
    # One portfolio's targets are checked and written one at a time.
    target.portfolio = Portfolio.objects.select_for_update().get(pk=target.portfolio_id)
    if target.pk is not None:
        current = (
            PortfolioTarget.objects.select_for_update().filter(pk=target.pk).first()
        )
        if current is None:
            raise Refused({None: "This target has been removed."})
        _check_unchanged(current, expected, "target")
    _check_target(target)
    target._change_reason = "Added" if target.pk is None else "Changed"
    dated(target, by=by, on=day)
    target.save()
    return target


@transaction.atomic
def remove_target(
    target: PortfolioTarget, *, by: User, on: dt.date | None = None
) -> None:
    """Remove a portfolio's target; its history keeps what it was."""
    day = the_day(on)
    current = PortfolioTarget.objects.select_for_update().filter(pk=target.pk).first()
    if current is None:
        return  # removed already: sent twice, or by someone else
    current._change_reason = "Removed"
    dated(current, by=by, on=day)
    current.delete()


def _check_need(
    need: ResourceNeed, project: Project, *, stored_role: int | None
) -> None:
    errors: dict[str | None, str] = {}
    if project.is_closed:
        raise Refused({None: "This project is closed: its needs stay as they were."})
    # A need is people in a role or money, never both: what the other asks is 0.
    if need.role_id is not None:
        need.amount = Decimal(0)
        role = need.role
        if not role.is_active and role.pk != stored_role:
            errors["role"] = f"{role} is no longer offered: choose another role"
        if need.person_days is not None and need.person_days < 0:
            errors["person_days"] = "Enter the person-days, a whole number above 0"
    else:
        need.person_days = 0
        if need.amount is not None and need.amount < 0:
            errors["amount"] = "Enter an amount of money above £0"
    if errors:
        raise Refused(errors)
    _check_clean(need)


def _locked_need(need: ResourceNeed) -> ResourceNeed | None:
    # Unordered: the default order joins the role, which a money need lacks, and
    # PostgreSQL locks no row on the empty side of an outer join.
    return (
        ResourceNeed.objects.select_for_update(of=("self",))
        .filter(pk=need.pk)
        .order_by()
        .first()
    )


@transaction.atomic
def save_need(
    need: ResourceNeed,
    *,
    by: User,
    expected: int | None = None,
    on: dt.date | None = None,
) -> ResourceNeed:
    """Add a need to a project, or change one: person-days in a role from the roles
    list (one offered for new needs), or money, over a period inside the project's
    dates."""
    day = the_day(on)
    need.project = _lock_project(need.project)
    stored_role = None
    if need.pk is not None:
        current = _locked_need(need)
        if current is None:
            raise Refused({None: "This need has been removed."})
        _check_unchanged(current, expected, "need")
        stored_role = current.role_id
    _check_need(need, need.project, stored_role=stored_role)
    need.notes = " ".join(need.notes.split())
    need._change_reason = "Added" if need.pk is None else "Changed"
    dated(need, by=by, on=day)
    need.save()
    return need


@transaction.atomic
def remove_need(need: ResourceNeed, *, by: User, on: dt.date | None = None) -> None:
    """Remove a project's need; its history keeps what it was. Commitments made
    for it stay, shown as beyond the project's needs."""
    day = the_day(on)
    project = _lock_project(need.project)
    if project.is_closed:
        raise Refused({None: "This project is closed: its needs stay as they were."})
    current = _locked_need(need)
    if current is None:
        return  # removed already: sent twice, or by someone else
    current._change_reason = "Removed"
    dated(current, by=by, on=day)
    current.delete()
