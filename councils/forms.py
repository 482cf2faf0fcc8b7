from decimal import Decimal

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.db.models import Q

from councils.models import Council, CouncilQuerySet


class CouncilFilterForm(forms.Form):
    all_optional = True  # filters: no "(optional)" on every label

    q = forms.CharField(
        label="Council name", required=False, max_length=100, strip=True
    )
    standing = forms.ChoiceField(
        label="Standing in the partnership",
        choices=[("", "Any standing"), *Council.Standing.choices],
        required=False,
    )

    def filter(self, councils: CouncilQuerySet) -> CouncilQuerySet:
        # Only the valid filters: a bad value is reported and the others still apply.
        data = self.cleaned_data
        if text := data.get("q"):
            councils = councils.filter(
                Q(short_name__icontains=text) | Q(name__icontains=text)
            )
        if standing := data.get("standing"):
            councils = councils.filter(standing=standing)
        return councils


class CouncilDetailsForm(forms.ModelForm):
    """What a council's own lead keeps up to date."""

    class Meta:
        model = Council
        fields = [
            "contact_name",
            "contact_email",
            "digital_priorities",
            "priority_objectives",
        ]
        labels = {
            "contact_name": "Digital contact",
            "contact_email": "Digital contact email",
            "priority_objectives": "Vision objectives the council gives priority to",
        }
        help_texts = {
            "contact_name": "Who other councils and the Digital Office should ask.",
            "contact_email": "A shared mailbox is best: it outlasts a change of role.",
            "priority_objectives": "The council's leads are emailed when a new "
            "Marketing Pack is tagged with one of these. Choose none to hear of "
            "every pack.",
        }
        widgets = {
            "digital_priorities": forms.Textarea(attrs={"rows": 4}),
            # The objectives are named by the relation: this app imports no other.
            "priority_objectives": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "contact_email": {
                "invalid": "Enter an email address in the correct format, like "
                "name@council.gov.uk",
            },
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # "Scoping the representative needs of Scottish local government".
        self.fields["priority_objectives"].label_from_instance = lambda objective: (
            f"{objective.name} {objective.aim}"
        )


class CouncilPartnershipForm(CouncilDetailsForm):
    """Staff also record the council's standing and contribution."""

    class Meta(CouncilDetailsForm.Meta):
        fields = ["standing", "annual_contribution", *CouncilDetailsForm.Meta.fields]
        help_texts = {
            **CouncilDetailsForm.Meta.help_texts,
            "annual_contribution": "In pounds, for the current financial year. "
            "Leave blank if not yet agreed.",
        }
        error_messages = {
            **CouncilDetailsForm.Meta.error_messages,
            "annual_contribution": {
                "invalid": "Enter the contribution as an amount in pounds, like 25000",
                "max_digits": "Enter a contribution under £100 million",
                "max_decimal_places": "Enter the contribution to the nearest penny",
            },
        }

    def clean_annual_contribution(self) -> Decimal | None:
        amount = self.cleaned_data.get("annual_contribution")
        if amount is not None and amount < 0:
            raise forms.ValidationError("Enter a contribution of £0 or more")
        return amount


class NoAutofocusMixin:
    """Django's account forms put the cursor in their first field; we do not.

    Moving focus on load skips the page's heading and the skip link for keyboard and
    screen reader users (the design system's advice, like GOV.UK's).
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("autofocus", None)


class SignInForm(NoAutofocusMixin, AuthenticationForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Django sets the username's max_length without its validator; unchecked, a
        # long name reaches the login throttling's record, a varchar(255), and fails.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class PasswordChangeForm(NoAutofocusMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(NoAutofocusMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(NoAutofocusMixin, auth_forms.SetPasswordForm):
    pass
