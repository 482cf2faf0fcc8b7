"""The lifecycle's reference data (phases, their products and criteria) is kept
here; projects are started and edited through heartbeat.services, their products
changed by change_product, and gate reviews and pulses are records, read here.
Projects are set up, and their needs and products tailored, on the portal."""

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
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
from heartbeat.services import change_product, save_project, start_project
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


class ResourceNeedInline(ReadOnly, admin.TabularInline):
    """Needs follow rules (a role on offer, people or money, a period inside the
    project's dates) kept by their service: read here, changed on the portal."""

    model = ResourceNeed
    extra = 0
    can_delete = False
    fields = ["need", "person_days", "amount", "starts_on", "ends_on", "on_the_portal"]
    readonly_fields = fields

    @admin.display(description="Role")
    def need(self, need: ResourceNeed) -> str:
        return need.label

    @admin.display(description="Change")
    def on_the_portal(self, need: ResourceNeed) -> str:
        if need.pk is None:
            return "–"
        url = reverse("portfolios:need", args=[need.project.slug, need.pk])
        return format_html('<a href="{}">Change on the portal</a>', url)


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
    """Copied from the model when the project enters a phase, or added for the
    project on its page; changed by change_product, which asks why a product is not
    needed and keeps the model's names."""

    list_display = ["name", "project", "phase", "status", "due_on", "updated_at"]
    list_filter = ["status", "phase"]
    list_select_related = ["phase", "project"]
    search_fields = ["project__name", "name"]
    fields = [
        "project",
        "phase",
        "name",
        "status",
        "not_needed_reason",
        "evidence_url",
        "due_on",
    ]

    def get_readonly_fields(
        self, request: HttpRequest, obj: ProjectProduct | None = None
    ) -> list[str]:
        if obj is not None and obj.is_own:
            return ["project", "phase"]
        return ["project", "phase", "name"]  # the model's keep their names

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # added on the project's page, in a phase

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # "not needed" says why; the project's own are removed there

    def save_model(
        self, request: HttpRequest, obj: ProjectProduct, form: forms.Form, change: bool
    ) -> None:
        data = form.cleaned_data
        change_product(
            obj,
            by=request.user,
            status=data["status"],
            reason=data["not_needed_reason"],
            evidence_url=data["evidence_url"],
            due_on=data["due_on"],
            name=data.get("name"),
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
