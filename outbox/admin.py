"""The outbox is read here (and on its own pages), never written: an email is sent
once, by `deliver`. Preferences are mended through `set_preferences`, so one that
asks for an action cannot be switched off here either."""

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from councils.admin import ReadOnly
from councils.refusals import Refused
from outbox.models import Email, Preference
from outbox.services import check_preferences, set_preferences


@admin.register(Email)
class EmailAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["subject", "address", "kind", "created_at", "sent_at", "attempts"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "address", "key"]
    date_hierarchy = "created_at"


class PreferenceForm(forms.ModelForm):
    def clean(self) -> dict[str, object]:
        data = super().clean()
        # On a change the person and the kind are read-only: the instance has them.
        instance = self.instance
        user = data.get("user") or (instance.user if instance.user_id else None)
        kind = data.get("kind") or instance.kind
        if user is not None and kind:
            try:
                check_preferences(user, {kind: data.get("enabled", False)})
            except Refused as refusal:
                raise forms.ValidationError(refusal.message) from refusal
        return data


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    form = PreferenceForm
    list_display = ["user", "kind", "enabled", "updated_at"]
    list_filter = ["kind", "enabled"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: Preference | None = None
    ) -> list[str]:
        # A preference is one person's choice of one kind: only the choice changes.
        return ["user", "kind"] if obj is not None else []

    def save_model(
        self, request: HttpRequest, obj: Preference, form: forms.Form, change: bool
    ) -> None:
        saved = set_preferences(
            obj.user, receive={obj.kind: obj.enabled}, by=request.user
        )
        obj.pk = saved[obj.kind].pk
