import datetime as dt
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone

from councils.models import Council
from councils.refusals import Refused, show_refusal
from portfolios.models import (
    Benefit,
    Commitment,
    Portfolio,
    Project,
    ProjectQuerySet,
    ResourceRole,
    VisionObjective,
)
from portfolios.services import (
    BenefitTerms,
    CommitmentTerms,
    DuplicateCommitment,
    check_terms,
)

Phase = Project.phase.field.related_model  # the lifecycle app sits above this one

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %m %Y"]


def date_field(label: str, **kwargs: object) -> forms.DateField:
    """A date typed as dd/mm/yyyy, with the design system's date picker on top."""
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"class": "hb-date ds_input--fixed-10"}
        ),
        help_text="For example, 29/11/2026",
        error_messages={"invalid": "Enter a real date, like 29/11/2026"},
        **kwargs,
    )


def not_in_future(value: dt.date) -> None:
    if value > timezone.localdate():
        raise forms.ValidationError("The date cannot be in the future")


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
        label="State",
        choices=[
            ("", "Any state"),
            ("in_flight", "In flight (started, not closed)"),
            ("stalled", "In flight, with a missed pulse (stalled)"),
            ("recruiting", "In flight, recruiting councils (a published pack)"),
            ("not_started", "Not started yet"),
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
                "in_flight": projects.in_flight,
                "stalled": projects.stalled,
                "recruiting": projects.recruiting,
                "not_started": projects.not_started,
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


class CommitmentForm(forms.Form):
    """What a council commits. The council is the lead's own, never a choice; staff,
    who act for any council, choose it."""

    kind = forms.ChoiceField(
        label="What does the council commit?",
        choices=Commitment.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose people, money or in-kind support"},
    )
    role = forms.TypedChoiceField(
        label="Role",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="For people: the role they fill. The roles this project needs come "
        "first; a commitment in another role is shown, but covers none of its needs.",
        error_messages={
            "invalid_choice": "Choose a role from the list",
        },
    )
    person_days = forms.IntegerField(
        label="Person-days",
        required=False,
        min_value=1,
        max_value=100_000,
        widget=forms.NumberInput(attrs={"class": "ds_input--fixed-5"}),
        help_text="For people: days of work over the period, in total.",
        error_messages={
            "invalid": "Enter the person-days as a whole number, like 20",
            "min_value": "Enter the person-days, a whole number above 0",
            "max_value": "Enter a number of person-days the period can hold",
        },
    )
    amount = forms.DecimalField(
        label="Amount in pounds",
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(
            attrs={"class": "hb-currency ds_input--fixed-10", "inputmode": "decimal"}
        ),
        help_text="For money: the total, like 25000.",
        error_messages={
            "invalid": "Enter the amount as a number of pounds, like 25000",
            "max_digits": "Enter an amount up to £1,000,000",
            "max_decimal_places": "Enter the amount to the nearest penny",
        },
    )
    support = forms.CharField(
        label="What the support is",
        required=False,
        max_length=100,
        help_text="For support in kind: what it is, like Meeting rooms.",
    )
    description = forms.CharField(
        label="Anything the Digital Office should know",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_on = date_field("Start of the period")
    ends_on = date_field("End of the period")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        project: Project,
        *args: object,
        council: Council | None = None,
        instance: Commitment | None = None,
        **kwargs: object,
    ) -> None:
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": instance.kind,
                    "role": instance.role_id,
                    "support": instance.support,
                    "person_days": instance.person_days,
                    "amount": instance.amount,
                    "description": instance.description,
                    "starts_on": instance.starts_on,
                    "ends_on": instance.ends_on,
                    "version": instance.version,
                },
            )
        super().__init__(*args, **kwargs)
        self.project = project
        self.instance = instance
        self.council = council or (instance.council if instance else None)
        self.duplicate: Commitment | None = None
        self.roles = self._roles()
        needed = {need.role_id for need in project.needs.all() if need.role_id}
        self.fields["role"].choices = [
            ("", "Choose a role"),
            (
                "Roles this project needs",
                [(r.pk, r.name) for r in self.roles.values() if r.pk in needed],
            ),
            (
                "Another role",
                [(r.pk, r.name) for r in self.roles.values() if r.pk not in needed],
            ),
        ]
        if self.council is None:
            # Only staff reach the form without a council of their own.
            self.fields["council"] = forms.ModelChoiceField(
                label="Council",
                queryset=Council.objects.all(),
                empty_label="Choose the council",
                error_messages={"required": "Choose the council that commits"},
            )
            self.order_fields(["council"])

    def _roles(self) -> dict[int, ResourceRole]:
        """The roles a commitment may name: those on offer, and the one it names."""
        offered = ResourceRole.objects.filter(is_active=True)
        if self.instance is not None and self.instance.role_id:
            offered = offered | ResourceRole.objects.filter(pk=self.instance.role_id)
        return {role.pk: role for role in offered.order_by("name")}

    def terms(self) -> CommitmentTerms:
        data = self.cleaned_data
        return CommitmentTerms(
            kind=data["kind"],
            role=self.roles.get(data.get("role")),
            support=data.get("support") or "",
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            person_days=data.get("person_days"),
            amount=data.get("amount"),
            description=data.get("description") or "",
        )

    def clean(self) -> dict:
        data = super().clean()
        council = self.council or data.get("council")
        if self.errors or council is None:
            return data
        try:
            check_terms(
                self.project,
                council,
                self.terms().normalised(),
                instead_of=self.instance,
            )
        except Refused as refusal:
            self.show(refusal)
        return data

    def show(self, refusal: Refused) -> None:
        """Put the service's refusal on the form, and link a duplicate it names."""
        if isinstance(refusal, DuplicateCommitment):
            self.duplicate = refusal.existing
        show_refusal(self, refusal)


