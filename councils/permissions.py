"""Who may change what in the councils app: checked by views on every request."""

from councils.models import Council, User


def can_edit_council(user: User, council: Council) -> bool:
    """Staff edit any council; a lead edits only their own council's details."""
    return user.is_programme_staff or user.lead_council_id == council.pk


def can_edit_partnership_terms(user: User) -> bool:
    """Standing and contribution are agreed with the partnership, so staff only."""
    return user.is_programme_staff
