from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from heartbeat.models import (
    CriterionCheck,
    ExitCriterion,
    GateReview,
    Phase,
    PhaseProduct,
    ProjectProduct,
    Pulse,
)
from heartbeat.services import start_project
from portfolios.admin import CHECKBOXES
from portfolios.models import Participation, Project, ResourceNeed


class PhaseProductInline(admin.StackedInline):
    model = PhaseProduct
    extra = 0


class ExitCriterionInline(admin.StackedInline):
    model = ExitCriterion
    extra = 0


@admin.register(Phase)
class PhaseAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name", "purpose", "closes_influence_projects"]
    list_display_links = ["name"]
    search_fields = ["name", "purpose"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PhaseProductInline, ExitCriterionInline]


@admin.register(PhaseProduct)
class PhaseProductAdmin(SimpleHistoryAdmin):
    list_display = ["name", "phase", "position"]
    list_filter = ["phase"]
    list_select_related = ["phase"]
    search_fields = ["name"]


@admin.register(ExitCriterion)
class ExitCriterionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "phase", "mandatory", "position"]
    list_filter = ["phase", "mandatory"]
    list_select_related = ["phase"]
    search_fields = ["text"]


class ResourceNeedInline(admin.StackedInline):
    model = ResourceNeed
    extra = 0


class ParticipationInline(admin.StackedInline):
    model = Participation
    extra = 0


# Set by gate reviews and pulses, which keep their own records: read-only here.
LIFECYCLE_FIELDS = [
    "phase",
    "phase_entered_on",
    "closed_on",
    "rag_status",
    "status_commentary",
    "status_date",
]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "portfolio",
        "phase",
        "rag_status",
        "status_date",
        "owner",
        "target_date",
        "closed_on",
        "is_demo",
    ]
    list_filter = [
        "portfolio",
        "phase",
        "rag_status",
        "kind",
        "vision_objectives",
        "is_demo",
    ]
    list_select_related = ["portfolio", "phase", "owner"]
    search_fields = ["name", "summary", "problem", "outcome"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = CHECKBOXES
    date_hierarchy = "start_date"
    inlines = [ResourceNeedInline, ParticipationInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "portfolio",
                    "kind",
                    "vision_objectives",
                    "is_demo",
                ]
            },
        ),
        ("Purpose", {"fields": ["summary", "problem", "outcome"]}),
        (
            "Lifecycle and status",
            {
                "fields": LIFECYCLE_FIELDS,
                "description": "A new project starts in the phase chosen here; after "
                "that, gate reviews move it and pulses report its status, from the "
                "project's page.",
            },
        ),
        ("People and dates", {"fields": ["owner", "start_date", "target_date"]}),
    ]

    def get_readonly_fields(
        self, request: HttpRequest, obj: Project | None = None
    ) -> list[str]:
        if obj is None:
            return ["phase_entered_on", "closed_on"]
        return LIFECYCLE_FIELDS

    def save_model(
        self, request: HttpRequest, obj: Project, form: object, change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
        else:
            start_project(obj, by=request.user)


@admin.register(ProjectProduct)
class ProjectProductAdmin(SimpleHistoryAdmin):
    list_display = ["product", "project", "status", "updated_at"]
    list_filter = ["status", "product__phase"]
    list_select_related = ["product", "project"]
    search_fields = ["project__name", "product__name"]
    readonly_fields = ["project", "product"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # created when a project enters a phase


class CriterionCheckInline(admin.StackedInline):
    model = CriterionCheck
    extra = 0
    can_delete = False
    readonly_fields = ["text", "mandatory", "met", "evidence"]
    fields = readonly_fields


@admin.register(GateReview)
class GateReviewAdmin(SimpleHistoryAdmin):
    """Gate reviews are the audit record: read here, recorded on the project page."""

    list_display = [
        "project",
        "decision",
        "phase",
        "to_phase",
        "decided_on",
        "decided_by",
        "overridden",
    ]
    list_filter = ["decision", "phase", "overridden"]
    list_select_related = ["project", "phase", "to_phase", "decided_by"]
    search_fields = ["project__name", "rationale"]
    date_hierarchy = "decided_on"
    inlines = [CriterionCheckInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Pulse)
class PulseAdmin(admin.ModelAdmin):
    list_display = ["project", "reported_on", "rag_status", "commentary", "reported_by"]
    list_filter = ["rag_status"]
    list_select_related = ["project", "reported_by"]
    search_fields = ["project__name", "commentary"]
    date_hierarchy = "reported_on"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # reported on the project page, which updates the project too

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # A record, like a gate review: deleting one would leave the project showing
        # a status nobody reported.
        return False
