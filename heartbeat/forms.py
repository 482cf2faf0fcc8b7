from django import forms
from django.utils import timezone

from councils.models import User
from heartbeat.models import GateReview, MarketingPack, Phase, ProjectProduct, Pulse
from heartbeat.services import (
    EVIDENCE_REFUSED,
    CriterionTick,
    available_decisions,
    details_version,
    product_version,
)
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


OWNER_REFUSED = (
    "Choose a member of Digital Office staff: a project's owner must be, and an "
    "executive or a council lead cannot be"
)


class ProjectForm(forms.ModelForm):
    """A project's own details. Its phase and status are not here: gate reviews
    move the one and pulses report the other."""

    start_date = date_field("Start date")
    target_date = date_field("Target end date")
    # The details_version() the form was opened on (see save_project).
    based_on = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = [
            "portfolio",
            "name",
            "summary",
            "problem",
            "outcome",
            "kind",
            "vision_objectives",
            "owner",
            "start_date",
            "target_date",
        ]
        labels = {
            "portfolio": "Portfolio",
            "name": "Name",
            "summary": "Summary",
            "problem": "The problem",
            "outcome": "Intended outcome",
            "kind": "Kind of project",
            "vision_objectives": "Vision objectives",
            "owner": "Owner",
        }
        help_texts = {
            "name": "Short and plain, like Digital telecare switchover. Its address "
            "on the portal is made from it when the project is added.",
            "summary": "A sentence or two: what the project does, and for whom.",
            "problem": "The need councils raised.",
            "outcome": "What will be different when it is done.",
            "vision_objectives": "The aims of the plan it serves: tick each that "
            "applies.",
            "owner": "A member of Digital Office staff: they report the project's "
            "pulse.",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 4}),
            "kind": forms.RadioSelect,
            "vision_objectives": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "portfolio": {
                "required": "Choose the portfolio the project belongs to",
                "invalid_choice": "There is no such portfolio: choose one from the "
                "list",
            },
            "name": {"required": "Give the project a name"},
            "summary": {"required": "Write a summary of the project"},
            "problem": {"required": "Describe the problem councils raised"},
            "outcome": {"required": "Describe the intended outcome"},
            "kind": {
                "required": "Choose the kind of project",
                "invalid_choice": "Choose a kind of project from the list",
            },
            "vision_objectives": {
                "invalid_choice": "Choose vision objectives from the list",
            },
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["portfolio"].empty_label = "Choose a portfolio"
        self.fields["start_date"].error_messages["required"] = "Enter the start date"
        self.fields["target_date"].error_messages["required"] = (
            "Enter the target end date"
        )
        self.fields["kind"].choices = Project.Kind.choices  # no blank radio
        owner = self.fields["owner"]
        owner.queryset = User.objects.staff().order_by("first_name", "last_name")
        owner.required = True
        owner.empty_label = "Choose the owner"
        owner.error_messages["required"] = "Choose the project's owner"
        owner.error_messages["invalid_choice"] = OWNER_REFUSED
        current = self.instance.owner if self.instance.owner_id else None
        if current is not None and not current.is_programme_staff:
            owner.help_text = (
                f"{current} owns it now but is no longer Digital Office staff: "
                "choose a new owner."
            )
        if self.instance.pk is not None and not self.is_bound:
            self.initial["based_on"] = details_version(self.instance)

    # The service says these, naming the project that has the name already.
    def validate_unique(self) -> None:
        pass

    def validate_constraints(self) -> None:
        pass


class NewProjectForm(ProjectForm):
    """A new project's details, with the phase it starts in and its opening status
    (its first pulse)."""

    class Meta(ProjectForm.Meta):
        fields = [*ProjectForm.Meta.fields, "phase", "rag_status", "status_commentary"]
        labels = {
            **ProjectForm.Meta.labels,
            "phase": "Phase it starts in",
            "rag_status": "Opening status",
            "status_commentary": "Opening commentary",
        }
        help_texts = {
            **ProjectForm.Meta.help_texts,
            "phase": "Most projects start in the first phase. After this, gate "
            "reviews move it.",
            "rag_status": "Its first pulse. Green: on track. Amber: at risk, in "
            "hand. Red: off track, needs help.",
            "status_commentary": "A line on where it stands. Leave empty for "
            "“Project started.”",
        }
        widgets = {**ProjectForm.Meta.widgets, "rag_status": forms.RadioSelect}
        error_messages = {
            **ProjectForm.Meta.error_messages,
            "phase": {
                "required": "Choose the phase it starts in",
                "invalid_choice": "Choose a phase from the list",
            },
            "rag_status": {
                "required": "Choose the opening status",
                "invalid_choice": "Choose green, amber or red",
            },
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].empty_label = None
        self.fields["rag_status"].choices = Project.Rag.choices
        if not self.is_bound:
            self.initial.setdefault("phase", Phase.objects.order_by("number").first())
            self.initial.setdefault("rag_status", Project.Rag.GREEN)


def evidence_field() -> forms.URLField:
    """Parsed here (a bare address gets https://); which addresses are allowed is
    the service's rule."""
    return forms.URLField(
        label="Link to the evidence",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Where the product can be read, like a shared document: an "
        "address starting with https://.",
        error_messages={"invalid": EVIDENCE_REFUSED},
    )


class ProductAddForm(forms.Form):
    """A product of the project's own, in one of the phases."""

    name = forms.CharField(
        label="Name of the product",
        max_length=150,
        help_text="What the project will deliver, like Data sharing agreement.",
        error_messages={"required": "Name the product"},
    )
    phase = forms.ModelChoiceField(
        label="Phase",
        queryset=Phase.objects.all(),
        empty_label=None,
        required=False,  # the project's current phase unless chosen
        help_text="The phase it belongs to: its gate checks it.",
        error_messages={"invalid_choice": "Choose a phase from the list"},
    )
    due_on = date_field("Due by", required=False)
    evidence_url = evidence_field()

    def __init__(self, project: Project, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("initial", {"phase": project.phase_id})
        super().__init__(*args, **kwargs)


class ProductForm(forms.ModelForm):
    """A product's status, evidence and due date; the name of one of the project's
    own (the model's products keep theirs)."""

    evidence_url = evidence_field()
    due_on = date_field("Due by", required=False)
    # The product_version() the form was opened on (see change_product).
    based_on = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProjectProduct
        fields = ["name", "status", "not_needed_reason", "evidence_url", "due_on"]
        labels = {
            "name": "Name of the product",
            "status": "Status",
            "not_needed_reason": "Why it is not needed",
        }
        help_texts = {"not_needed_reason": "Only when the status is “Not needed”."}
        widgets = {
            "status": forms.RadioSelect,
            "not_needed_reason": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"name": {"required": "Name the product"}}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.is_own:
            del self.fields["name"]
        if not self.is_bound:
            self.initial["based_on"] = product_version(self.instance)

    def clean(self) -> dict:
        data = super().clean()
        if (
            data.get("status") == ProjectProduct.Status.NOT_NEEDED
            and not data.get("not_needed_reason", "").strip()
        ):
            self.add_error("not_needed_reason", "Say why the product is not needed")
        return data

    # The service says these, in the words of the page.
    def validate_unique(self) -> None:
        pass

    def validate_constraints(self) -> None:
        pass


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
