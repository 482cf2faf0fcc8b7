from django.contrib import admin

from councils.admin import ReadOnly
from metrics.models import Snapshot


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnly, admin.ModelAdmin):
    """Figures are written by the metrics jobs only: read here, never edited."""

    list_display = [
        "date",
        "metric",
        "key",
        "scope",
        "scope_id",
        "value",
        "computed_at",
    ]
    list_filter = ["scope", "metric"]
    search_fields = ["metric", "key"]
    date_hierarchy = "date"
