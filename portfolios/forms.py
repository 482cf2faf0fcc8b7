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
    PortfolioTarget,
    Project,
    ProjectQuerySet,
    ResourceNeed,
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


# Set-up by staff: portfolios, their targets, projects' needs. Each edit form carries
# the history record it was opened on (`seen`), so that a save based on an older one
# is refused rather than written over someone else's.


def required_date(label: str, message: str, **kwargs: object) -> forms.DateField:
    """A date field that says what to enter when it is left empty."""
    field = date_field(label, **kwargs)
    field.error_messages["required"] = message
    return field


class AmountField(forms.DecimalField):
    """A number as people write it: "£25,000", "25,000" and "25000" alike."""

    def to_python(self, value: object) -> Decimal | None:
        if isinstance(value, str):
            value = value.replace("£", "").replace(",", "").replace(" ", "")
        return super().to_python(value)


def amount_widget(*, currency: bool = False) -> forms.TextInput:
    classes = "ds_input--fixed-10" + (" hb-currency" if currency else "")
    return forms.TextInput(attrs={"class": classes, "inputmode": "decimal"})


class ObjectiveChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, objective: VisionObjective) -> str:
        return f"{objective.name}: {objective.aim}"


class PortfolioForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=120,
        help_text="Its web address is made from the name when it is created, and "
        "kept if it is renamed.",
        error_messages={"required": "Enter the portfolio's name"},
    )
    priority = forms.IntegerField(
        label="Priority rank",
        min_value=1,
        max_value=1000,
        widget=forms.NumberInput(attrs={"class": "ds_input--fixed-3"}),
        error_messages={
            "required": "Enter the priority rank, like 3",
            "invalid": "Enter the priority rank as a whole number, like 3",
            "min_value": "Enter a rank of 1 or more: 1 is the highest priority",
            "max_value": "Enter a rank no higher than the number of portfolios",
        },
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the portfolio is for, in a few sentences. Shown on the list "
        "of portfolios and on its page.",
        error_messages={"required": "Enter a summary of the portfolio"},
    )
    lead_officer = forms.CharField(
        label="Lead officer",
        max_length=100,
        help_text="The Digital Office officer who leads it.",
        error_messages={"required": "Enter the lead officer's name"},
    )
    lead_officer_email = forms.EmailField(
        label="Lead officer's email address",
        required=False,
        error_messages={
            "invalid": "Enter an email address like name@digitaloffice.scot"
        },
    )
    vision_objectives = ObjectiveChoiceField(
        label="Vision objectives",
        queryset=VisionObjective.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="The aims of the plan this portfolio serves. Choose all that apply.",
        error_messages={
            "required": "Choose at least one vision objective the portfolio serves",
            "invalid_choice": "Choose objectives from the list",
        },
    )
    starts_on = required_date("Active from", "Enter the date it starts")
    ends_on = date_field("Active until", required=False)
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: object,
        instance: Portfolio | None = None,
        seen: int | None = None,
        count: int = 0,
        **kwargs: object,
    ) -> None:
        """`count`: how many portfolios there are, the new one included."""
        if instance is not None:
            initial = {
                name: getattr(instance, name)
                for name in self.base_fields
                if name not in {"vision_objectives", "seen"}
            }
            initial["vision_objectives"] = list(instance.vision_objectives.all())
            initial["seen"] = seen
        else:
            initial = {"priority": count, "starts_on": timezone.localdate()}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["priority"].help_text = (
            f"From 1 to {count}; 1 is the highest priority. The portfolio at this "
            "rank, and those below it, move down one to make room."
        )
        self.fields[
            "ends_on"
        ].help_text = "Leave empty while the portfolio runs on. For example, 31/03/2027"
        self.fields["ends_on"].error_messages["invalid"] = (
            "Enter a real date, like 31/03/2027"
        )

    def apply(self, portfolio: Portfolio) -> Portfolio:
        """The portfolio with what was typed (not saved: save_portfolio does)."""
        data = self.cleaned_data
        for name in (
            "name",
            "priority",
            "summary",
            "lead_officer",
            "lead_officer_email",
            "starts_on",
            "ends_on",
        ):
            setattr(portfolio, name, data[name])
        portfolio.summary = portfolio.summary.strip()
        portfolio.lead_officer = " ".join(portfolio.lead_officer.split())
        return portfolio


