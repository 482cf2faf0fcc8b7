import datetime as dt

from django import forms
from django.utils import timezone

from portfolios.forms import DATE_FORMATS

BOTH = (
    "Choose a portfolio or a vision objective, not both: figures are kept for one "
    "or the other"
)


class DashboardFilterForm(forms.Form):
    """The dashboard's filters, from the query string. Choices are given by the view
    from lists it reads anyway, so the form costs no query of its own."""

    all_optional = True

    portfolio = forms.ChoiceField(label="Portfolio", required=False)
    objective = forms.ChoiceField(label="Vision objective", required=False)
    as_at = forms.DateField(
        label="As at",
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"class": "hb-date ds_input--fixed-10"}
        ),
        help_text="The figures as they were on that day. For example, 29/11/2026",
        error_messages={"invalid": "Enter a real date, like 29/11/2026"},
    )

    def __init__(
        self, *args: object, portfolios: list, objectives: list, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["portfolio"].choices = [
            ("", "All portfolios"),
            *((p.slug, p.name) for p in portfolios),
        ]
        self.fields["objective"].choices = [
            ("", "All objectives"),
            *((o.slug, o.name) for o in objectives),
        ]
        for name, thing in (
            ("portfolio", "portfolio"),
            ("objective", "vision objective"),
        ):
            self.fields[name].error_messages["invalid_choice"] = (
                f"There is no such {thing}: choose one from the list"
            )

    def clean_as_at(self) -> dt.date | None:
        day = self.cleaned_data.get("as_at")
        if day and day > timezone.localdate():
            raise forms.ValidationError(
                "The figures cannot be shown as at a day still to come"
            )
        return day

    def clean(self) -> dict:
        data = super().clean()
        if data.get("portfolio") and data.get("objective"):
            self.add_error("objective", BOTH)
        return data
