from django import forms
from django.core.exceptions import ValidationError

from portfolios.models import Commitment

Status = Commitment.Status


class ChosenRowsField(forms.Field):
    """The ticked rows of a table, each sent as `<pk>:<version>`: the version the
    page showed, so a row changed since then is told apart, not overwritten."""

    widget = forms.MultipleHiddenInput  # reads every value of the name
    default_error_messages = {
        "required": "Tick at least one commitment to confirm or decline",
        "invalid": "Tick the commitments on the queue, then choose what to do",
    }

    def to_python(self, value: object) -> dict[int, int]:
        chosen: dict[int, int] = {}
        for item in value or []:
            pk, _, version = str(item).partition(":")
            if not (pk.isdigit() and version.isdigit()):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            chosen[int(pk)] = int(version)
        return chosen

    def validate(self, value: dict[int, int]) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


class DecideCommitmentsForm(forms.Form):
    """Confirm or decline several proposed commitments at once, each through the
    service, with one reason for every decline."""

    DECISIONS = {
        Status.CONFIRMED: ("Confirm", "confirmed"),
        Status.DECLINED: ("Decline", "declined"),
    }

    commitment = ChosenRowsField(label="Commitments")
    decision = forms.ChoiceField(
        choices=[(status, words[0]) for status, words in DECISIONS.items()],
        error_messages={"required": "Choose to confirm or to decline"},
    )
    reason = forms.CharField(
        label="Why, if you decline",
        required=False,
        max_length=100,  # kept as the history record's change reason, a varchar(100)
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A line for the record, sent to each council. Needed to decline.",
    )

    def clean(self) -> dict[str, object]:
        data = super().clean()
        declined = data.get("decision") == Status.DECLINED
        if declined and not data.get("reason", "").strip():
            self.add_error(
                "reason",
                "Say why you decline, in a line: the councils will read it",
            )
        return data

    def chosen(self) -> set[str]:
        """The rows ticked as sent, to tick them again on a page with errors."""
        return set(self.data.getlist("commitment")) if self.is_bound else set()
