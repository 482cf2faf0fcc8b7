"""Rules of projects, their needs, councils' participation and commitments, and
benefits, and the rows that break them (see `councils.integrity`)."""

import datetime as dt

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from councils.integrity import Rule, when
from councils.models import User
from portfolios.models import (
    BenefitActual,
    Commitment,
    Participation,
    Project,
    ResourceNeed,
)
from portfolios.services import working_days


def _period(row: Commitment | ResourceNeed) -> str:
    return f"{when(row.starts_on)} to {when(row.ends_on)}"


def _dates(project: Project) -> str:
    return f"{when(project.start_date)} to {when(project.target_date)}"


def _commitment(c: Commitment) -> str:
    return f"Commitment {c.pk} ({c.council}: {c.summary}) to {c.project}"


def _commitments() -> QuerySet[Commitment]:
    return Commitment.objects.select_related("project", "council", "role").order_by(
        "project__name", "pk"
    )


def commitments_outside_project(day: dt.date) -> QuerySet[Commitment]:
    return _commitments().filter(
        Q(starts_on__lt=F("project__start_date"))
        | Q(ends_on__gt=F("project__target_date"))
    )


def commitments_before_joining(day: dt.date) -> QuerySet[Commitment]:
    """Proposed (and so decided) before the council first joined the project, or
    with no participation at all. A council that left and joined again keeps its
    first day in the participation's history."""
    same = {"project_id": OuterRef("project_id"), "council_id": OuterRef("council_id")}
    joined = Participation.objects.filter(**same).values("joined_on")[:1]
    first = (
        Participation.history.filter(**same)
        .order_by("joined_on")
        .values("joined_on")[:1]
    )
    return (
        _commitments()
        .annotate(joined_on=Coalesce(Subquery(first), Subquery(joined)))
        .filter(Q(joined_on__isnull=True) | Q(joined_on__gt=F("proposed_on")))
    )


def _tell_before_joining(c: Commitment) -> str:
    done = f"proposed on {when(c.proposed_on)}"
    if c.status == Commitment.Status.FULFILLED:
        done += f" and fulfilled on {when(c.ended_on)}"
    joined = (
        f"joined on {when(c.joined_on)}" if c.joined_on else "never joined the project"
    )
    return f"{_commitment(c)}: {done}, but {c.council} {joined}."


def commitments_without_proposer(day: dt.date) -> QuerySet[Commitment]:
    return _commitments().filter(proposed_by__isnull=True)


def commitments_in_the_future(day: dt.date) -> QuerySet[Commitment]:
    return _commitments().filter(
        Q(proposed_on__gt=day) | Q(confirmed_on__gt=day) | Q(ended_on__gt=day)
    )


def _tell_in_the_future(c: Commitment) -> str:
    days = (c.proposed_on, c.confirmed_on, c.ended_on)
    latest = max(d for d in days if d is not None)
    return f"{_commitment(c)}: its status is dated {when(latest)}."


def commitments_beyond_working_days(day: dt.date) -> list[Commitment]:
    """People commitments of more person-days than the period has working days."""
    people = _commitments().filter(kind=Commitment.Kind.PEOPLE)
    return [
        c
        for c in people
        if c.person_days and c.person_days > working_days(c.starts_on, c.ends_on)
    ]


def duplicate_commitments(day: dt.date) -> QuerySet[Commitment]:
    """Active commitments with another active one of the same council, kind and role
    (or both money) over an overlapping period."""
    twin = (
        Commitment.objects.active()
        .filter(
            project=OuterRef("project"),
            council=OuterRef("council"),
            kind=OuterRef("kind"),
            starts_on__lte=OuterRef("ends_on"),
            ends_on__gte=OuterRef("starts_on"),
        )
        .filter(Q(role=OuterRef("role")) | Q(kind=Commitment.Kind.MONEY))
        .exclude(pk=OuterRef("pk"))
    )
    return (
        _commitments()
        .active()
        .exclude(kind=Commitment.Kind.IN_KIND)
        .filter(Exists(twin))
    )


def participations_outside_project(day: dt.date) -> QuerySet[Participation]:
    return (
        Participation.objects.select_related("project", "council")
        .filter(
            Q(joined_on__lt=F("project__start_date"))
            | Q(joined_on__gt=day)
            | Q(left_on__lt=F("joined_on"))
        )
        .order_by("project__name", "council__short_name")
    )


