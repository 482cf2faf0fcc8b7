"""Who may change councils' participation and commitments: checked by views on every
request. Leads act only for their own council; staff for any."""

from councils.models import Council, User
from portfolios.models import Commitment, Project

Status = Commitment.Status


def acting_council(user: User) -> Council | None:
    """The council a lead acts for; None for everyone else."""
    return user.council if user.is_council_lead else None


def can_join(user: User, project: Project) -> bool:
    return user.is_council_lead and not project.is_closed


def can_propose(user: User, project: Project) -> bool:
    return (user.is_council_lead or user.is_programme_staff) and not project.is_closed


def _own(user: User, commitment: Commitment) -> bool:
    return user.is_council_lead and user.council_id == commitment.council_id


def may_change(user: User, commitment: Commitment) -> bool:
    """Whose commitment it is to change: its council's leads and staff, whatever its
    status now (can_change adds that)."""
    return user.is_programme_staff or _own(user, commitment)


def can_change(user: User, commitment: Commitment) -> bool:
    return commitment.status == Status.PROPOSED and may_change(user, commitment)


def may_move(user: User, commitment: Commitment, status: str) -> bool:
    """Whether the user's role may ever make this move on this commitment: staff any,
    its council's leads withdraw. allowed_moves adds what its status allows now."""
    if user.is_programme_staff:
        return True
    return status == Status.WITHDRAWN and _own(user, commitment)


def allowed_moves(user: User, commitment: Commitment) -> list[str]:
    """The statuses this user may move the commitment to, now."""
    moves = []
    if user.is_programme_staff and commitment.status == Status.PROPOSED:
        moves += [Status.CONFIRMED, Status.DECLINED]
    if commitment.is_active and (user.is_programme_staff or _own(user, commitment)):
        moves.append(Status.WITHDRAWN)
    if user.is_programme_staff and commitment.status == Status.CONFIRMED:
        moves.append(Status.FULFILLED)
    return moves


def can_read_notes(user: User, commitment: Commitment) -> bool:
    """A lead's note to the Digital Office, and the reasons given for its moves, are
    read by staff, executives and the council's own leads; other councils' leads see
    the commitment itself without them."""
    return user.is_programme_staff or user.is_executive or _own(user, commitment)


def can_edit_benefits(user: User, project: Project) -> bool:
    """Baselines, targets and actuals are entered by staff."""
    return user.is_programme_staff


def can_set_up(user: User) -> bool:
    """Portfolios, their priority ranks and targets, and projects' needs are set up
    by Digital Office staff."""
    return user.is_programme_staff
