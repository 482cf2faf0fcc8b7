from django import forms
from django.db.models import Q

from portfolios.models import Portfolio, Project, ProjectQuerySet, VisionObjective

Phase = Project.phase.field.related_model  # the lifecycle app sits above this one


class ProjectFilterForm(forms.Form):
    """The filters of the project list, read from the query string."""

    all_optional = True  # filters: no "(optional)" on every label

    q = forms.CharField(
        label="Name or summary contains", required=False, max_length=100
    )
    portfolio = forms.ModelChoiceField(
        queryset=Portfolio.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All portfolios",
    )
    phase = forms.ModelChoiceField(
        queryset=Phase.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All phases",
    )
    rag = forms.ChoiceField(
        label="Delivery status",
        choices=[("", "Any status"), *Project.Rag.choices],
        required=False,
    )
    objective = forms.ModelChoiceField(
        label="Vision objective",
        queryset=VisionObjective.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All objectives",
    )
    kind = forms.ChoiceField(
        label="Kind of project",
        choices=[("", "Any kind"), *Project.Kind.choices],
        required=False,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name, thing in (
            ("portfolio", "portfolio"),
            ("phase", "phase"),
            ("objective", "vision objective"),
            ("rag", "delivery status"),
            ("kind", "kind of project"),
        ):
            self.fields[name].error_messages["invalid_choice"] = (
                f"There is no such {thing}: choose one from the list"
            )

    def filter(self, projects: ProjectQuerySet) -> ProjectQuerySet:
        data = self.cleaned_data
        if data["q"]:
            projects = projects.filter(
                Q(name__icontains=data["q"]) | Q(summary__icontains=data["q"])
            )
        if data["portfolio"]:
            projects = projects.filter(portfolio=data["portfolio"])
        if data["phase"]:
            projects = projects.in_phase(data["phase"])
        if data["rag"]:
            projects = projects.filter(rag_status=data["rag"])
        if data["objective"]:
            projects = projects.tagged(data["objective"])
        if data["kind"]:
            projects = projects.filter(kind=data["kind"])
        return projects


class PortfolioFilterForm(forms.Form):
    all_optional = True  # filters: no "(optional)" on every label

    objective = forms.ModelChoiceField(
        label="Vision objective",
        queryset=VisionObjective.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All objectives",
        error_messages={
            "invalid_choice": "There is no such vision objective: choose one from "
            "the list"
        },
    )
