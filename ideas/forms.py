from django import forms
from django.db.models import Q
from django.utils import timezone

from councils.models import Council, User
from ideas import scoring
from ideas.models import Idea, IdeaQuerySet, Score
from portfolios.forms import date_field
from portfolios.models import Portfolio, Project, VisionObjective


def _objective_label(objective: VisionObjective) -> str:
    return f"{objective.name}: {objective.aim}"


class IdeaForm(forms.ModelForm):
    """A new idea. A lead's own council is interested from the start, so it is not
    among the councils to name."""

    councils = forms.ModelMultipleChoiceField(
        label="Which other councils share the problem?",
        queryset=Council.objects.order_by("short_name"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "hb-small"}),
        help_text="Tick each council you know shares it: they are counted as "
        "interested. Their leads can add their interest themselves later.",
        error_messages={"invalid_choice": "Choose councils from the list"},
    )

    class Meta:
        model = Idea
        fields = ["title", "problem", "affects", "objective"]
        labels = {
            "title": "Title",
            "problem": "What is the problem?",
            "affects": "Who does it affect?",
            "objective": "Which vision objective does it serve most?",
        }
        help_texts = {
            "title": "A short name, like “Shared booking for bulky waste uplifts”.",
            "problem": "What is wrong or missing now, and why it matters. Say what "
            "happens today, not the solution you have in mind.",
            "affects": "The people who feel the problem: residents, staff, services, "
            "and roughly how many.",
            "objective": "The aim of the 2019–21 business plan it serves most.",
        }
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 5}),
            "affects": forms.Textarea(attrs={"rows": 3}),
            "objective": forms.RadioSelect,
        }
        error_messages = {
            "title": {
                "required": "Give the idea a title",
                "max_length": "Keep the title to %(limit_value)d characters or fewer",
            },
            "problem": {"required": "Describe the problem"},
            "affects": {"required": "Say who the problem affects"},
            "objective": {
                "required": "Choose the vision objective it serves most",
                "invalid_choice": "Choose a vision objective from the list",
            },
        }

    def __init__(
        self, *args: object, council: Council | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        objective = self.fields["objective"]
        objective.empty_label = None  # a choice is required: no blank radio
        objective.label_from_instance = _objective_label
        if council is not None:
            councils = self.fields["councils"]
            councils.queryset = councils.queryset.exclude(pk=council.pk)
            councils.help_text = (
                f"{council} counts as interested already. {councils.help_text}"
            )


class InterestForm(forms.Form):
    note = forms.CharField(
        label="How does the problem show in your council?",
        required=False,
        max_length=300,
        help_text="A line for the Digital Office, if you like.",
        error_messages={"max_length": "Keep the note to 300 characters or fewer"},
    )


def _scale_field(key: str, label: str, help_text: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=list(scoring.SCALES[key].items()),
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "hb-small"}),
        help_text=help_text,
        error_messages={
            "required": f"Choose a score for {label.lower()} from "
            f"{scoring.LOWEST} to {scoring.HIGHEST}",
            "invalid_choice": f"Choose a score from {scoring.LOWEST} to "
            f"{scoring.HIGHEST}",
        },
    )


class ScoreForm(forms.Form):
    """A member of staff's scores on the published criteria (the councils'
    interest counts by itself)."""

    fit = _scale_field(
        "fit",
        "Fit to the vision objectives",
        "How squarely it serves the vision objectives.",
    )
    value = _scale_field(
        "value", "Value", "What councils and the people they serve would gain."
    )
    effort = _scale_field(
        "effort",
        "Effort",
        "How much work it would take: 1 is little. Less effort ranks higher.",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why you scored it so, for the rest of the team.",
        error_messages={"max_length": "Keep the note to 300 characters or fewer"},
    )

    def __init__(
        self, *args: object, score: Score | None = None, **kwargs: object
    ) -> None:
        if score is not None:
            kwargs.setdefault(
                "initial",
                {
                    "fit": score.fit,
                    "value": score.value,
                    "effort": score.effort,
                    "note": score.note,
                },
            )
        super().__init__(*args, **kwargs)


class AcceptForm(forms.Form):
    """The project an idea becomes: it starts in the first phase of the
    lifecycle, with the idea's problem and vision objective."""

    portfolio = forms.ModelChoiceField(
        label="Portfolio",
        queryset=Portfolio.objects.none(),
        help_text="The programme of work the project joins.",
        error_messages={
            "required": "Choose the portfolio the project joins",
            "invalid_choice": "Choose a portfolio from the list",
        },
    )
    name = forms.CharField(
        label="Project name",
        max_length=150,
        error_messages={
            "required": "Name the project",
            "max_length": "Keep the name to 150 characters or fewer",
        },
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the project does, in a line or two.",
        error_messages={"required": "Write a summary of the project"},
    )
    outcome = forms.CharField(
        label="Intended outcome",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What will be different when it is done.",
        error_messages={"required": "Say what will be different when it is done"},
    )
    kind = forms.ChoiceField(
        label="Kind of project",
        choices=Project.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the kind of project",
            "invalid_choice": "Choose a kind of project from the list",
        },
    )
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=User.objects.none(),
        help_text="A member of Digital Office staff, who reports its pulse.",
        error_messages={
            "required": "Choose the project's owner",
            "invalid_choice": "Choose an owner from the list of staff",
        },
    )
    start_date = date_field("Start date")
    target_date = date_field("Target end date")

    def __init__(self, *args: object, idea: Idea, by: User, **kwargs: object) -> None:
        kwargs.setdefault(
            "initial",
            {
                "name": idea.title,
                "summary": idea.title,
                "owner": by.pk,
                "start_date": timezone.localdate(),
            },
        )
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["portfolio"].queryset = Portfolio.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        ).order_by("priority")
        self.fields["owner"].queryset = User.objects.staff().order_by(
            "first_name", "last_name", "username"
        )
        for field in ("start_date", "target_date"):
            self.fields[field].error_messages["required"] = (
                f"Enter the {self.fields[field].label.lower()}"
            )

    def clean(self) -> dict:
        data = super().clean()
        start, target = data.get("start_date"), data.get("target_date")
        if start and target and target < start:
            self.add_error(
                "target_date", "The target end date must be on or after the start"
            )
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why is it declined?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The person who proposed it reads this, and so does everyone who "
        "reads the idea. Say what would change the decision, if anything.",
        error_messages={"required": "Give the reason, for the person who proposed it"},
    )


class IdeaFilterForm(forms.Form):
    """The filters of the list of ideas, read from the query string."""

    all_optional = True  # filters: no "(optional)" on every label

    status = forms.ChoiceField(
        label="Status",
        choices=[
            ("", "Open"),
            ("to_score", "Open, not scored yet"),
            (Idea.Status.ACCEPTED, "Accepted"),
            (Idea.Status.DECLINED, "Declined"),
            ("all", "Any status"),
        ],
        required=False,
        error_messages={"invalid_choice": "There is no such status: choose one"},
    )
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

    def filter(self, ideas: IdeaQuerySet) -> IdeaQuerySet:
        # Only the valid filters: a bad value is reported and the others still apply.
        data = self.cleaned_data if self.is_bound else {}
        status = data.get("status") or ""
        if status == "":
            ideas = ideas.open()
        elif status == "to_score":
            ideas = ideas.to_score()
        elif status != "all":
            ideas = ideas.filter(status=status)
        if objective := data.get("objective"):
            ideas = ideas.filter(objective=objective)
        return ideas
