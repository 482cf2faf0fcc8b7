from django import forms

from portfolios.models import Portfolio


class ModelFilterForm(forms.Form):
    all_optional = True  # filters: no "(optional)" on every label

    portfolio = forms.ModelChoiceField(
        queryset=Portfolio.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All portfolios",
        error_messages={
            "invalid_choice": "There is no such portfolio: choose one from the list"
        },
    )
