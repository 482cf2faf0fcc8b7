"""Who may move projects through the lifecycle: checked by views on every request."""

from councils.models import User
from portfolios.models import Project


def can_add_project(user: User) -> bool:
    """Projects are set up by Digital Office staff (an idea accepted starts one too)."""
    return user.is_programme_staff


def can_edit_project(user: User, project: Project) -> bool:
    """Its details (names, purpose, owner, dates) are kept by staff; its phase and
    status move by gate reviews and pulses."""
    return user.is_programme_staff


def can_review(user: User, project: Project) -> bool:
    """Gate reviews are Digital Office staff's decisions."""
    return user.is_programme_staff


def can_report_pulse(user: User, project: Project) -> bool:
    """Staff report pulses; a project's owner is always staff (an owner who has
    since left the staff, or become an executive, reports nothing)."""
    return user.is_programme_staff


def can_edit_products(user: User, project: Project) -> bool:
    """Staff tailor a project's products: add its own, mark one not needed, keep
    the evidence and the due dates."""
    return user.is_programme_staff


def can_see_history(user: User) -> bool:
    return user.is_programme_staff


def can_edit_pack(user: User, project: Project) -> bool:
    """Staff write and publish Marketing Packs."""
    return user.is_programme_staff
