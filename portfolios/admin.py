from django import forms
from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from portfolios.models import (
    Benefit,
    BenefitActual,
    Commitment,
    Participation,
    Portfolio,
    ResourceNeed,
    VisionObjective,
)

# Stacked inlines, checkboxes and plain selects rather than tabular inlines, the
# two-box selector and autocomplete: each field then has a label screen readers can
# announce (axe finds unlabelled fields in the others).
CHECKBOXES = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


@admin.register(VisionObjective)
class VisionObjectiveAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "aim"]
    list_display_links = ["name"]
    search_fields = ["name", "aim"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ["priority", "name", "lead_officer", "starts_on", "ends_on"]
    list_display_links = ["name"]
    list_filter = ["vision_objectives"]
    search_fields = ["name", "summary", "lead_officer"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = CHECKBOXES


@admin.register(ResourceNeed)
class ResourceNeedAdmin(admin.ModelAdmin):
    list_display = ["role", "project", "person_days", "amount", "starts_on", "ends_on"]
    list_filter = ["project__portfolio"]
    list_select_related = ["project"]
    search_fields = ["role", "project__name"]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["council", "project", "joined_on", "registered_by"]
    list_filter = ["council", "project__portfolio"]
    list_select_related = ["council", "project", "registered_by"]
    search_fields = ["council__short_name", "project__name"]
    date_hierarchy = "joined_on"


class BenefitActualInline(admin.StackedInline):
    model = BenefitActual
    extra = 0


@admin.register(Benefit)
class BenefitAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "measure", "baseline", "target"]
    list_filter = ["measure", "project__portfolio"]
    list_select_related = ["project"]
    search_fields = ["project__name", "custom_name", "description"]
    inlines = [BenefitActualInline]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = [
        "council",
        "project",
        "kind",
        "role",
        "person_days",
        "amount",
        "starts_on",
        "ends_on",
        "status",
    ]
    list_filter = ["status", "kind", "council", "project__portfolio"]
    list_select_related = ["council", "project"]
    search_fields = ["council__short_name", "project__name", "role"]
    date_hierarchy = "starts_on"
    readonly_fields = ["version", "proposed_on", "confirmed_on", "ended_on"]
