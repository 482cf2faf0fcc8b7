"""The admin of the ground floor, and what every app's admin shares.

The admin is for reference data and for staff to mend, never a way round a rule
(DESIGN §2, One write path): a model whose changes follow rules has a RuledAdmin,
whose saves and actions call the model's services.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from councils.models import Council, User
from councils.refusals import Refused, show_refusal
from councils.roles import Role

# Where a refused save leaves its refusal for the form shown again.
REFUSAL = "heartbeat_refusal"


class RuledForm(forms.ModelForm):
    """An admin form for a model with rules: its service says what is wrong, in words
    a person understands, rather than the name of a database constraint (which the
    database still keeps)."""

    def validate_constraints(self) -> None:
        pass


class ReadOnly:
    """An admin, or an inline, that shows records and changes none: what they hold
    moves only through the services, on the portal or by the admin's actions, or is
    written by the jobs."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class RuledAdmin(SimpleHistoryAdmin):
    """The admin of a model whose changes follow rules.

    save_model, save_formset and the actions call the model's services. When a
    service refuses, the whole request is rolled back (the admin saves in one
    transaction) and the same form is shown again with the refusal on it, keeping
    what was typed. Its history is read here, never reverted: a revert would write an
    old version past the rules.
    """

    form = RuledForm

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Refused as refusal:
            setattr(request, REFUSAL, refusal)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(
        self,
        request: HttpRequest,
        obj: object = None,
        change: bool = False,
        **kwargs: object,
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, REFUSAL, None)
        if refusal is None:
            return form

        class RefusedForm(form):
            def clean(self) -> dict:
                cleaned = super().clean()
                show_refusal(self, refusal)
                return cleaned

        return RefusedForm

    def revert_disabled(self, request: HttpRequest, obj: object = None) -> bool:
        return True

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict | None = None,
    ) -> HttpResponse:
        if request.method != "GET":
            raise PermissionDenied("Past versions are read here, never restored.")
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = [
        "short_name",
        "gss_code",
        "population",
        "standing",
        "annual_contribution",
        "lead_count",
    ]
    list_filter = ["standing"]
    search_fields = ["name", "short_name", "gss_code"]
    readonly_fields = ["slug", "gss_code", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "gss_code"]}),
        ("Population", {"fields": ["population", "population_year"]}),
        ("Partnership", {"fields": ["standing", "annual_contribution"]}),
        (
            "Contact and priorities",
            {"fields": ["contact_name", "contact_email", "digital_priorities"]},
        ),
        (None, {"fields": ["updated_at"]}),
    ]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(lead_count=Count("users"))

    @admin.display(description="users", ordering="lead_count")
    def lead_count(self, council: Council) -> int:
        return council.lead_count

    def has_delete_permission(
        self, request: HttpRequest, obj: Council | None = None
    ) -> bool:
        # The 32 councils are never deleted from the portal.
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class HeartbeatUserChangeForm(UserChangeForm):
    def clean(self) -> dict:
        cleaned = super().clean()
        groups = {group.name for group in cleaned.get("groups") or []}
        council = cleaned.get("council")
        # A superuser counts as Digital Office staff (User.objects.staff()).
        roles = (groups & set(Role)) | (
            {Role.STAFF} if cleaned.get("is_superuser") else set()
        )
        if len(roles) > 1:
            self.add_error(
                "groups",
                "A person holds one role: choose one of the groups 'Digital Office "
                "staff', 'Executives' or 'Council leads' (a superuser counts as "
                "Digital Office staff).",
            )
        if Role.LEAD in groups and council is None:
            self.add_error("council", "Choose the council this lead works for.")
        if council is not None and Role.LEAD not in groups:
            self.add_error(
                "council",
                "Only council leads have a council: add them to the group "
                "'Council leads' or clear the council.",
            )
        return cleaned


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = HeartbeatUserChangeForm
    list_display = [
        "username",
        "email",
        "first_name",
        "last_name",
        "council",
        "roles",
        "is_active",
    ]
    list_filter = ["groups", "council", "is_active", "is_superuser"]
    search_fields = [
        "username",
        "first_name",
        "last_name",
        "email",
        "council__short_name",
    ]
    list_select_related = ["council"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        ("Heartbeat", {"fields": ["council", "job_title"]}),
    ]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="roles")
    def roles(self, user: User) -> str:
        return ", ".join(sorted(group.name for group in user.groups.all())) or "–"
