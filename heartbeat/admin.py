"""The lifecycle's reference data (phases, their products and criteria) is kept
here; projects are started and edited through heartbeat.services, their products
moved by set_product_status, and gate reviews and pulses are records, read here."""

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from councils.admin import ReadOnly, RuledAdmin, RuledForm
from councils.models import User
from heartbeat.models import (
    CriterionCheck,
    ExitCriterion,
    GateReview,
    Phase,
    PhaseProduct,
    ProjectProduct,
    Pulse,
)
from heartbeat.services import save_project, set_product_status, start_project
from portfolios.admin import CHECKBOXES, ResourceNeedForm
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
    form = ResourceNeedForm
    extra = 0


class ParticipationInline(ReadOnly, admin.StackedInline):
    """Councils join and leave on the portal: read here."""

    model = Participation
    extra = 0
    can_delete = False
    fields = ["council", "joined_on", "registered_by", "left_on", "left_by"]
    readonly_fields = fields


OWNER_REFUSED = (
    "Choose a member of Digital Office staff: a project's owner must be, and an "
    "executive or a council lead cannot be."
)


class ProjectForm(RuledForm):
    """The owner is chosen among Digital Office staff, whatever is posted."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        status_date = self.fields.get("status_date")
        if status_date is not None:  # a new project: start_project dates its status
            status_date.required = False
            status_date.help_text = "Leave empty for the start date."
        owner = self.fields.get("owner")
        if owner is None:
            return
        owner.queryset = User.objects.staff().order_by("first_name", "last_name")
        owner.error_messages["invalid_choice"] = OWNER_REFUSED
        owner.help_text = "Digital Office staff only."
        current = self.instance.owner if self.instance.owner_id else None
        if current is not None and not current.is_programme_staff:
            owner.help_text = (
                f"{current} owns it now but is no longer Digital Office staff: "
                "choose a new owner."
            )


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
class ProjectAdmin(RuledAdmin):
    """Started by start_project and edited by save_project: its phase and status
    move only by gate reviews and pulses, on the project's page."""

    form = ProjectForm
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

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Its reviews and pulses are records: a project closes by a gate review.
        return False

    def save_model(
        self, request: HttpRequest, obj: Project, form: forms.Form, change: bool
    ) -> None:
        if change:
            save_project(obj, by=request.user)
        else:
            start_project(obj, by=request.user)


@admin.register(ProjectProduct)
class ProjectProductAdmin(RuledAdmin):
    """Expected in a phase, created when the project enters it; its status moves by
    set_product_status, which asks why a product is not needed."""

    list_display = ["product", "project", "status", "updated_at"]
    list_filter = ["status", "product__phase"]
    list_select_related = ["product", "project"]
    search_fields = ["project__name", "product__name"]
    fields = ["project", "product", "status", "not_needed_reason"]
    readonly_fields = ["project", "product"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # created when a project enters a phase

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # what a phase expects; "not needed" says it was not

    def save_model(
        self, request: HttpRequest, obj: ProjectProduct, form: forms.Form, change: bool
    ) -> None:
        set_product_status(
            obj,
            status=form.cleaned_data["status"],
            by=request.user,
            reason=form.cleaned_data["not_needed_reason"],
        )


class CriterionCheckInline(admin.StackedInline):
    model = CriterionCheck
    extra = 0
    can_delete = False
    readonly_fields = ["text", "mandatory", "met", "evidence"]
    fields = readonly_fields


@admin.register(GateReview)
class GateReviewAdmin(ReadOnly, RuledAdmin):
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


@admin.register(Pulse)
class PulseAdmin(ReadOnly, admin.ModelAdmin):
    """Pulses are reported on the project page, which updates the project too. A
    record, like a gate review: deleting one would leave the project showing a
    status nobody reported."""

    list_display = ["project", "reported_on", "rag_status", "commentary", "reported_by"]
    list_filter = ["rag_status"]
    list_select_related = ["project", "reported_by"]
    search_fields = ["project__name", "commentary"]
    date_hierarchy = "reported_on"
