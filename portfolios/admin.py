"""Reference data (roles, objectives) is kept here as it is; portfolios and needs
are read here and set up on the portal; councils' participation, commitments and
benefits change only through portfolios.services."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from councils.admin import ReadOnly, RuledAdmin, RuledForm
from councils.refusals import Refused, show_refusal
from portfolios.forms import CommitmentStatusForm
from portfolios.models import (
    Benefit,
    BenefitActual,
    Commitment,
    Participation,
    Portfolio,
    ResourceNeed,
    ResourceRole,
    VisionObjective,
)
from portfolios.services import (
    BenefitTerms,
    record_actual,
    save_benefit,
    set_commitment_status,
)

# Stacked inlines, checkboxes and plain selects rather than tabular inlines, the
# two-box selector and autocomplete: each field then has a label screen readers can
# announce (axe finds unlabelled fields in the others).
CHECKBOXES = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}

# An action offered both on the list and on one object's page.
EVERYWHERE = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]

Status = Commitment.Status


@admin.register(ResourceRole)
class ResourceRoleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "description", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "description"]


@admin.register(VisionObjective)
class VisionObjectiveAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "aim"]
    list_display_links = ["name"]
    search_fields = ["name", "aim"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Portfolio)
class PortfolioAdmin(ReadOnly, RuledAdmin):
    """Read here: staff create and edit portfolios, move their ranks and set their
    targets on the portal (save_portfolio, move_portfolio, save_target), where the
    ranks shift to stay 1 to n and the history says who did it."""

    list_display = [
        "priority",
        "name",
        "lead_officer",
        "starts_on",
        "ends_on",
        "on_the_portal",
    ]
    list_display_links = ["name"]
    list_filter = ["vision_objectives"]
    search_fields = ["name", "summary", "lead_officer"]
    fields = [
        "on_the_portal",
        "name",
        "slug",
        "priority",
        "summary",
        "lead_officer",
        "lead_officer_email",
        "vision_objectives",
        "starts_on",
        "ends_on",
    ]
    readonly_fields = ["on_the_portal"]

    @admin.display(description="Change it")
    def on_the_portal(self, portfolio: Portfolio) -> str:
        return format_html(
            '<a href="{}">Edit on the portal</a>',
            reverse("portfolios:portfolio_edit", args=[portfolio.slug]),
        )


@admin.register(ResourceNeed)
class ResourceNeedAdmin(ReadOnly, RuledAdmin):
    """Read here: staff add, change and remove needs on the project's page
    (save_need, remove_need), which check the role and the period."""

    list_display = [
        "__str__",
        "project",
        "person_days",
        "amount",
        "starts_on",
        "ends_on",
        "on_the_portal",
    ]
    list_filter = ["project__portfolio", "role"]
    list_select_related = ["project", "role"]
    search_fields = ["role__name", "project__name"]
    fields = [
        "on_the_portal",
        "project",
        "role",
        "person_days",
        "amount",
        "starts_on",
        "ends_on",
        "notes",
    ]
    readonly_fields = ["on_the_portal"]

    @admin.display(description="Change it")
    def on_the_portal(self, need: ResourceNeed) -> str:
        return format_html(
            '<a href="{}">Change on the portal</a>',
            reverse("portfolios:need", args=[need.project.slug, need.pk]),
        )


@admin.register(Participation)
class ParticipationAdmin(ReadOnly, RuledAdmin):
    """Councils join and leave on the portal (join_project, leave_project), which
    also withdraws what a leaving council had committed: read here."""

    list_display = ["council", "project", "joined_on", "left_on", "registered_by"]
    list_filter = ["council", "project__portfolio"]
    list_select_related = ["council", "project", "registered_by"]
    search_fields = ["council__short_name", "project__name"]
    date_hierarchy = "joined_on"


class ActualInline(ReadOnly, admin.StackedInline):
    """The actuals recorded so far: a figure is mended by recording the same day
    again, which replaces it."""

    model = BenefitActual
    extra = 0
    can_delete = False
    fields = ["measured_on", "value", "note", "recorded_by"]
    readonly_fields = fields
    verbose_name_plural = "actuals recorded"


class NewActualFormSet(forms.BaseInlineFormSet):
    """Saved by BenefitAdmin.save_formset, through record_actual."""


class NewActualInline(admin.StackedInline):
    """A new actual, recorded through record_actual."""

    model = BenefitActual
    form = RuledForm  # a second figure for a day replaces the first: no clash
    formset = NewActualFormSet
    extra = 1
    max_num = 1
    can_delete = False
    fields = ["measured_on", "value", "note"]
    verbose_name = "new actual"
    verbose_name_plural = "record an actual"

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return super().get_queryset(request).none()


@admin.register(Benefit)
class BenefitAdmin(RuledAdmin):
    list_display = ["__str__", "measure", "baseline", "target"]
    list_filter = ["measure", "project__portfolio"]
    list_select_related = ["project"]
    search_fields = ["project__name", "custom_name", "description"]
    fields = ["project", "measure", "custom_name", "baseline", "target", "description"]
    inlines = [ActualInline, NewActualInline]

    def get_readonly_fields(
        self, request: HttpRequest, obj: Benefit | None = None
    ) -> list[str]:
        return ["project"] if obj else []

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # no service removes a measure and its figures

    def save_model(
        self, request: HttpRequest, obj: Benefit, form: forms.Form, change: bool
    ) -> None:
        data = form.cleaned_data
        save_benefit(
            obj.project,
            by=request.user,
            terms=BenefitTerms(
                measure=data["measure"],
                target=data["target"],
                baseline=data["baseline"],
                custom_name=data["custom_name"],
                description=data["description"],
            ),
            benefit=obj,
        )

    def save_formset(
        self,
        request: HttpRequest,
        form: forms.Form,
        formset: forms.BaseModelFormSet,
        change: bool,
    ) -> None:
        if not isinstance(formset, NewActualFormSet):
            return super().save_formset(request, form, formset, change)
        # What the admin's own log says was added (formset.save() would set these).
        formset.new_objects = []
        formset.changed_objects = formset.deleted_objects = []
        for actual in formset.forms:
            if not actual.has_changed():
                continue
            data = actual.cleaned_data
            try:
                recorded = record_actual(
                    formset.instance,
                    by=request.user,
                    measured_on=data["measured_on"],
                    value=data["value"],
                    note=data["note"],
                )
            except Refused as refusal:
                raise Refused(
                    {None: f"The new actual was not recorded: {refusal.message}"}
                ) from refusal
            formset.new_objects.append(recorded)


class ReasonForm(CommitmentStatusForm):
    """Why staff decline or withdraw, in the portal's words: the service refuses a
    move without one."""

    version = None  # each commitment's version travels with it on the page


@admin.register(Commitment)
class CommitmentAdmin(ReadOnly, RuledAdmin):
    """Councils propose and change commitments on the portal; staff move them here
    with the actions, which call set_commitment_status like the portal does (the
    dates, the version and the history's reason with it). Nothing is added, edited
    in place or deleted: a lead proposes on the portal, the terms are the
    council's, changed there with its version checked, and a commitment is
    declined or withdrawn with a reason, never erased."""

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
    list_select_related = ["council", "project", "role"]
    search_fields = ["council__short_name", "project__name", "role__name", "support"]
    date_hierarchy = "starts_on"
    actions = ["confirm", "decline", "withdraw", "fulfil"]
    reason_template = "admin/portfolios/commitment/reason.html"

    @admin.action(description="Confirm", location=EVERYWHERE)
    def confirm(
        self, request: HttpRequest, queryset: models.QuerySet[Commitment]
    ) -> None:
        self._move(request, queryset, Status.CONFIRMED, "Confirmed in the admin")

    @admin.action(description="Mark as fulfilled", location=EVERYWHERE)
    def fulfil(
        self, request: HttpRequest, queryset: models.QuerySet[Commitment]
    ) -> None:
        self._move(
            request, queryset, Status.FULFILLED, "Marked as fulfilled in the admin"
        )

    @admin.action(description="Decline (asks why)", location=EVERYWHERE)
    def decline(
        self, request: HttpRequest, queryset: models.QuerySet[Commitment]
    ) -> HttpResponse | None:
        return self._move_with_reason(request, queryset, Status.DECLINED, "decline")

    @admin.action(description="Withdraw (asks why)", location=EVERYWHERE)
    def withdraw(
        self, request: HttpRequest, queryset: models.QuerySet[Commitment]
    ) -> HttpResponse | None:
        return self._move_with_reason(request, queryset, Status.WITHDRAWN, "withdraw")

    def _move(
        self,
        request: HttpRequest,
        queryset: models.QuerySet[Commitment],
        status: str,
        reason: str,
        versions: dict[int, int] | None = None,
    ) -> Refused | None:
        """Move each commitment through the service and say, row by row, what was
        done and what was refused and why. A refusal for want of a reason, which
        refuses every row alike, is returned instead, before anything is said."""
        verb = Status(status).label.lower()
        outcomes = []
        for commitment in queryset.select_related("council", "project", "role"):
            try:
                set_commitment_status(
                    commitment,
                    status=status,
                    by=request.user,
                    reason=reason,
                    expected_version=(versions or {}).get(
                        commitment.pk, commitment.version
                    ),
                )
            except Refused as refusal:
                if "reason" in refusal.errors:
                    return refusal
                outcomes.append(
                    (messages.ERROR, f"{commitment}: not {verb}. {refusal.message}")
                )
            else:
                outcomes.append((messages.SUCCESS, f"{commitment}: {verb}."))
        for level, message in outcomes:
            self.message_user(request, message, level)
        return None

    def _move_with_reason(
        self,
        request: HttpRequest,
        queryset: models.QuerySet[Commitment],
        status: str,
        action: str,
    ) -> HttpResponse | None:
        """Django's pattern for an action that asks first (like deleting): a page
        names the commitments and asks why; its answer comes back to this action."""
        commitments = list(queryset.select_related("council", "project", "role"))
        form = ReasonForm(request.POST if "post" in request.POST else None)
        if form.is_bound and form.is_valid():
            versions = {}
            for commitment in commitments:
                shown = request.POST.get(f"version-{commitment.pk}", "")
                versions[commitment.pk] = int(shown) if shown.isdigit() else 0
            refusal = self._move(
                request, queryset, status, form.cleaned_data["reason"], versions
            )
            if refusal is None:
                return None
            show_refusal(form, refusal)
        title = Status(status).label
        return TemplateResponse(
            request,
            self.reason_template,
            {
                **self.admin_site.each_context(request),
                "title": f"{action.capitalize()} {len(commitments)} commitment"
                f"{'' if len(commitments) == 1 else 's'}",
                "verb": action,
                "status_label": title.lower(),
                "action": action,
                "commitments": commitments,
                "form": form,
                "opts": self.opts,
            },
        )
