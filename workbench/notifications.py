"""The staff's daily digest: what was proposed since each person's last one.

A digest covers, for each member of staff, the commitments and ideas proposed since
the last digest they were sent (the last 24 hours for a first one), so a day the job
did not run is caught up by the next, and nothing is told twice. It goes through the
outbox, at most once a day per person (its key names the day), and not at all when
nothing new was proposed.
"""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from councils.models import User
from ideas.models import Idea
from outbox.kinds import Kind
from outbox.models import Email
from outbox.services import compose, link
from portfolios.models import Commitment
from workbench.queue import Queue

FIRST_DIGEST_COVERS = dt.timedelta(hours=24)


def _since(person: User, now: dt.datetime) -> dt.datetime:
    """When the person's last digest was composed, or a day ago for a first one."""
    last = (
        Email.objects.filter(recipient=person, kind=Kind.STAFF_DIGEST)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return last or now - FIRST_DIGEST_COVERS


def commitments_proposed(since: dt.datetime) -> list[Commitment]:
    """Commitments proposed since then, the oldest first, whatever they are now.

    Written since then, and dated on or after its day: a proposal recorded now for
    an earlier day (the demo plays a year of them) is not news."""
    return list(
        Commitment.objects.filter(
            created_at__gte=since, proposed_on__gte=timezone.localdate(since)
        )
        .select_related("project", "council", "role", "proposed_by")
        .order_by("created_at", "pk")
    )


def ideas_proposed(since: dt.datetime) -> list[Idea]:
    """Ideas proposed since then, the oldest first, whatever they are now."""
    return list(
        Idea.objects.filter(created_at__gte=since)
        .select_related("council", "proposed_by")
        .order_by("created_at", "pk")
    )


def send_staff_digest(day: dt.date | None = None) -> int:
    """Compose the day's digest for each member of staff who has news: the
    commitments and ideas proposed since their last digest, and the queue's counts.
    How many were composed (a second run the same day composes none)."""
    day = day or timezone.localdate()
    now = timezone.now()
    sent = 0
    counts = None  # counted once, when the first person has news
    for person in User.objects.staff().exclude(email="").order_by("pk"):
        key = f"staff-digest:{person.pk}:{day.isoformat()}"
        if Email.objects.filter(recipient=person, key=key).exists():
            continue
        since = _since(person, now)
        commitments = commitments_proposed(since)
        ideas = ideas_proposed(since)
        if not commitments and not ideas:
            continue
        if counts is None:
            counts = Queue().counts()
        with transaction.atomic():
            email = compose(
                person,
                kind=Kind.STAFF_DIGEST,
                key=key,
                subject=_subject(len(commitments), len(ideas)),
                template="workbench/email/staff_digest",
                context={
                    "day": day,
                    "since": since,
                    "commitments": [
                        (commitment, link(commitment.get_absolute_url()))
                        for commitment in commitments
                    ],
                    "ideas": [(idea, link(idea.get_absolute_url())) for idea in ideas],
                    "counts": counts,
                    "total": sum(counts.values()),
                    "action_url": link(reverse("workbench:queue")),
                    "action_label": "Open the queue",
                },
            )
        sent += email is not None
    return sent


def _subject(commitments: int, ideas: int) -> str:
    news = []
    if commitments:
        news.append(f"{commitments} commitment{'s' if commitments > 1 else ''}")
    if ideas:
        news.append(f"{ideas} idea{'s' if ideas > 1 else ''}")
    return f"Heartbeat digest: {' and '.join(news)} proposed"
