import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


def pulse_cutoff(today: dt.date | None = None) -> dt.date:
    """A pulse older than this is missed: the project is stalled."""
    today = today or timezone.localdate()
    return today - dt.timedelta(days=settings.HEARTBEAT_PULSE_INTERVAL_DAYS)


class VisionObjective(models.Model):
    """One of the five aims of the 2019-21 plan (Scoping, Shaping, Shifting, ...)."""

    position = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=40, unique=True)
    slug = models.SlugField(max_length=40, unique=True)
    aim = models.CharField(max_length=200, help_text="The aim, completing the name.")

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class PortfolioQuerySet(models.QuerySet):
    def with_project_counts(self) -> "PortfolioQuerySet":
        return self.annotate(
            project_count=Count("projects", distinct=True),
            red_count=Count(
                "projects", filter=Q(projects__rag_status="red"), distinct=True
            ),
        )

    def tagged(self, objective: VisionObjective) -> "PortfolioQuerySet":
        return self.filter(vision_objectives=objective)


class Portfolio(models.Model):
    """A prioritised programme of work in the business plan."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    priority = models.PositiveSmallIntegerField(
        unique=True, help_text="1 is the highest priority."
    )
    summary = models.TextField()
    lead_officer = models.CharField(max_length=100)
    lead_officer_email = models.EmailField(blank=True)
    vision_objectives = models.ManyToManyField(
        VisionObjective, related_name="portfolios", blank=True
    )
    starts_on = models.DateField("active from")
    ends_on = models.DateField("active until", null=True, blank=True)

    objects = PortfolioQuerySet.as_manager()

    class Meta:
        ordering = ["priority"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="portfolio_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(priority__gte=1), name="portfolio_priority_from_one"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("metrics:portfolio", args=[self.slug])

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end must be on or after the start."})


class ProjectQuerySet(models.QuerySet):
    def for_list(self) -> "ProjectQuerySet":
        """What a table of projects shows, in a fixed number of queries.

        The count of councils is a subquery, not a join: the database then counts for
        the page of rows shown, not for every project before it sorts them.
        """
        councils = (
            Participation.objects.filter(project=OuterRef("pk"), left_on__isnull=True)
            .order_by()
            .values("project")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.select_related("portfolio", "phase", "owner").annotate(
            council_count=Coalesce(Subquery(councils), 0)
        )

    def in_phase(self, phase: models.Model) -> "ProjectQuerySet":
        return self.filter(phase=phase)

    def tagged(self, objective: VisionObjective) -> "ProjectQuerySet":
        return self.filter(vision_objectives=objective)

    def for_council(self, council: models.Model) -> "ProjectQuerySet":
        return self.filter(
            participations__council=council, participations__left_on__isnull=True
        )

    def active(self) -> "ProjectQuerySet":
        return self.filter(closed_on__isnull=True)

    def closed(self) -> "ProjectQuerySet":
        return self.filter(closed_on__isnull=False)

    def recruiting(self) -> "ProjectQuerySet":
        """Open projects with a published Marketing Pack (the lifecycle app's)."""
        return self.active().filter(pack__published_at__isnull=False)

    def stalled(self, today: dt.date | None = None) -> "ProjectQuerySet":
        """Active projects whose last pulse is older than the interval."""
        return self.active().filter(status_date__lt=pulse_cutoff(today))


class Project(models.Model):
    class Kind(models.TextChoices):
        # From influencing at one end of the Heartbeat model to technology at the other.
        INFLUENCE = "influence", "Influencing and sharing experience"
        NEW_WAYS = "new_ways", "Developing new ways of working"
        REDESIGN = "redesign", "Redesigning services"
        TECHNOLOGY = "technology", "Implementing technology"

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.PROTECT, related_name="projects"
    )
    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    summary = models.TextField()
    problem = models.TextField("the problem", help_text="The need councils raised.")
    outcome = models.TextField(
        "intended outcome", help_text="What will be different when it is done."
    )
    kind = models.CharField("kind of project", max_length=20, choices=Kind)
    # Named by string: the lifecycle app sits above this one.
    phase = models.ForeignKey(
        "heartbeat.Phase", on_delete=models.PROTECT, related_name="projects"
    )
    rag_status = models.CharField(
        "delivery status", max_length=5, choices=Rag, default=Rag.GREEN
    )
    # The latest pulse, kept on the project so lists and filters need no join.
    status_commentary = models.CharField(max_length=300, blank=True)
    status_date = models.DateField("status reported on")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_projects",
    )
    start_date = models.DateField()
    target_date = models.DateField("target end date")
    phase_entered_on = models.DateField(
        "in this phase since",
        help_text="Set by gate reviews; the start date for a project's first phase.",
    )
    closed_on = models.DateField(
        null=True, blank=True, help_text="Set by a gate review that closes the project."
    )
    vision_objectives = models.ManyToManyField(
        VisionObjective, related_name="projects", blank=True
    )
    is_demo = models.BooleanField(
        "demo data",
        default=False,
        help_text="Invented for demonstration by seed_demo, not a real project.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["portfolio__priority", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_date__gte=models.F("start_date")),
                name="project_target_after_start",
            ),
        ]
        indexes = [models.Index(fields=["rag_status"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # The project page belongs to the lifecycle app above: named, not imported.
        return reverse("heartbeat:project", args=[self.slug])

    def clean(self) -> None:
        if self.start_date and self.target_date and self.target_date < self.start_date:
            raise ValidationError(
                {"target_date": "The target end date must be on or after the start."}
            )

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def is_stalled(self) -> bool:
        return not self.is_closed and self.status_date < pulse_cutoff()

    @property
    def days_in_phase(self) -> int:
        end = self.closed_on or timezone.localdate()
        return (end - self.phase_entered_on).days

    # Totals over the prefetched needs of one project: a handful of rows at most.
    @property
    def needed_person_days(self) -> int:
        return sum(need.person_days for need in self.needs.all())

    @property
    def needed_amount(self) -> Decimal:
        return sum((need.amount for need in self.needs.all()), Decimal(0))


class ResourceNeed(models.Model):
    """What a project asks of councils: a role for some person-days, or money."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="needs")
    role = models.CharField(
        max_length=100, help_text="For example: service designer, or funding."
    )
    person_days = models.PositiveIntegerField(default=0)
    amount = models.DecimalField(
        "money (£)", max_digits=12, decimal_places=2, default=0
    )
    starts_on = models.DateField("from")
    ends_on = models.DateField("until")
    notes = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person_days__gt=0) | Q(amount__gt=0),
                name="need_asks_for_something",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="need_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="need_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} for {self.project}"

    def clean(self) -> None:
        errors = {}
        if not self.person_days and not self.amount:
            errors["person_days"] = "Enter person-days, an amount of money, or both."
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The end must be on or after the start."
        if errors:
            raise ValidationError(errors)


class ParticipationQuerySet(models.QuerySet):
    def active(self) -> "ParticipationQuerySet":
        return self.filter(left_on__isnull=True)


class Participation(models.Model):
    """A council taking part in a project: who registered it, and when it left."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participations"
    )
    council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="participations"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The officer who registered the council's interest.",
    )
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    left_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ParticipationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["council__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "council"], name="one_participation_per_council"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} in {self.project}"

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class CommitmentQuerySet(models.QuerySet):
    def active(self) -> "CommitmentQuerySet":
        """Proposed or confirmed: what still counts towards a project's needs."""
        return self.filter(status__in=Commitment.ACTIVE)

    def for_council(self, council: models.Model) -> "CommitmentQuerySet":
        return self.filter(council=council)


class Commitment(models.Model):
    """What a council commits to a project: people, money or support in kind."""

    class Kind(models.TextChoices):
        PEOPLE = "people", "People (person-days)"
        MONEY = "money", "Money"
        IN_KIND = "in_kind", "In-kind support"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        FULFILLED = "fulfilled", "Fulfilled"

    ACTIVE = (Status.PROPOSED, Status.CONFIRMED)
    FUNDING = "Funding"  # the role a money commitment counts against

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="commitments"
    )
    council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="commitments"
    )
    kind = models.CharField(max_length=10, choices=Kind)
    role = models.CharField(
        max_length=100,
        help_text="The role the people fill; 'Funding' for money; what for in kind.",
    )
    person_days = models.PositiveIntegerField(null=True, blank=True)
    amount = models.DecimalField(
        "money (£)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(blank=True)
    starts_on = models.DateField("from")
    ends_on = models.DateField("until")
    status = models.CharField(
        max_length=10, choices=Status, default=Status.PROPOSED, db_index=True
    )
    # When it reached each status, so a past day's figures can be computed as they
    # were: proposed, then confirmed, then declined, withdrawn or fulfilled.
    proposed_on = models.DateField(default=timezone.localdate)
    confirmed_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(
        null=True, blank=True, help_text="When it was declined, withdrawn or fulfilled."
    )
    # Optimistic locking: a change based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommitmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    class Meta:
        ordering = ["starts_on", "council__short_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="commitment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(kind="people") | Q(person_days__gt=0),
                name="people_commitment_has_days",
            ),
            models.CheckConstraint(
                condition=~Q(kind="money") | Q(amount__gt=0),
                name="money_commitment_has_amount",
            ),
        ]
        indexes = [models.Index(fields=["project", "council", "status"])]

    def __str__(self) -> str:
        return f"{self.council}: {self.summary} to {self.project}"

    def get_absolute_url(self) -> str:
        return reverse("heartbeat:commitment", args=[self.project.slug, self.pk])

    @property
    def summary(self) -> str:
        if self.kind == self.Kind.PEOPLE:
            return f"{self.person_days} person-days of {self.role}"
        if self.kind == self.Kind.MONEY:
            return f"£{self.amount:,.2f}".replace(".00", "")
        return f"In kind: {self.role}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class Benefit(models.Model):
    """A measure of a project's impact, with its baseline and target."""

    class Measure(models.TextChoices):
        CASHABLE_SAVINGS = "cashable_savings", "Cashable savings (£)"
        HOURS_SAVED = "hours_saved", "Hours saved"
        PEOPLE_REACHED = "people_reached", "People reached"
        COUNCILS_ADOPTING = "councils_adopting", "Councils adopting the product"
        STAFF_TRAINED = "staff_trained", "Staff trained"
        CUSTOM = "custom", "Another measure"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="benefits"
    )
    measure = models.CharField(max_length=20, choices=Measure)
    custom_name = models.CharField(
        "name of the measure",
        max_length=100,
        blank=True,
        help_text="Only for another measure, like 'Paper forms avoided'.",
    )
    baseline = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    target = models.DecimalField(max_digits=14, decimal_places=2)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "custom_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "measure", "custom_name"],
                name="one_benefit_per_measure",
            ),
            models.CheckConstraint(
                condition=~Q(measure="custom") | ~Q(custom_name=""),
                name="custom_benefit_is_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.project}"

    @property
    def name(self) -> str:
        if self.measure == self.Measure.CUSTOM:
            return self.custom_name
        return self.get_measure_display()

    @property
    def is_money(self) -> bool:
        return self.measure == self.Measure.CASHABLE_SAVINGS

    @property
    def latest_actual(self) -> "BenefitActual | None":
        # Newest first, from the prefetched actuals of the project page.
        actuals = self.actuals.all()
        return actuals[0] if actuals else None

    @property
    def progress(self) -> float | None:
        """How far from baseline to target the latest actual has come."""
        latest = self.latest_actual
        if latest is None or self.target == self.baseline:
            return None
        return float((latest.value - self.baseline) / (self.target - self.baseline))


class BenefitActual(models.Model):
    """A benefit's value as measured on a day: the total to date, not the change."""

    benefit = models.ForeignKey(
        Benefit, on_delete=models.CASCADE, related_name="actuals"
    )
    measured_on = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["benefit", "measured_on"], name="one_actual_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.benefit.name}: {self.value} on {self.measured_on}"