def _tell_participation(p: Participation) -> str:
    left = f", left on {when(p.left_on)}" if p.left_on else ""
    return (
        f"{p.council} in {p.project}: joined on {when(p.joined_on)}{left}; the "
        f"project started on {when(p.project.start_date)}."
    )


def needs_outside_project(day: dt.date) -> QuerySet[ResourceNeed]:
    return (
        ResourceNeed.objects.select_related("project", "role")
        .filter(
            Q(starts_on__lt=F("project__start_date"))
            | Q(ends_on__gt=F("project__target_date"))
        )
        .order_by("project__name", "pk")
    )


def owners_not_staff(day: dt.date) -> QuerySet[Project]:
    return (
        Project.objects.select_related("owner")
        .filter(owner__isnull=False)
        .exclude(owner__in=User.objects.staff())
        .order_by("name")
    )


def actuals_outside_project(day: dt.date) -> QuerySet[BenefitActual]:
    return (
        BenefitActual.objects.select_related("benefit__project")
        .filter(
            Q(measured_on__lt=F("benefit__project__start_date"))
            | Q(measured_on__gt=day)
        )
        .order_by("benefit__project__name", "measured_on")
    )


RULES = (
    Rule(
        "portfolios.commitment_outside_project",
        "A commitment's period is inside its project's dates.",
        "Change the commitment's period, or the project's dates, in the admin.",
        commitments_outside_project,
        lambda c: (
            f"{_commitment(c)} runs {_period(c)}; the project runs {_dates(c.project)}."
        ),
    ),
    Rule(
        "portfolios.commitment_before_joining",
        "A council proposes, and so fulfils, a commitment only once it has joined "
        "the project.",
        "Correct the day the council joined (or record that it joined), or the day "
        "the commitment was proposed.",
        commitments_before_joining,
        _tell_before_joining,
    ),
    Rule(
        "portfolios.commitment_without_proposer",
        "Every proposal records who proposed it.",
        "Set the lead who proposed it, from the commitment's history.",
        commitments_without_proposer,
        lambda c: f"{_commitment(c)} has no proposer.",
    ),
    Rule(
        "portfolios.commitment_in_the_future",
        "A commitment's status is dated today or earlier.",
        "Correct the days it was proposed, confirmed or ended.",
        commitments_in_the_future,
        _tell_in_the_future,
    ),
    Rule(
        "portfolios.commitment_beyond_working_days",
        "A people commitment's person-days fit in the working days of its period.",
        "Lower the person-days, or lengthen the period.",
        commitments_beyond_working_days,
        lambda c: (
            f"{_commitment(c)}: {c.person_days} person-days in {_period(c)}, "
            f"which has {working_days(c.starts_on, c.ends_on)} working days."
        ),
    ),
    Rule(
        "portfolios.duplicate_commitment",
        "A council has one active commitment of a role (or of money) for any period "
        "of a project.",
        "Withdraw one of the two, or change one's period so they do not overlap.",
        duplicate_commitments,
        lambda c: (
            f"{_commitment(c)}, {_period(c)}, overlaps another active "
            "commitment of the same council."
        ),
    ),
    Rule(
        "portfolios.participation_outside_project",
        "A council joins a project once it has started, by today, and leaves after "
        "joining.",
        "Correct the days the council joined and left.",
        participations_outside_project,
        _tell_participation,
    ),
    Rule(
        "portfolios.need_outside_project",
        "A resource need's period is inside its project's dates.",
        "Change the need's period, or the project's dates.",
        needs_outside_project,
        lambda need: (
            f"{need.label} for {need.project}, {_period(need)}; the project "
            f"runs {_dates(need.project)}."
        ),
    ),
    Rule(
        "portfolios.owner_not_staff",
        "A project's owner is active Digital Office staff.",
        "Choose a member of staff as the project's owner.",
        owners_not_staff,
        lambda project: (
            f"{project} is owned by {project.owner.username}, who is "
            "not Digital Office staff."
        ),
    ),
    Rule(
        "portfolios.actual_outside_project",
        "A benefit's actual is measured between its project's start and today.",
        "Correct the day it was measured.",
        actuals_outside_project,
        lambda actual: (
            f"{actual.benefit.name} for {actual.benefit.project} "
            f"measured on {when(actual.measured_on)}; the project started on "
            f"{when(actual.benefit.project.start_date)}."
        ),
    ),
)
