"""Facts about projects as they stood on a day: the reads the figures are made of.

Which projects were in flight, which had stalled, which councils took part and what
counted as committed are the portfolios app's rules (`Project.objects.in_flight()`,
`.stalled()`, `Participation.objects.active()`, `Commitment.objects.counted()`);
the figures call them and never re-state them. What is added here is what only the
metrics need: a project's phase, the day it entered it and its RAG status on a day.

Today's facts are read from the project's own row (its phase, the day it entered it,
its status), as every page reads them; a past day's from the history: the gate
reviews decided by then and the newest pulse reported by then. Product statuses
have no dates of their own, so they are read as they are now.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import (
    BigIntegerField,
    CharField,
    DateField,
    F,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from heartbeat.models import GateReview, Phase, Pulse
from portfolios.models import is_today

RAGS = ("red", "amber", "green")


def in_flight(projects: QuerySet, day: dt.date) -> QuerySet:
    """The projects in flight on the day, each with, as on that day, its phase
    (`phase_at`), the day it entered it (`entered_at`), its RAG status (`rag_at`)
    and its last pulse (`last_pulse`)."""
    flying = projects.in_flight(day).with_last_pulse(day)
    if is_today(day):
        return flying.annotate(
            phase_at=F("phase_id"),
            entered_at=F("phase_entered_on"),
            rag_at=F("rag_status"),
        )
    moves = (
        GateReview.objects.moves()
        .filter(project=OuterRef("pk"), decided_on__lte=day)
        .order_by("-decided_on", "-pk")
    )
    first_review = GateReview.objects.filter(project=OuterRef("pk")).order_by(
        "decided_on", "pk"
    )
    pulses = Pulse.objects.filter(
        project=OuterRef("pk"), reported_on__lte=day
    ).order_by("-reported_on", "-pk")
    return flying.annotate(
        # Before its first move, a project was in the phase its first review
        # reviewed; with no review at all, in the phase it is in.
        phase_at=Coalesce(
            Subquery(moves.values("to_phase_id")[:1]),
            Subquery(first_review.values("phase_id")[:1]),
            F("phase_id"),
            output_field=BigIntegerField(),
        ),
        entered_at=Coalesce(
            Subquery(moves.values("decided_on")[:1]),
            F("start_date"),
            output_field=DateField(),
        ),
        rag_at=Coalesce(
            Subquery(pulses.values("rag_status")[:1]),
            F("rag_status"),
            output_field=CharField(),
        ),
    )


def phase_numbers() -> dict[int, int]:
    """Each phase's number, by id: figures are keyed by the number people know."""
    return dict(Phase.objects.values_list("pk", "number"))


@dataclass(frozen=True)
class ProjectFacts:
    """A project in flight as it stood on a day."""

    project_id: int
    phase: int  # the phase's number
    days_in_phase: int
    rag: str
    stalled: bool


def project_facts(projects: QuerySet, day: dt.date) -> Iterator[ProjectFacts]:
    """Each project in flight on the day: its phase, days in it, RAG and stall."""
    numbers = phase_numbers()
    silent = set(projects.stalled(day).values_list("pk", flat=True))
    for pk, phase_id, entered, rag in in_flight(projects, day).values_list(
        "pk", "phase_at", "entered_at", "rag_at"
    ):
        yield ProjectFacts(
            pk, numbers[phase_id], (day - entered).days, rag, pk in silent
        )
