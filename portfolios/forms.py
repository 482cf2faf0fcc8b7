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
    state = forms.ChoiceField(
        label="Open or closed",
        choices=[
            ("", "Open and closed"),
            ("active", "Open"),
            ("stalled", "Open, with a missed pulse (stalled)"),
            ("closed", "Closed"),
        ],
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
            ("state", "state"),
        ):
            self.fields[name].error_messages["invalid_choice"] = (
                f"There is no such {thing}: choose one from the list"
            )

    def filter(self, projects: ProjectQuerySet) -> ProjectQuerySet:
        # Only the valid filters: a bad value is reported and the others still apply.
        data = self.cleaned_data
        if text := data.get("q"):
            projects = projects.filter(
                Q(name__icontains=text) | Q(summary__icontains=text)
            )
        if portfolio := data.get("portfolio"):
            projects = projects.filter(portfolio=portfolio)
        if phase := data.get("phase"):
            projects = projects.in_phase(phase)
        if rag := data.get("rag"):
            projects = projects.filter(rag_status=rag)
        if objective := data.get("objective"):
            projects = projects.tagged(objective)
        if kind := data.get("kind"):
            projects = projects.filter(kind=kind)
        if state := data.get("state"):
            projects = {
                "active": projects.active,
                "stalled": projects.stalled,
                "closed": projects.closed,
            }[state]()
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
