"""State changes of councils' participation: joining, leaving and commitments.

Each is one atomic function; its history record (who, when, why) is written by
django-simple-history in the same transaction.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from councils.models import Council, User
from portfolios.models import Benefit, BenefitActual, Commitment, Participation, Project

Status = Commitment.Status
Kind = Commitment.Kind

# Who may move a commitment from one status to another is the views' concern; which
# moves exist at all is this table's.
TRANSITIONS = {
    Status.PROPOSED: {Status.CONFIRMED, Status.DECLINED, Status.WITHDRAWN},
    Status.CONFIRMED: {Status.WITHDRAWN, Status.FULFILLED},
}


class CommitmentRefused(Exception):
    """What the rules refuse, by form field (None for the form as a whole)."""

    def __init__(
        self, errors: dict[str | None, str], *, existing: Commitment | None = None
    ) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors
        self.existing = existing  # the active commitment this one would duplicate


class CommitmentConflict(CommitmentRefused):
    """Someone changed the commitment after this change was started."""


@dataclass(frozen=True)
class CommitmentTerms:
    kind: str
    role: str
    starts_on: dt.date
    ends_on: dt.date
    person_days: int | None = None
    amount: Decimal | None = None
    description: str = ""

    def normalised(self) -> "CommitmentTerms":
        """Only what the kind uses: money is always against the Funding role."""
        role = " ".join(self.role.split())
        if self.kind == Kind.MONEY:
            return CommitmentTerms(
                Kind.MONEY,
                Commitment.FUNDING,
                self.starts_on,
                self.ends_on,
                amount=self.amount,
                description=self.description.strip(),
            )
        if self.kind == Kind.PEOPLE:
            return CommitmentTerms(
                Kind.PEOPLE,
                role,
                self.starts_on,
                self.ends_on,
                person_days=self.person_days,
                description=self.description.strip(),
            )
        return CommitmentTerms(
            self.kind,
            role,
            self.starts_on,
            self.ends_on,
            description=self.description.strip(),
        )


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
        if not terms.role:
            errors["role"] = "Enter the role the people will fill"
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
        if not terms.role:
            errors["role"] = "Say what the support is, in a few words"
    else:
        errors["kind"] = "Choose people, money or in-kind support"
    if project.is_closed:
        errors[None] = "This project is closed: it takes no new commitments."
    existing = None
    if not errors and terms.kind != Kind.IN_KIND:
        clash = (
            Commitment.objects.active()
            .filter(
                project=project,
                council=council,
                kind=terms.kind,
                role__iexact=terms.role,
                starts_on__lte=terms.ends_on,
                ends_on__gte=terms.starts_on,
            )
            .exclude(pk=instead_of.pk if instead_of else None)
            .first()
        )
        if clash:
            existing = clash
            errors[None] = (
                f"{council.short_name} already has an active commitment of "
                f"{clash.summary} from {clash.starts_on:%d/%m/%Y} to "
                f"{clash.ends_on:%d/%m/%Y}, which overlaps this period. Change that "
                "commitment instead."
            )
    if errors:
        raise CommitmentRefused(errors, existing=existing)


def _lock_project(project: Project) -> Project:
    # One council's commitments to one project are checked and written one at a time.
    return Project.objects.select_for_update().get(pk=project.pk)


@transaction.atomic
def join_project(project: Project, *, council: Council, by: User) -> Participation:
    """Record the council as taking part (again, if it had left)."""
    project = _lock_project(project)
    if project.is_closed:
        raise CommitmentRefused(
            {None: "This project is closed: it takes no new councils."}
        )
    participation, created = Participation.objects.get_or_create(
        project=project,
        council=council,
        defaults={"joined_on": timezone.localdate(), "registered_by": by},
    )
    if not created and not participation.is_active:
        participation.left_on = None
        participation.left_by = None
        participation.joined_on = timezone.localdate()
        participation.registered_by = by
        participation._change_reason = "Joined again"
        participation.save()
    return participation


@transaction.atomic
def leave_project(project: Project, *, council: Council, by: User) -> Participation:
    """Record that the council left; its active commitments are withdrawn with it."""
    project = _lock_project(project)
    participation = Participation.objects.get(project=project, council=council)
    if not participation.is_active:
        return participation
    for commitment in Commitment.objects.active().filter(
        project=project, council=council
    ):
        _move(
            commitment, Status.WITHDRAWN, by=by, reason="The council left the project."
        )
    participation.left_on = timezone.localdate()
    participation.left_by = by
    participation._change_reason = "Left the project"
    participation.save()
    return participation


@transaction.atomic
def propose_commitment(
    project: Project, *, council: Council, proposed_by: User, terms: CommitmentTerms
) -> Commitment:
    """A council offers people, money or support; taking part follows from it."""
    project = _lock_project(project)
    terms = terms.normalised()
    check_terms(project, council, terms)
    participation = Participation.objects.filter(
        project=project, council=council
    ).first()
    if participation is None or not participation.is_active:
        join_project(project, council=council, by=proposed_by)
    commitment = Commitment(
        project=project,
        council=council,
        proposed_by=proposed_by,
        status=Status.PROPOSED,
        proposed_on=timezone.localdate(),
        **terms.__dict__,
    )
    commitment._change_reason = "Proposed"
    commitment.save()
    return commitment


def _locked(commitment: Commitment, expected_version: int) -> Commitment:
    current = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if current.version != expected_version:
        raise CommitmentConflict(
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
) -> Commitment:
    """Change the terms of a proposed commitment."""
    project = _lock_project(commitment.project)
    current = _locked(commitment, expected_version)
    if current.status != Status.PROPOSED:
        raise CommitmentRefused(
            {
                None: f"Only a proposed commitment can be changed; this one is "
                f"{current.get_status_display().lower()}."
            }
        )
    terms = terms.normalised()
    check_terms(project, current.council, terms, instead_of=current)
    for name, value in terms.__dict__.items():
        setattr(current, name, value)
    current.version += 1
    current._change_reason = "Changed"  # who changed it is the record's history_user
    current.save()
    return current


def _move(commitment: Commitment, status: str, *, by: User, reason: str) -> None:
    today = timezone.localdate()
    if status == Status.CONFIRMED:
        commitment.confirmed_on = today
    elif status in (Status.DECLINED, Status.WITHDRAWN, Status.FULFILLED):
        commitment.ended_on = today
    commitment.status = status
    commitment.version += 1
    commitment._change_reason = reason or commitment.get_status_display()
    commitment._history_user = by
    commitment.save()


@transaction.atomic
def set_commitment_status(
    commitment: Commitment,
    *,
    status: str,
    by: User,
    reason: str = "",
    expected_version: int,
) -> Commitment:
    """Confirm, decline, withdraw or fulfil a commitment, recording why."""
    current = _locked(commitment, expected_version)
    if status not in TRANSITIONS.get(current.status, set()):
        raise CommitmentRefused(
            {
                None: f"A {current.get_status_display().lower()} commitment cannot be "
                f"{Status(status).label.lower()}."
            }
        )
    if status in (Status.DECLINED, Status.WITHDRAWN) and not reason.strip():
        raise CommitmentRefused(
            {
                "reason": "Say why, in a line: the council and the "
                "Digital Office will both read it"
            }
        )
    _move(current, status, by=by, reason=reason.strip())
    return current


@dataclass(frozen=True)
class BenefitTerms:
    measure: str
    target: Decimal
    baseline: Decimal = Decimal(0)
    custom_name: str = ""
    description: str = ""


class BenefitRefused(CommitmentRefused):
    """What the rules refuse about a benefit, by form field."""


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
        raise BenefitRefused(errors)


@transaction.atomic
def save_benefit(
    project: Project, *, terms: BenefitTerms, benefit: Benefit | None = None
) -> Benefit:
    """Add a benefit to a project, or change one, with its baseline and target."""
    _check_benefit(project, terms, instead_of=benefit)
    benefit = benefit or Benefit(project=project)
    benefit.measure = terms.measure
    benefit.custom_name = (
        terms.custom_name.strip() if terms.measure == Benefit.Measure.CUSTOM else ""
    )
    benefit.baseline = terms.baseline
    benefit.target = terms.target
    benefit.description = terms.description.strip()
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
) -> BenefitActual:
    """Record what a benefit stood at on a day (the total to date); a second figure
    for the same day replaces the first."""
    if measured_on > timezone.localdate():
        raise BenefitRefused({"measured_on": "The date cannot be in the future"})
    if value < 0:
        raise BenefitRefused({"value": "Enter a value of 0 or more"})
    actual, _ = BenefitActual.objects.update_or_create(
        benefit=benefit,
        measured_on=measured_on,
        defaults={"value": value, "note": note.strip(), "recorded_by": by},
    )
    return actual
