"""State changes of councils' participation and commitments, and of benefits.

Each is one atomic function, subject first and the rest keyword-only, with `by` the
person acting and `on` the day it happens (today unless said: the demo builds a
year of history through these same functions). Its history record (who, when, why)
is written by django-simple-history in the same transaction.
"""

import datetime as dt
from dataclasses import dataclass, fields, replace
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from councils.models import Council, User
from councils.refusals import Conflict, Refused
from portfolios.models import (
    Benefit,
    BenefitActual,
    Commitment,
    Participation,
    Project,
    ResourceRole,
)

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
