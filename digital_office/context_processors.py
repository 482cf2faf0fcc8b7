from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from metrics.caching import once
from workbench.queue import attention_count


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool
    # How many things wait there, counted only if the template shows it.
    count: Callable[[], int] | None = None


def navigation(request: HttpRequest) -> dict[str, list[NavItem]]:
    """The site navigation for the signed-in user's role; empty when signed out."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_role:
        return {"navigation": []}
    links: list[tuple[str, str]] = []
    if user.is_programme_staff:
        links.append(("Queue", reverse("workbench:queue")))
    if user.is_council_lead:
        links.append(
            ("My council", reverse("metrics:council", args=[user.council.slug]))
        )
    links.append(("Dashboard", reverse("metrics:dashboard")))
    links += [
        ("Portfolios", reverse("portfolios:list")),
        ("Projects", reverse("portfolios:projects")),
        ("Heartbeat model", reverse("heartbeat:model")),
        ("Councils", reverse("portfolios:councils")),
        ("Ideas", reverse("ideas:list")),
    ]
    if user.is_programme_staff or user.is_executive:
        links.append(("Exports", reverse("metrics:exports")))
    if user.is_programme_staff:
        links.append(("Outbox", reverse("outbox:list")))
        links.append(("Admin", reverse("admin:index")))
    # The longest matching prefix is the current section (so "My council" wins over
    # "Councils" on the lead's own council page).
    matches = [url for _, url in links if request.path.startswith(url)]
    current = max(matches, key=len, default=None)
    queue_count = once(attention_count)
    return {
        "navigation": [
            NavItem(
                label,
                url,
                url == current,
                queue_count if label == "Queue" else None,
            )
            for label, url in links
        ]
    }
