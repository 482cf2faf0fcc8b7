from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.db.models import Count
from django.http import HttpRequest

from councils.models import Council, User
from councils.roles import Role


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
