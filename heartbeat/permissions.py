"""Who may move projects through the lifecycle: checked by views on every request."""

from councils.models import User
from portfolios.models import Project


def can_review(user: User, project: Project) -> bool:
    """Gate reviews are Digital Office staff's decisions."""
    return user.is_programme_staff


def can_report_pulse(user: User, project: Project) -> bool:
    """Staff, and the project's own owner, report its pulse."""
    return user.is_programme_staff or (
        project.owner_id is not None and project.owner_id == user.pk
    )


def can_edit_products(user: User, project: Project) -> bool:
    return user.is_programme_staff


def can_see_history(user: User) -> bool:
    return user.is_programme_staff


def can_edit_pack(user: User, project: Project) -> bool:
    """Staff write and publish Marketing Packs."""
    return user.is_programme_staff


def can_edit_benefits(user: User, project: Project) -> bool:
    """Baselines, targets and actuals are entered by staff."""
    return user.is_programme_staff