class CommitmentStatusForm(forms.Form):
    reason = forms.CharField(
        label="Why",
        required=False,
        max_length=100,  # kept as the history record's change reason, a varchar(100)
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A line for the record. Needed to decline or withdraw.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class BenefitForm(forms.ModelForm):
    class Meta:
        model = Benefit
        fields = ["measure", "custom_name", "baseline", "target", "description"]
        labels = {
            "measure": "Measure",
            "custom_name": "Name of the measure",
            "baseline": "Baseline",
            "target": "Target",
            "description": "How it is measured",
        }
        help_texts = {
            "custom_name": "Only for another measure, like Paper forms avoided.",
            "baseline": "Where it stood before the project, in the measure's unit.",
            "target": "Where the project means to take it.",
            "description": "Where the figures come from, so the next person measures "
            "it the same way.",
        }
        widgets = {
            "baseline": forms.TextInput(
                attrs={"class": "ds_input--fixed-10", "inputmode": "decimal"}
            ),
            "target": forms.TextInput(
                attrs={"class": "ds_input--fixed-10", "inputmode": "decimal"}
            ),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "measure": {"required": "Choose what the benefit measures"},
            "target": {
                "required": "Enter the target",
                "invalid": "Enter the target as a number, like 1200",
            },
            "baseline": {"invalid": "Enter the baseline as a number, like 0"},
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Where it stood before: 0 unless said (terms() reads an empty one as 0).
        self.fields["baseline"].required = False

    def clean(self) -> dict:
        data = super().clean()
        # Said here, on the field, before the model's own constraint speaks.
        if (
            data.get("measure") == Benefit.Measure.CUSTOM
            and not (data.get("custom_name") or "").strip()
        ):
            self.add_error("custom_name", "Name the measure, like Paper forms avoided")
        return data

    def terms(self) -> BenefitTerms:
        data = self.cleaned_data
        return BenefitTerms(
            measure=data["measure"],
            target=data["target"],
            baseline=data.get("baseline") or Decimal(0),
            custom_name=data.get("custom_name") or "",
            description=data.get("description") or "",
        )


class ActualForm(forms.Form):
    measured_on = date_field("Date measured", validators=[not_in_future])
    value = forms.DecimalField(
        label="Value to date",
        max_digits=14,
        decimal_places=2,
        min_value=0,
        widget=forms.TextInput(
            attrs={"class": "ds_input--fixed-10", "inputmode": "decimal"}
        ),
        help_text="The total so far, not the change since the last figure.",
        error_messages={
            "required": "Enter the value",
            "invalid": "Enter the value as a number, like 350",
            "min_value": "Enter a value of 0 or more",
        },
    )
    note = forms.CharField(label="Note", required=False, max_length=300)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("measured_on", timezone.localdate())
