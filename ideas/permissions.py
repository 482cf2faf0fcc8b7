"""Who may do what with ideas: checked by the views on every request, and by the
services too, so that the demo and the admin obey the same rules.

Every signed-in role reads ideas. Leads and staff propose; a lead adds or
withdraws only their own council's interest; staff score and decide. Executives
read everything and change nothing.
"""

from councils.models import User
from ideas.models import Idea


def can_propose(user: User) -> bool:
    return user.is_council_lead or user.is_programme_staff


def can_show_interest(user: User, idea: Idea) -> bool:
    """A lead adds (or withdraws) their own council's interest in an open idea."""
    return user.is_council_lead and idea.is_open


def may_score(user: User) -> bool:
    """Whether the user's role scores ideas at all (can_score adds the idea's
    state)."""
    return user.is_programme_staff


def can_score(user: User, idea: Idea) -> bool:
    return may_score(user) and idea.is_open


def may_decide(user: User) -> bool:
    return user.is_programme_staff


def can_decide(user: User, idea: Idea) -> bool:
    return may_decide(user) and idea.is_open


def sees_every_score(user: User) -> bool:
    """Each member of staff's scores and notes are read by staff and executives.
    Leads see the published figures (averages, points and rank) without them: the
    notes are the programme team's working."""
    return user.is_programme_staff or user.is_executive


def sees_ranking(user: User) -> bool:
    """The list in ranked order, with its figures: staff, who decide by it, and
    executives, who read what staff read. Leads see the ideas newest first, and
    each idea's rank on its page."""
    return user.is_programme_staff or user.is_executive
