"""Who may read the queue and act on it: checked by views on every request."""

from councils.models import User


def can_see_queue(user: User) -> bool:
    """The queue is staff's (a project's owner is always staff, and reads their own
    part of it with a filter). Executives read pages, but the queue asks for
    actions they never take."""
    return user.is_programme_staff
