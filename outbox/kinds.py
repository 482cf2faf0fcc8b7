"""The kinds of email Heartbeat sends, which of them a person may switch off, and
which a person of each role can receive."""

from django.db import models

from councils.models import User


class Kind(models.TextChoices):
    COMMITMENT_DECIDED = (
        "commitment_decided",
        "Your council's commitments confirmed or declined",
    )
    PHASE_CHANGED = (
        "phase_changed",
        "A project your council takes part in moves to another phase",
    )
    PACK_PUBLISHED = (
        "pack_published",
        "A new Marketing Pack that matches your council's priorities",
    )
    IDEA_DECIDED = "idea_decided", "Your ideas accepted or declined"
    STAFF_DIGEST = (
        "staff_digest",
        "A daily digest of commitments proposed and new ideas",
    )
    PULSE_DUE = "pulse_due", "A pulse of your project due in three days"
    PULSE_OVERDUE = "pulse_overdue", "A pulse of your project overdue"


# They ask for an action: they cannot be switched off.
REQUIRED = frozenset({Kind.STAFF_DIGEST, Kind.PULSE_DUE, Kind.PULSE_OVERDUE})

LEAD_KINDS = (
    Kind.COMMITMENT_DECIDED,
    Kind.PHASE_CHANGED,
    Kind.PACK_PUBLISHED,
    Kind.IDEA_DECIDED,
)
STAFF_KINDS = (Kind.STAFF_DIGEST, Kind.PULSE_DUE, Kind.PULSE_OVERDUE, Kind.IDEA_DECIDED)


def kinds_for(person: User) -> tuple[Kind, ...]:
    """The kinds of email a person's role receives. Executives receive none: they
    propose no ideas, own no projects and decide no commitments; they read the
    dashboards and the board pack."""
    if person.is_programme_staff:
        return STAFF_KINDS
    if person.is_council_lead:
        return LEAD_KINDS
    return ()