class PortfolioMoveForm(forms.Form):
    """Move one portfolio to a rank: from the reorder page's list (up, down) or its
    own field."""

    portfolio = forms.ModelChoiceField(
        label="Portfolio",
        queryset=Portfolio.objects.order_by("priority"),
        empty_label="Choose a portfolio",
        error_messages={
            "required": "Choose the portfolio to move",
            "invalid_choice": "That portfolio no longer exists: choose one from the "
            "list",
        },
    )
    to = forms.IntegerField(
        label="New rank",
        min_value=1,
        max_value=1000,
        widget=forms.NumberInput(attrs={"class": "ds_input--fixed-3"}),
        help_text="1 is the highest priority; the others shift to make room.",
        error_messages={
            "required": "Enter the rank to move it to, like 2",
            "invalid": "Enter the rank as a whole number, like 2",
            "min_value": "Enter a rank of 1 or more: 1 is the highest priority",
            "max_value": "Enter a rank no higher than the number of portfolios",
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["portfolio"].label_from_instance = lambda portfolio: (
            f"{portfolio.priority}. {portfolio.name}"
        )


class TargetForm(forms.Form):
    # Every field is needed, the name of the measure only for another measure (its
    # label says so): no "(optional)" on any.
    all_optional = True

    measure = forms.ChoiceField(
        label="Measure",
        choices=[("", "Choose a measure"), *Benefit.Measure.choices],
        help_text="Tracked against the projects' benefits of the same measure.",
        error_messages={
            "required": "Choose what the target measures",
            "invalid_choice": "Choose a measure from the list",
        },
    )
    custom_name = forms.CharField(
        label="Name of the measure, for another measure",
        required=False,
        max_length=100,
        help_text="As the projects' benefits name it, like Telecare units installed.",
    )
    target = AmountField(
        label="Target",
        max_digits=14,
        decimal_places=2,
        widget=amount_widget(),
        help_text="The number to reach, in the measure's unit, like 1,000 (or "
        "£250,000 for savings).",
        error_messages={
            "required": "Enter the target, like 1,000",
            "invalid": "Enter the target as a number, like 1,000",
            "max_digits": "Enter a target under a trillion",
            "max_decimal_places": "Enter the target to two decimal places at most",
        },
    )
    due_on = required_date("By", "Enter the date it is due, like 31/03/2027")
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: object,
        instance: PortfolioTarget | None = None,
        seen: int | None = None,
        **kwargs: object,
    ) -> None:
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "measure": instance.measure,
                    "custom_name": instance.custom_name,
                    "target": f"{instance.target:,f}".rstrip("0").rstrip("."),
                    "due_on": instance.due_on,
                    "seen": seen,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["due_on"].help_text = "The date to reach it by, like 31/03/2027"

    def clean(self) -> dict:
        data = super().clean()
        if (
            data.get("measure") == Benefit.Measure.CUSTOM
            and not (data.get("custom_name") or "").strip()
        ):
            self.add_error(
                "custom_name",
                "Name the measure as the projects' benefits name it, like Telecare "
                "units installed",
            )
        if (target := data.get("target")) is not None and target <= 0:
            self.add_error("target", "Enter a target above 0, like 1,000")
        return data

    def apply(self, target: PortfolioTarget) -> PortfolioTarget:
        data = self.cleaned_data
        target.measure = data["measure"]
        target.custom_name = data.get("custom_name") or ""
        target.target = data["target"]
        target.due_on = data["due_on"]
        return target


class NeedForm(forms.Form):
    """People in a role from the roles list, with person-days, or money; over a
    period inside the project's dates."""

    # The role and person-days are needed for people, the amount for money (their
    # labels say so); only the notes are optional, and say so.
    all_optional = True

    PEOPLE, MONEY = "people", "money"

    kind = forms.ChoiceField(
        label="What does the project need?",
        choices=[(PEOPLE, "People in a role"), (MONEY, "Money")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose people or money"},
    )
    role = forms.TypedChoiceField(
        label="Role, for people",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="From the roles list the Digital Office keeps.",
        error_messages={"invalid_choice": "Choose a role from the list"},
    )
    person_days = forms.IntegerField(
        label="Person-days, for people",
        required=False,
        min_value=1,
        max_value=100_000,
        widget=forms.NumberInput(attrs={"class": "ds_input--fixed-5"}),
        help_text="Days of work in the role over the period, in total, like 40.",
        error_messages={
            "invalid": "Enter the person-days as a whole number, like 40",
            "min_value": "Enter the person-days, a whole number above 0",
            "max_value": "Enter at most 100,000 person-days",
        },
    )
    amount = AmountField(
        label="Amount in pounds, for money",
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal(100_000_000),
        widget=amount_widget(currency=True),
        help_text="The total over the period, like 25,000.",
        error_messages={
            "invalid": "Enter the amount as a number of pounds, like 25,000",
            "min_value": "Enter an amount of money above £0",
            "max_value": "Enter an amount up to £100,000,000",
            "max_digits": "Enter an amount up to £100,000,000",
            "max_decimal_places": "Enter the amount to the nearest penny",
        },
    )
    starts_on = required_date("From", "Enter the start of the period")
    ends_on = required_date("Until", "Enter the end of the period")
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=200,
        help_text="Anything a council should know, like the skills needed.",
    )
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        project: Project,
        *args: object,
        instance: ResourceNeed | None = None,
        seen: int | None = None,
        **kwargs: object,
    ) -> None:
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": self.MONEY if instance.is_money else self.PEOPLE,
                    "role": instance.role_id,
                    "person_days": instance.person_days or None,
                    "amount": f"{instance.amount:,.2f}".removesuffix(".00")
                    if instance.is_money
                    else None,
                    "starts_on": instance.starts_on,
                    "ends_on": instance.ends_on,
                    "notes": instance.notes,
                    "seen": seen,
                },
            )
        super().__init__(*args, **kwargs)
        self.project = project
        # The roles on offer for new needs, and the retired one a need still names.
        offered = Q(is_active=True)
        if instance is not None and instance.role_id:
            offered |= Q(pk=instance.role_id)
        self.roles = {
            role.pk: role
            for role in ResourceRole.objects.filter(offered).order_by("name")
        }
        self.fields["role"].choices = [
            ("", "Choose a role"),
            *((role.pk, role.name) for role in self.roles.values()),
        ]
        for name in ("starts_on", "ends_on"):
            day = project.start_date if name == "starts_on" else project.target_date
            self.fields[name].help_text = f"For example, {day:%d/%m/%Y}"

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        if kind == self.PEOPLE:
            if data.get("role") is None and "role" not in self.errors:
                self.add_error("role", "Choose the role the project needs")
            if data.get("person_days") is None and "person_days" not in self.errors:
                self.add_error("person_days", "Enter the person-days, like 40")
        elif (
            kind == self.MONEY
            and data.get("amount") is None
            and "amount" not in self.errors
        ):
            self.add_error("amount", "Enter the amount of money, like 25,000")
        return data

    def apply(self, need: ResourceNeed) -> ResourceNeed:
        data = self.cleaned_data
        if data["kind"] == self.PEOPLE:
            need.role = self.roles[data["role"]]
            need.person_days = data["person_days"]
            need.amount = Decimal(0)
        else:
            need.role = None
            need.person_days = 0
            need.amount = data["amount"]
        need.starts_on = data["starts_on"]
        need.ends_on = data["ends_on"]
        need.notes = data.get("notes") or ""
        return need
