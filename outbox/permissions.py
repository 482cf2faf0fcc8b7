"""Who may read the outbox: checked by its views on every request."""

from councils.models import User


def can_read_outbox(user: User) -> bool:
    """Staff see every email sent, and send a failed one again. Others see only
    their own email settings."""
    return user.is_programme_staff
