from django.db import models
from django.urls import reverse


class Phase(models.Model):
    """A phase of the Heartbeat delivery model. Data, seeded by migration, editable."""

    number = models.PositiveSmallIntegerField(
        unique=True, help_text="Order in the lifecycle; projects move up one at a time."
    )
    name = models.CharField(max_length=40, unique=True)
    slug = models.SlugField(max_length=40, unique=True)
    purpose = models.TextField()

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
