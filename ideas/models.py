"""Ideas from councils: the plan's first aim, scoping the representative needs of
local government. A lead or staff proposes; other councils add their interest;
staff score, then accept an idea into a portfolio (a project in its first phase) or
decline it with a reason."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from councils.models import Council
from ideas import scoring

ON_THE_SCALE = [MinValueValidator(scoring.LOWEST), MaxValueValidator(scoring.HIGHEST)]


class IdeaQuerySet(models.QuerySet):
    def open(self) -> "IdeaQuerySet":
        """Neither accepted nor declined yet."""
        return self.filter(status=Idea.Status.OPEN)

    def to_score(self) -> "IdeaQuerySet":
        """Open ideas no member of staff has scored yet."""
        return self.open().exclude(Exists(Score.objects.filter(idea=OuterRef("pk"))))

    def with_figures(self) -> "IdeaQuerySet":
        """The figures the criteria read, per idea, in the same query: councils
        interested, their share of Scotland's population, the staff's average fit,
        value and effort, and how many have scored (subqueries, so nothing is
        counted twice)."""
        interests = Interest.objects.filter(idea=OuterRef("pk")).order_by()
        councils = interests.values("idea").annotate(n=Count("pk")).values("n")
        # Each council's share as the councils app defines it, summed per idea.
        shares = (
            Council.objects.with_population_share()
            .filter(idea_interests__idea=OuterRef("pk"))
            .order_by()
            .values("idea_interests__idea")
            .annotate(total=Sum("population_share"))
            .values("total")
        )
        scores = Score.objects.filter(idea=OuterRef("pk")).order_by().values("idea")

        def average(field: str) -> Subquery:
            return Subquery(
                scores.annotate(a=Avg(field)).values("a"), output_field=FloatField()
            )

        return self.annotate(
            councils_interested=Coalesce(Subquery(councils), 0),
            population_share=Coalesce(Subquery(shares, output_field=FloatField()), 0.0),
            score_count=Coalesce(
                Subquery(scores.annotate(n=Count("pk")).values("n")), 0
            ),
            average_fit=average("fit"),
            average_value=average("value"),
            average_effort=average("effort"),
        )

    def ranked(self) -> "IdeaQuerySet":
        """With its figures and `rank_points` (the published formula, None until
        scored), open ideas first, the highest ranked first, the unscored after the
        scored, newest first among equals."""
        as_float = {
            name: Cast(F(name), FloatField())
            for name in (
                "councils_interested",
                "population_share",
                "average_fit",
                "average_value",
                "average_effort",
            )
        }
        total = sum(scoring.contributions(*as_float.values()).values())
        return (
            self.with_figures()
            .annotate(rank_points=ExpressionWrapper(total, output_field=FloatField()))
            .order_by(
                Case(When(status=Idea.Status.OPEN, then=0), default=1),
                F("rank_points").desc(nulls_last=True),
                "-councils_interested",
                "-created_at",
                "-pk",
            )
        )


class Idea(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    title = models.CharField(
        max_length=150, help_text="A short name for the idea, like a project's name."
    )
    problem = models.TextField(
        "the problem", help_text="What is wrong or missing now, and why it matters."
    )
    affects = models.TextField(
        "who it affects",
        help_text="The people who feel the problem: residents, staff, services.",
    )
    objective = models.ForeignKey(
        "portfolios.VisionObjective",
        on_delete=models.PROTECT,
        related_name="ideas",
        verbose_name="vision objective",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="ideas_proposed",
    )
    # The proposer's council when a lead proposes; empty when staff do.
    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ideas_proposed",
        verbose_name="proposed for",
    )
    status = models.CharField(
        max_length=10, choices=Status, default=Status.OPEN, db_index=True
    )
    decline_reason = models.TextField("reason for declining", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    project = models.OneToOneField(
        "portfolios.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="idea",
        help_text="The project the idea became, once accepted.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = IdeaQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Its status and its decision agree.
            models.CheckConstraint(
                condition=Q(
                    status="open",
                    decided_at__isnull=True,
                    project__isnull=True,
                    decline_reason="",
                )
                | Q(status="accepted", decided_at__isnull=False, project__isnull=False)
                | (
                    Q(status="declined", decided_at__isnull=False)
                    & ~Q(decline_reason="")
                ),
                name="idea_status_has_its_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:idea", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def rank(self) -> Decimal | None:
        """The published ranking figure out of 100, from the annotations of
        ranked() or with_figures(); None until a member of staff has scored it."""
        if getattr(self, "score_count", 0) == 0:
            return None
        return scoring.rank_score(
            self.councils_interested,
            self.population_share,
            self.average_fit,
            self.average_value,
            self.average_effort,
        )

    @property
    def points(self) -> dict[str, Decimal] | None:
        """Each criterion's points, from the same annotations."""
        if getattr(self, "score_count", 0) == 0:
            return None
        return scoring.points(
            self.councils_interested,
            self.population_share,
            self.average_fit,
            self.average_value,
            self.average_effort,
        )


class Interest(models.Model):
    """A council shares the idea's problem: the proposer's council from the start,
    the councils the proposer named, then any council whose lead adds it."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="interests")
    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="idea_interests"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    note = models.CharField(
        max_length=300,
        blank=True,
        help_text="A line on how the problem shows in the council, if you like.",
    )
    registered_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords(excluded_fields=["registered_at"])

    class Meta:
        ordering = ["council__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "council"], name="one_interest_per_council"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} in {self.idea}"


class Score(models.Model):
    """One member of staff's scores of an idea on the published criteria; scoring
    again replaces them."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="scores")
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    fit = models.PositiveSmallIntegerField(
        "fit to the vision objectives", validators=ON_THE_SCALE
    )
    value = models.PositiveSmallIntegerField(validators=ON_THE_SCALE)
    effort = models.PositiveSmallIntegerField(validators=ON_THE_SCALE)
    note = models.CharField(max_length=300, blank=True)
    scored_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords(excluded_fields=["scored_at"])

    class Meta:
        ordering = ["-scored_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "scored_by"], name="one_score_per_person"
            ),
            models.CheckConstraint(
                condition=Q(
                    **{
                        f"{field}__{bound}": limit
                        for field in ("fit", "value", "effort")
                        for bound, limit in (
                            ("gte", scoring.LOWEST),
                            ("lte", scoring.HIGHEST),
                        )
                    }
                ),
                name="score_on_the_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scored_by}'s score of {self.idea}"
