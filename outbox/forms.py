from django import forms
from django.db.models import Q

from councils.models import User
from outbox.kinds import REQUIRED, Kind, kinds_for
from outbox.models import Email, EmailQuerySet, Preference

ALWAYS_SENT_HINT = "Always sent: it asks you to act."


class PreferencesForm(forms.Form):
    """A checkbox per kind of email the person's role receives. Those that ask for
    an action are shown ticked and cannot be unticked."""

    def __init__(self, person: User, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        off = set(
            Preference.objects.filter(user=person, enabled=False).values_list(
                "kind", flat=True
            )
        )
        for kind in kinds_for(person):
            required = kind in REQUIRED
            self.fields[kind] = forms.BooleanField(
                label=kind.label,
                required=False,
                initial=required or kind not in off,
                # Disabled: whatever is posted, the field keeps its initial value.
                disabled=required,
                help_text=ALWAYS_SENT_HINT if required else "",
            )

    @property
    def required_kinds(self) -> list[Kind]:
        return [Kind(name) for name in self.fields if name in REQUIRED]


class OutboxFilterForm(forms.Form):
    """The filters of the outbox, read from the query string."""

    all_optional = True  # filters: no "(optional)" on every label

    status = forms.ChoiceField(
        choices=[("", "Any status"), *Email.Status.choices], required=False
    )
    kind = forms.ChoiceField(
        label="Kind of email", choices=[("", "Any kind"), *Kind.choices], required=False
    )
    recipient = forms.CharField(
        label="Recipient",
        help_text="Part of a name, username or address.",
        required=False,
        max_length=100,
        strip=True,
    )

    def filter(self, emails: EmailQuerySet, *, by_status: bool = True) -> EmailQuerySet:
        """The emails the valid filters choose (a bad value is reported and the
        others still apply); `by_status=False` leaves the status out, to count each."""
        data = self.cleaned_data
        if by_status and (status := data.get("status")):
            emails = emails.with_status(status)
        if kind := data.get("kind"):
            emails = emails.filter(kind=kind)
        if text := data.get("recipient"):
            emails = emails.filter(
                Q(address__icontains=text)
                | Q(recipient__username__icontains=text)
                | Q(recipient__first_name__icontains=text)
                | Q(recipient__last_name__icontains=text)
            )
        return emails
