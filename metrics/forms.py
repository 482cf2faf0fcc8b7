import datetime as dt

from django import forms
from django.utils import timezone

from portfolios.forms import DATE_FORMATS
from portfolios.models import Portfolio, VisionObjective

BOTH = (
    "Choose a portfolio or a vision objective, not both: figures are kept for one "
    "or the other"
)


class DashboardFilterForm(forms.Form):
    """The filters of the dashboard and the exports, from the query string. It reads
    the portfolios and objectives once (two queries) and names the chosen ones."""

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

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.portfolios = {p.slug: p for p in Portfolio.objects.order_by("priority")}
        self.objectives = {o.slug: o for o in VisionObjective.objects.all()}
        self.fields["portfolio"].choices = [
            ("", "All portfolios"),
            *((p.slug, p.name) for p in self.portfolios.values()),
        ]
        self.fields["objective"].choices = [
            ("", "All objectives"),
            *((o.slug, o.name) for o in self.objectives.values()),
        ]
        for name, thing in (
            ("portfolio", "portfolio"),
            ("objective", "vision objective"),
        ):
            self.fields[name].error_messages["invalid_choice"] = (
                f"There is no such {thing}: choose one from the list"
            )

    def chosen(self) -> tuple[Portfolio | None, VisionObjective | None, dt.date | None]:
        """The portfolio, objective and day the valid filters name (None for each
        missing or refused one). Validates the form if it is bound."""
        data = {}
        if self.is_bound:
            self.is_valid()  # the errors are shown; the valid filters still apply
            data = self.cleaned_data
        return (
            self.portfolios.get(data.get("portfolio")),
            self.objectives.get(data.get("objective")),
            data.get("as_at"),
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
