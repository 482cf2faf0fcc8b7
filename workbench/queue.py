"""What needs the programme office's attention: one read per section of the queue.

Each section is a QuerySet built on the rules the lower apps own (proposed
commitments, pulses due, ready for the gate, long in the phase), never a copy of
them. The sections' counts are taken in one query, so the navigation's count costs
one query at most, and none while the page cache's generation holds it.
"""

import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Q

from councils.models import User
from heartbeat.models import MarketingPack, ready_for_gate
from ideas.models import Idea
from metrics.caching import generation
from portfolios.models import PULSE_DUE_SOON_DAYS, Commitment, Project

logger = logging.getLogger(__name__)

# The navigation's count waits at most this long for changes that start no
# generation of the page cache (a new idea).
COUNT_SECONDS = 60
SECTIONS = ("commitments", "pulses", "gates", "packs", "ideas")


@dataclass(frozen=True)
class Queue:
    """The queue for everyone (`owner` None), or one project owner's part of it."""

    owner: User | None = None

    def _projects(self) -> models.QuerySet:
        projects = Project.objects.all()
        return projects.filter(owner=self.owner) if self.owner else projects

    def commitments(self) -> models.QuerySet:
        """Awaiting confirmation, the longest waiting first."""
        commitments = Commitment.objects.proposed()
        if self.owner:
            commitments = commitments.filter(project__owner=self.owner)
        return commitments.select_related(
            "project", "council", "role", "proposed_by"
        ).order_by("proposed_on", "created_at", "pk")

    def pulses(self) -> models.QuerySet:
        """Pulses due within a few days or overdue, by owner (no owner first), the
        most overdue first."""
        return (
            self._projects()
            .pulse_due_within(PULSE_DUE_SOON_DAYS)
            .select_related("owner")
            .order_by(
                F("owner__last_name").asc(nulls_first=True),
                "owner__first_name",
                "owner__pk",
                "status_date",
                "name",
            )
        )

    def gates(self) -> models.QuerySet:
        """In flight and ready for their gate (`is_ready`), or long in their phase:
        the ready first, then the longest in their phase."""
        flying = self._projects().in_flight()
        ready = ready_for_gate(Project.objects.in_flight()).filter(pk=OuterRef("pk"))
        long = Project.objects.long_in_phase().filter(pk=OuterRef("pk"))
        return (
            flying.annotate(is_ready=Exists(ready), is_long=Exists(long))
            .filter(Q(is_ready=True) | Q(is_long=True))
            .select_related("phase", "owner")
            .order_by("-is_ready", "phase_entered_on", "name")
        )

    def packs(self) -> models.QuerySet:
        """Draft Marketing Packs of projects in flight."""
        return (
            MarketingPack.objects.filter(
                published_at__isnull=True,
                project__in=self._projects().in_flight().values("pk"),
            )
            .select_related("project", "project__phase")
            .order_by("updated_at", "pk")
        )

    def ideas(self) -> models.QuerySet | None:
        """Ideas to score, the longest waiting first: the whole office's, tied to no
        project, so not in an owner's part (None)."""
        if self.owner:
            return None
        return (
            Idea.objects.to_score()
            .select_related("council", "proposed_by")
            .order_by("created_at", "pk")
        )

    def sections(self) -> dict[str, models.QuerySet]:
        found = {
            "commitments": self.commitments(),
            "pulses": self.pulses(),
            "gates": self.gates(),
            "packs": self.packs(),
            "ideas": self.ideas(),
        }
        return {name: rows for name, rows in found.items() if rows is not None}

    def counts(self) -> dict[str, int]:
        """How many rows each section has, in one query."""
        return count_all(self.sections())


def count_all(querysets: dict[str, models.QuerySet]) -> dict[str, int]:
    """The count of each queryset, all in one query (one scalar subquery each)."""
    parts, params = [], []
    for rows in querysets.values():
        sql, row_params = rows.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted)")
        params.extend(row_params)
    if not parts:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        found = cursor.fetchone()
    return dict(zip(querysets, found, strict=True))


def _count_key() -> str:
    return f"workbench:queue-count:{generation()}"


def remember_count(total: int, key: str | None = None) -> None:
    """Keep the whole queue's count (counted by the queue page, or for the
    navigation) under the page cache's generation."""
    try:
        cache.set(key or _count_key(), total, COUNT_SECONDS)
    except Exception:
        logger.warning("Cache unreachable: the queue's count is not kept")


def attention_count() -> int:
    """How many things on the whole queue need attention (for staff's navigation):
    kept for the page cache's generation, so most pages pay no query for it."""
    key = _count_key()
    try:
        total = cache.get(key)
    except Exception:
        total = None
    if total is None:
        total = sum(Queue().counts().values())
        remember_count(total, key)
    return total
