from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from portfolios.models import Project


class PhaseQuerySet(models.QuerySet):
    def after(self, phase: "Phase") -> "PhaseQuerySet":
        return self.filter(number__gt=phase.number).order_by("number")

    def before(self, phase: "Phase") -> "PhaseQuerySet":
        return self.filter(number__lt=phase.number).order_by("number")


class Phase(models.Model):
    """A phase of the Heartbeat delivery model. Data, seeded by migration, editable."""

    number = models.PositiveSmallIntegerField(
        unique=True, help_text="Order in the lifecycle; projects move up one at a time."
    )
    name = models.CharField(max_length=40, unique=True)
    slug = models.SlugField(max_length=40, unique=True)
    purpose = models.TextField()
    closes_influence_projects = models.BooleanField(
        "an influencing project may close from here",
        default=False,
        help_text="Influencing and sharing projects may close from this phase on: "
        "their product is the shared learning.",
    )

    objects = PhaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def get_absolute_url(self) -> str:
        return f"{reverse('heartbeat:model')}#phase-{self.slug}"


class PhaseProduct(models.Model):
    """A product a project is expected to deliver in a phase."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="products")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=150)

    history = HistoricalRecords()

    class Meta:
        ordering = ["phase__number", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "name"], name="unique_product_per_phase"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ExitCriterion(models.Model):
    """A condition checked at the gate that ends a phase."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=200)
    mandatory = models.BooleanField(
        default=True,
        help_text="A project proceeds only when every mandatory one is met.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["phase__number", "position"]
        verbose_name_plural = "exit criteria"
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "text"], name="unique_criterion_per_phase"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class ProjectProductQuerySet(models.QuerySet):
    def outstanding(self) -> "ProjectProductQuerySet":
        """Neither delivered nor marked not needed: what still stands between a
        project and its gate."""
        return self.exclude(status__in=ProjectProduct.DONE)


class ProjectProduct(models.Model):
    """A product a project is expected to deliver in one of its phases, and how far
    along it is. The model's products are copied in when the project enters the
    phase; staff tailor the list (add the project's own, mark one not needed)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DELIVERED = "delivered", "Delivered"
        NOT_NEEDED = "not_needed", "Not needed"

    DONE = (Status.DELIVERED, Status.NOT_NEEDED)

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="products"
    )
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+")
    # The model's product it was copied from; empty for the project's own.
    product = models.ForeignKey(
        PhaseProduct,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_products",
    )
    name = models.CharField(max_length=150)
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status, default=Status.NOT_STARTED)
    not_needed_reason = models.CharField(max_length=300, blank=True)
    evidence_url = models.URLField(
        "link to the evidence",
        max_length=500,
        blank=True,
        help_text="Where the product can be read, like a shared document.",
    )
    due_on = models.DateField("due by", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectProductQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["phase__number", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "product"], name="one_status_per_project_product"
            ),
            models.UniqueConstraint(
                fields=["project", "phase", "name"],
                name="one_product_name_per_project_phase",
            ),
            models.CheckConstraint(
                condition=~Q(status="not_needed") | ~Q(not_needed_reason=""),
                name="not_needed_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.project}"

    @property
    def is_own(self) -> bool:
        """Added for this project, not copied from the model."""
        return self.product_id is None

    @property
    def is_done(self) -> bool:
        return self.status in self.DONE


def ready_for_gate(projects: models.QuerySet) -> models.QuerySet:
    """The projects among these whose every product of their current phase is
    delivered or not needed (and that have at least one): ready for their gate."""
    outstanding = ProjectProduct.objects.outstanding().filter(
        project=models.OuterRef("pk"), phase=models.OuterRef("phase")
    )
    any_product = ProjectProduct.objects.filter(
        project=models.OuterRef("pk"), phase=models.OuterRef("phase")
    )
    return projects.filter(models.Exists(any_product)).exclude(
        models.Exists(outstanding)
    )


class GateReviewQuerySet(models.QuerySet):
    def moves(self) -> "GateReviewQuerySet":
        """Decisions that took the project into another phase (the rows whose
        `changes_phase` is true)."""
        return self.exclude(to_phase=models.F("phase"))


class GateReview(models.Model):
    """A decision at a phase gate: the audit record of every move in the lifecycle."""

    class Decision(models.TextChoices):
        PROCEED = "proceed", "Proceed to the next phase"
        HOLD = "hold", "Hold in this phase"
        RETURN = "return", "Return to an earlier phase"
        CLOSE = "close", "Close the project"
        REOPEN = "reopen", "Reopen the project"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="reviews"
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, related_name="+", help_text="Phase reviewed."
    )
    decision = models.CharField(max_length=10, choices=Decision)
    to_phase = models.ForeignKey(
        Phase,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The phase after the decision.",
    )
    decided_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rationale = models.TextField()
    overridden = models.BooleanField(
        default=False, help_text="Staff went ahead although the rules said no."
    )
    override_reason = models.TextField(blank=True)
    leads_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GateReviewQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["leads_notified_at"])

    class Meta:
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["project", "decided_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(overridden=False) | ~Q(override_reason=""),
                name="override_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.project} ({self.decided_on})"

    @property
    def changes_phase(self) -> bool:
        return self.phase_id != self.to_phase_id


class CriterionCheck(models.Model):
    """An exit criterion as ticked at a review, copied so the record outlives edits
    to the criterion itself."""

    review = models.ForeignKey(
        GateReview, on_delete=models.CASCADE, related_name="checks"
    )
    criterion = models.ForeignKey(
        ExitCriterion, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.CharField(max_length=200)
    mandatory = models.BooleanField()
    met = models.BooleanField()
    evidence = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.text}: {'met' if self.met else 'not met'}"


class Pulse(models.Model):
    """A project's dated status between gates: RAG and a line of commentary."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="pulses"
    )
    reported_on = models.DateField()
    rag_status = models.CharField("status", max_length=5, choices=Project.Rag)
    commentary = models.CharField(max_length=300)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-pk"]
        indexes = [models.Index(fields=["project", "reported_on"])]

    def __str__(self) -> str:
        return f"{self.project} {self.reported_on}: {self.rag_status}"


class MarketingPackQuerySet(models.QuerySet):
    def published(self) -> "MarketingPackQuerySet":
        return self.filter(published_at__isnull=False)

    def recruiting(self) -> "MarketingPackQuerySet":
        """Published packs of projects recruiting today (Project.objects.recruiting)."""
        return self.filter(project__in=Project.objects.recruiting())


class MarketingPack(models.Model):
    """A Heartbeat Marketing Pack: what staff write to recruit councils to a project.

    The rest of the pack (purpose, phase, products, the ask, timeline, councils
    already in) is read live from the project when the pack is shown.
    """

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="pack"
    )
    headline = models.CharField(
        max_length=150,
        help_text="One line that makes a council lead want to read on.",
    )
    what_councils_gain = models.TextField(
        help_text="The benefits for a council that takes part, in a few lines."
    )
    spotlight = models.TextField(
        "spotlight on comparable work",
        blank=True,
        help_text="Comparable work elsewhere, and what it achieved.",
    )
    contact_name = models.CharField(max_length=100)
    contact_email = models.EmailField()
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    leads_notified_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MarketingPackQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "leads_notified_at"])

    def __str__(self) -> str:
        return f"Marketing Pack: {self.project}"

    def get_absolute_url(self) -> str:
        return reverse("heartbeat:pack", args=[self.project.slug])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
