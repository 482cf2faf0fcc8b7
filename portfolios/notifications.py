"""Email about councils' commitments: who receives it, what it says, sent once.

Called by `set_commitment_status` in its transaction: the outbox stores the emails
with the change and queues them on commit.
"""

from django.utils import timezone

from councils.models import User
from outbox.kinds import Kind
from outbox.services import compose, link
from portfolios.models import Commitment

Status = Commitment.Status
DECIDED = {Status.CONFIRMED: "confirmed", Status.DECLINED: "declined"}


def commitment_decided(commitment: Commitment, *, reason: str) -> int:
    """Tell the leads of the commitment's council that the Digital Office confirmed
    or declined it (and why, for a decline). Only a decision dated today is told:
    history entered for past days (the demo's) sends nothing. Returns how many
    emails were composed."""
    status = commitment.status
    decided_on = (
        commitment.confirmed_on if status == Status.CONFIRMED else commitment.ended_on
    )
    if status not in DECIDED or decided_on != timezone.localdate():
        return 0
    project, council = commitment.project, commitment.council
    context = {
        "commitment": commitment,
        "project": project,
        "council": council,
        "outcome": DECIDED[status],
        "reason": reason.strip(),
        "action_label": "See the commitment",
        "action_url": link(commitment.get_absolute_url()),
    }
    return sum(
        compose(
            lead,
            kind=Kind.COMMITMENT_DECIDED,
            key=f"commitment-decided:{commitment.pk}:{status}",
            subject=f"{council.short_name}'s commitment to {project.name} is "
            f"{DECIDED[status]}",
            template="portfolios/email/commitment_decided",
            context=context,
        )
        is not None
        for lead in User.objects.leads_of(council).order_by("pk")
    )
