"""Ideas are proposed, shared, scored and decided on the portal (ideas.services):
read here, with their history. Staff may mend an idea's wording; its status and
decision never change here."""

from django.contrib import admin
from django.http import HttpRequest

from councils.admin import ReadOnly, RuledAdmin
from ideas.models import Idea, Interest, Score


class InterestInline(ReadOnly, admin.StackedInline):
    model = Interest
    extra = 0
    fields = ["council", "registered_by", "registered_at", "note"]
    readonly_fields = fields


class ScoreInline(ReadOnly, admin.StackedInline):
    model = Score
    extra = 0
    fields = ["scored_by", "fit", "value", "effort", "note", "scored_at"]
    readonly_fields = fields


@admin.register(Idea)
class IdeaAdmin(RuledAdmin):
    list_display = ["title", "status", "council", "proposed_by", "created_at"]
    list_filter = ["status", "objective"]
    list_select_related = ["council", "proposed_by"]
    search_fields = ["title", "problem"]
    date_hierarchy = "created_at"
    fields = [
        "title",
        "problem",
        "affects",
        "objective",
        "proposed_by",
        "council",
        "created_at",
        "status",
        "decline_reason",
        "decided_by",
        "decided_at",
        "project",
    ]
    # Wording may be mended; who proposed it and how it was decided may not.
    readonly_fields = fields[4:]
    inlines = [InterestInline, ScoreInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Interest)
class InterestAdmin(ReadOnly, RuledAdmin):
    list_display = ["council", "idea", "registered_by", "registered_at"]
    list_filter = ["council"]
    list_select_related = ["council", "idea", "registered_by"]
    search_fields = ["idea__title", "council__short_name"]


@admin.register(Score)
class ScoreAdmin(ReadOnly, RuledAdmin):
    list_display = ["idea", "scored_by", "fit", "value", "effort", "scored_at"]
    list_select_related = ["idea", "scored_by"]
    search_fields = ["idea__title"]
