from django.db import models


class Scope(models.TextChoices):
    PROGRAMME = "programme", "Programme"
    PORTFOLIO = "portfolio", "Portfolio"
    OBJECTIVE = "objective", "Vision objective"
    PROJECT = "project", "Project"
    COUNCIL = "council", "Council"


class SnapshotQuerySet(models.QuerySet):
    def for_scope(self, scope: str, scope_id: int = 0) -> "SnapshotQuerySet":
        return self.filter(scope=scope, scope_id=scope_id)

    def on(self, date: object) -> "SnapshotQuerySet":
        return self.filter(date=date)


class Snapshot(models.Model):
    """One figure, for one scope, as it was on one day.

    Jobs write these; pages only read them. A figure is identified by its metric, its
    scope (the programme is scope id 0) and an optional key (a phase, a RAG colour,
    a decision, a benefit measure): a recompute of the same day updates it in place.
    """

    metric = models.CharField(max_length=40)
    scope = models.CharField(max_length=10, choices=Scope)
    scope_id = models.PositiveBigIntegerField(default=0)
    key = models.CharField(max_length=60, blank=True, default="")
    date = models.DateField()
    value = models.FloatField(null=True)
    computed_at = models.DateTimeField()

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "scope", "scope_id", "key", "date"],
                name="one_snapshot_per_figure_and_day",
            ),
        ]
        indexes = [
            models.Index(fields=["scope", "scope_id", "date"]),
            models.Index(fields=["date", "metric"]),
        ]

    def __str__(self) -> str:
        key = f"[{self.key}]" if self.key else ""
        where = f"{self.scope}:{self.scope_id}"
        return f"{self.metric}{key} {where} {self.date} = {self.value}"
