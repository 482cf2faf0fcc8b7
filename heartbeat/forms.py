from django import forms
from django.utils import timezone

from heartbeat.models import GateReview, MarketingPack, Phase, ProjectProduct, Pulse
from heartbeat.services import CriterionTick, available_decisions
from portfolios.forms import date_field, not_in_future
from portfolios.models import Portfolio, Project


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


class GateReviewForm(forms.Form):
    """A decision at the project's gate, with each exit criterion ticked."""

    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision"},
    )
    to_phase = forms.ModelChoiceField(
        label="Phase to return to, or to reopen in",
        queryset=Phase.objects.none(),
        required=False,
        empty_label="Choose a phase",
        help_text="Only for a return, or to reopen a closed project in another phase.",
    )
    decided_on = date_field("Date of the decision", validators=[not_in_future])
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Why the gate decided this, in a few lines. Everyone can read it.",
        error_messages={"required": "Give the rationale for the decision"},
    )
    override = forms.BooleanField(
        label="Override the rules for this decision",
        required=False,
        help_text="Only when the project should move although a mandatory criterion "
        "is not met, or close before its last phase.",
    )
    override_reason = forms.CharField(
        label="Reason for the override",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, project: Project, *args: object, **kwargs: object) -> None:
        kwargs.setdefault(
            "initial",
            {
                "decided_on": timezone.localdate(),
                "based_on": project.reviews.order_by("-pk")
                .values_list("pk", flat=True)
                .first(),
            },
        )
        super().__init__(*args, **kwargs)
        self.project = project
        labels = dict(GateReview.Decision.choices)
        self.fields["decision"].choices = [
            (decision, labels[decision]) for decision in available_decisions(project)
        ]
        self.fields["to_phase"].queryset = (
            Phase.objects.all()
            if project.is_closed
            else Phase.objects.before(project.phase)
        )
        self.criteria = list(project.phase.criteria.all())
        for criterion in self.criteria:
            self.fields[f"met_{criterion.pk}"] = forms.BooleanField(
                label="This criterion is met", required=False
            )
            self.fields[f"evidence_{criterion.pk}"] = forms.CharField(
                label="Evidence",
                required=False,
                max_length=300,
                help_text="A line saying where or how it is shown.",
            )

    def criterion_rows(self) -> list[tuple]:
        return [
            (criterion, self[f"met_{criterion.pk}"], self[f"evidence_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def clean(self) -> dict:
        data = super().clean()
        for criterion in self.criteria:
            if (
                data.get(f"met_{criterion.pk}")
                and not data.get(f"evidence_{criterion.pk}", "").strip()
            ):
                self.add_error(
                    f"evidence_{criterion.pk}",
                    f"Give the evidence that ‘{criterion.text}’ is met",
                )
        if data.get("override") and not data.get("override_reason", "").strip():
            self.add_error("override_reason", "Give the reason for the override")
        if data.get("decision") == GateReview.Decision.RETURN and not data.get(
            "to_phase"
        ):
            self.add_error("to_phase", "Choose the earlier phase to return to")
        return data

    def ticks(self) -> list[CriterionTick]:
        return [
            CriterionTick(
                criterion=criterion,
                met=self.cleaned_data[f"met_{criterion.pk}"],
                evidence=self.cleaned_data[f"evidence_{criterion.pk}"],
            )
            for criterion in self.criteria
        ]


class PulseForm(forms.ModelForm):
    reported_on = date_field("Date of the pulse", validators=[not_in_future])

    class Meta:
        model = Pulse
        fields = ["reported_on", "rag_status", "commentary"]
        labels = {"rag_status": "Delivery status", "commentary": "Commentary"}
        help_texts = {
            "rag_status": "Green: on track. Amber: at risk, in hand. Red: off track, "
            "needs help.",
            "commentary": "One line on progress since the last pulse.",
        }
        widgets = {
            "rag_status": forms.RadioSelect(attrs={"class": "hb-inline"}),
            "commentary": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "rag_status": {"required": "Choose the delivery status"},
            "commentary": {"required": "Write a line of commentary"},
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # A choice is required: no blank option among the radios.
        self.fields["rag_status"].choices = Project.Rag.choices
        if not self.is_bound:
            self.initial.setdefault("reported_on", timezone.localdate())


class ProductStatusForm(forms.ModelForm):
    class Meta:
        model = ProjectProduct
        fields = ["status", "not_needed_reason"]
        labels = {
            "status": "Status",
            "not_needed_reason": "Why it is not needed",
        }
        help_texts = {"not_needed_reason": "Only when the status is “Not needed”."}
        widgets = {
            "status": forms.RadioSelect,
            "not_needed_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict:
        data = super().clean()
        if (
            data.get("status") == ProjectProduct.Status.NOT_NEEDED
            and not data.get("not_needed_reason", "").strip()
        ):
            self.add_error("not_needed_reason", "Say why the product is not needed")
        return data


class PackForm(forms.ModelForm):
    """What staff write in a Marketing Pack; the rest comes from the project."""

    class Meta:
        model = MarketingPack
        fields = [
            "headline",
            "what_councils_gain",
            "spotlight",
            "contact_name",
            "contact_email",
        ]
        labels = {
            "what_councils_gain": "What councils gain",
            "spotlight": "Spotlight on comparable work elsewhere",
            "contact_name": "Contact",
            "contact_email": "Contact email",
        }
        widgets = {
            "what_councils_gain": forms.Textarea(attrs={"rows": 5}),
            "spotlight": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "headline": {"required": "Write a headline for the pack"},
            "what_councils_gain": {"required": "Say what councils gain by taking part"},
            "contact_name": {"required": "Name the person councils should contact"},
            "contact_email": {
                "required": "Give the contact's email address",
                "invalid": "Enter an email address in the correct format, like "
                "name@digitaloffice.scot",
            },
        }

    def __init__(self, *args: object, project: Project, **kwargs: object) -> None:
        if kwargs.get("instance") is None:
            owner = project.owner
            kwargs.setdefault(
                "initial",
                {
                    "headline": project.summary[:150],
                    "contact_name": owner.get_full_name() if owner else "",
                    "contact_email": owner.email if owner else "",
                },
            )
        super().__init__(*args, **kwargs)
