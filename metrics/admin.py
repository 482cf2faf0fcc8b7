from django.contrib import admin
from django.http import HttpRequest

from metrics.models import Snapshot


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
