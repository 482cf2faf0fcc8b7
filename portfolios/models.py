import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

# The rules of the programme's figures, each written once. Pages, forms, packs,
# tasks and exports call these (or the QuerySet methods built on them), for today
# or for any past day.


def pulse_cutoff(day: dt.date | None = None) -> dt.date:
    """A project whose last pulse is older than this on the day has missed one."""
    day = day or timezone.localdate()
    interval = dt.timedelta(days=settings.HEARTBEAT_PULSE_INTERVAL_DAYS)
    # Nothing is older than the first day of the calendar (a filter may ask for it).
    return day - interval if day - dt.date.min > interval else dt.date.min


def is_today(day: dt.date | None) -> bool:
    """Whether a day's facts are today's (no day, or today): those are read from the
    rows as they stand (a project's status, a commitment's), a past day's from the
    dates kept beside them."""
    return day is None or day >= timezone.localdate()


# A pulse due within this many days is due soon: its owner is reminded, and the
# queue lists it.
PULSE_DUE_SOON_DAYS = 3


def pulse_due_on(last_pulse: dt.date) -> dt.date:
    """The last day a project's next pulse is on time: after it, the project has
    missed one (the reading of pulse_cutoff() from the other side)."""
    return last_pulse + dt.timedelta(days=settings.HEARTBEAT_PULSE_INTERVAL_DAYS)


def in_flight_q(day: dt.date | None = None, prefix: str = "") -> Q:
    """A project is in flight on a day when it has started and is not closed.

    `prefix` reaches a project through a relation (`"project__"`, `"projects__"`).
    """
    day = day or timezone.localdate()
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})
    )


def stalled_q(day: dt.date | None = None, prefix: str = "") -> Q:
    """In flight, with its last pulse older than the interval: today's rule, read
    from the newest pulse kept on the project (ProjectQuerySet.stalled() gives any
    day's)."""
    return in_flight_q(day, prefix) & Q(
        **{f"{prefix}status_date__lt": pulse_cutoff(day)}
    )


class ResourceRole(models.Model):
    """A role on the list staff keep: a project's needs name one, and a council's
    people commitment fills one."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(
        max_length=200, blank=True, help_text="What the role does, in a line."
    )
    is_active = models.BooleanField(
        "offered for new needs",
        default=True,
        help_text="A retired role stays on the needs and commitments that name it.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "role"
        verbose_name_plural = "roles list"
        constraints = [
            models.UniqueConstraint(Lower("name"), name="role_name_unique_any_case"),
        ]

    def __str__(self) -> str:
        return self.name


class VisionObjective(models.Model):
    """One of the five aims of the 2019-21 plan (Scoping, Shaping, Shifting, ...)."""

    position = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=40, unique=True)
    slug = models.SlugField(max_length=40, unique=True)
    aim = models.CharField(max_length=200, help_text="The aim, completing the name.")

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class PortfolioQuerySet(models.QuerySet):
    def with_project_counts(self) -> "PortfolioQuerySet":
        """Today's projects in flight, those at red and those stalled, per portfolio."""
        flying = in_flight_q(prefix="projects__")
        return self.annotate(
            in_flight_count=Count("projects", filter=flying, distinct=True),
            red_count=Count(
                "projects",
                filter=flying & Q(projects__rag_status="red"),
                distinct=True,
            ),
            stalled_count=Count(
                "projects", filter=stalled_q(prefix="projects__"), distinct=True
            ),
        )

    def tagged(self, objective: VisionObjective) -> "PortfolioQuerySet":
        return self.filter(vision_objectives=objective)


class Portfolio(models.Model):
    """A prioritised programme of work in the business plan."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    priority = models.PositiveSmallIntegerField(
        unique=True, help_text="1 is the highest priority."
    )
    summary = models.TextField()
    lead_officer = models.CharField(max_length=100)
    lead_officer_email = models.EmailField(blank=True)
    vision_objectives = models.ManyToManyField(
        VisionObjective, related_name="portfolios", blank=True
    )
    starts_on = models.DateField("active from")
    ends_on = models.DateField("active until", null=True, blank=True)

    objects = PortfolioQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="portfolio_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(priority__gte=1), name="portfolio_priority_from_one"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("metrics:portfolio", args=[self.slug])

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end must be on or after the start."})


class ProjectQuerySet(models.QuerySet):
    def for_list(self) -> "ProjectQuerySet":
        """What a table of projects shows, in a fixed number of queries.

        The count of councils is a subquery, not a join: the database then counts for
        the page of rows shown, not for every project before it sorts them.
        """
        councils = (
            Participation.objects.active()
            .filter(project=OuterRef("pk"))
            .order_by()
            .values("project")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.select_related("portfolio", "phase", "owner").annotate(
            council_count=Coalesce(Subquery(councils), 0)
        )

    def in_phase(self, phase: models.Model) -> "ProjectQuerySet":
        return self.filter(phase=phase)

    def tagged(self, objective: VisionObjective) -> "ProjectQuerySet":
        return self.filter(vision_objectives=objective)

    def for_council(
        self, council: models.Model, day: dt.date | None = None
    ) -> "ProjectQuerySet":
        """Projects the council takes part in on the day (see Participation)."""
        return self.filter(
            pk__in=Participation.objects.active(day)
            .filter(council=council)
            .values("project")
        )

    def in_flight(self, day: dt.date | None = None) -> "ProjectQuerySet":
        return self.filter(in_flight_q(day))

    def not_started(self, day: dt.date | None = None) -> "ProjectQuerySet":
        return self.filter(start_date__gt=day or timezone.localdate())

    def closed(self, day: dt.date | None = None) -> "ProjectQuerySet":
        return self.filter(closed_on__lte=day or timezone.localdate())

    def with_last_pulse(self, day: dt.date | None = None) -> "ProjectQuerySet":
        """`last_pulse`: the day of the newest pulse on or before the day, or the
        start if none. Today's is the one kept on the project by each pulse."""
        if is_today(day):
            return self.annotate(last_pulse=F("status_date"))
        # The lifecycle app's pulses, reached through the relation it declares.
        pulses = self.model._meta.get_field("pulses").related_model.objects
        newest = pulses.filter(project=OuterRef("pk"), reported_on__lte=day).order_by(
            "-reported_on"
        )
        return self.annotate(
            last_pulse=Coalesce(
                Subquery(newest.values("reported_on")[:1]), F("start_date")
            )
        )

    def pulse_due_within(self, days: int) -> "ProjectQuerySet":
        """In flight today, with the next pulse due within so many days from today,
        or already overdue (stalled)."""
        interval = dt.timedelta(days=settings.HEARTBEAT_PULSE_INTERVAL_DAYS)
        horizon = timezone.localdate() + dt.timedelta(days=days)
        return self.in_flight().filter(status_date__lte=horizon - interval)

    def long_in_phase(self, day: dt.date | None = None) -> "ProjectQuerySet":
        """In flight, and in the same phase for longer than staff expect a phase to
        take (HEARTBEAT_LONG_IN_PHASE_DAYS)."""
        day = day or timezone.localdate()
        limit = dt.timedelta(days=settings.HEARTBEAT_LONG_IN_PHASE_DAYS)
        return self.in_flight(day).filter(phase_entered_on__lt=day - limit)

    def stalled(self, day: dt.date | None = None) -> "ProjectQuerySet":
        """In flight on the day, with no pulse within the interval before it."""
        return (
            self.in_flight(day)
            .with_last_pulse(day)
            .filter(last_pulse__lt=pulse_cutoff(day))
        )

    def recruiting(self, day: dt.date | None = None) -> "ProjectQuerySet":
        """In flight, with a Marketing Pack (the lifecycle app's) published by then."""
        day = day or timezone.localdate()
        return self.in_flight(day).filter(pack__published_at__date__lte=day)


class Project(models.Model):
    class Kind(models.TextChoices):
        # From influencing at one end of the Heartbeat model to technology at the other.
        INFLUENCE = "influence", "Influencing and sharing experience"
        NEW_WAYS = "new_ways", "Developing new ways of working"
        REDESIGN = "redesign", "Redesigning services"
        TECHNOLOGY = "technology", "Implementing technology"

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    class State(models.TextChoices):
        """Where a project stands on a day, by the rules above."""

        IN_FLIGHT = "in_flight", "In flight"
        STALLED = "stalled", "In flight, stalled"
        NOT_STARTED = "not_started", "Not started"
        CLOSED = "closed", "Closed"

    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.PROTECT, related_name="projects"
    )
    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    summary = models.TextField()
    problem = models.TextField("the problem", help_text="The need councils raised.")
    outcome = models.TextField(
        "intended outcome", help_text="What will be different when it is done."
    )
    kind = models.CharField("kind of project", max_length=20, choices=Kind)
    # Named by string: the lifecycle app sits above this one.
    phase = models.ForeignKey(
        "heartbeat.Phase", on_delete=models.PROTECT, related_name="projects"
    )
    rag_status = models.CharField(
        "delivery status", max_length=5, choices=Rag, default=Rag.GREEN
    )
    # The latest pulse, kept on the project so lists and filters need no join.
    status_commentary = models.CharField(max_length=300, blank=True)
    status_date = models.DateField("status reported on")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_projects",
    )
    start_date = models.DateField()
    target_date = models.DateField("target end date")
    phase_entered_on = models.DateField(
        "in this phase since",
        help_text="Set by gate reviews; the start date for a project's first phase.",
    )
    closed_on = models.DateField(
        null=True, blank=True, help_text="Set by a gate review that closes the project."
    )
    vision_objectives = models.ManyToManyField(
        VisionObjective, related_name="projects", blank=True
    )
    is_demo = models.BooleanField(
        "demo data",
        default=False,
        help_text="Invented for demonstration by seed_demo, not a real project.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["portfolio__priority", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_date__gte=models.F("start_date")),
                name="project_target_after_start",
            ),
        ]
        indexes = [models.Index(fields=["rag_status"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # The project page belongs to the lifecycle app above: named, not imported.
        return reverse("heartbeat:project", args=[self.slug])

    def clean(self) -> None:
        if self.start_date and self.target_date and self.target_date < self.start_date:
            raise ValidationError(
                {"target_date": "The target end date must be on or after the start."}
            )

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def is_in_flight(self) -> bool:
        """The row's reading of in_flight_q(), for today."""
        return not self.is_closed and self.start_date <= timezone.localdate()

    @property
    def is_stalled(self) -> bool:
        """The row's reading of stalled_q(), for today."""
        return self.is_in_flight and self.status_date < pulse_cutoff()

    @property
    def state(self) -> "Project.State":
        """Today's state: closed, stalled, in flight or not started."""
        if self.is_closed:
            return self.State.CLOSED
        if self.is_stalled:
            return self.State.STALLED
        if self.is_in_flight:
            return self.State.IN_FLIGHT
        return self.State.NOT_STARTED

    @property
    def pulse_due_on(self) -> dt.date:
        return pulse_due_on(self.status_date)

    @property
    def days_in_phase(self) -> int:
        end = self.closed_on or timezone.localdate()
        return (end - self.phase_entered_on).days

    # Totals over the prefetched needs of one project: a handful of rows at most.
    @property
    def needed_person_days(self) -> int:
        return sum(need.person_days for need in self.needs.all())

    @property
    def needed_amount(self) -> Decimal:
        return sum((need.amount for need in self.needs.all()), Decimal(0))


class ResourceNeed(models.Model):
    """What a project asks of councils: person-days in a role from the roles list, or
    money, over a period."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="needs")
    role = models.ForeignKey(
        ResourceRole,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        help_text="The role, for people. Leave empty for money.",
    )
    person_days = models.PositiveIntegerField(default=0)
    amount = models.DecimalField(
        "money (£)", max_digits=12, decimal_places=2, default=0
    )
    starts_on = models.DateField("from")
    ends_on = models.DateField("until")
    notes = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "role"]
        constraints = [
            # People in a role, or money: never both, never neither.
            models.CheckConstraint(
                condition=Q(role__isnull=False, person_days__gt=0, amount=0)
                | Q(role__isnull=True, person_days=0, amount__gt=0),
                name="need_is_people_or_money",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="need_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} for {self.project}"

    @property
    def is_money(self) -> bool:
        return self.role_id is None

    @property
    def label(self) -> str:
        return Commitment.FUNDING if self.is_money else str(self.role)

    def clean(self) -> None:
        errors = {}
        if self.role_id is None and not self.amount:
            errors["amount"] = "Enter the money needed, or choose a role for people."
        if self.role_id is not None and not self.person_days:
            errors["person_days"] = "Enter the person-days needed in the role."
        if self.role_id is not None and self.amount:
            errors["amount"] = (
                "A need is for people or for money: record the money as a need of "
                "its own."
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The end must be on or after the start."
        project = self.project if self.project_id else None
        if (
            project is not None
            and self.starts_on
            and self.ends_on
            and (
                self.starts_on < project.start_date
                or self.ends_on > project.target_date
            )
        ):
            errors["starts_on"] = (
                f"The period must be inside the project's dates, "
                f"{project.start_date:%d/%m/%Y} to {project.target_date:%d/%m/%Y}."
            )
        if errors:
            raise ValidationError(errors)


class ParticipationQuerySet(models.QuerySet):
    def current(self) -> "ParticipationQuerySet":
        """Councils that have not left, whatever the project's state: who belongs."""
        return self.filter(left_on__isnull=True)

    def active(self, day: dt.date | None = None) -> "ParticipationQuerySet":
        """A council takes part in a project on a day when it had joined by then,
        had not left, and the project was in flight."""
        day = day or timezone.localdate()
        return self.filter(
            Q(joined_on__lte=day),
            Q(left_on__isnull=True) | Q(left_on__gt=day),
            in_flight_q(day, prefix="project__"),
        )


class Participation(models.Model):
    """A council taking part in a project: who registered it, and when it left."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participations"
    )
    council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="participations"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The officer who registered the council's interest.",
    )
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    left_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ParticipationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["council__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "council"], name="one_participation_per_council"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} in {self.project}"

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class CommitmentQuerySet(models.QuerySet):
    def active(self) -> "CommitmentQuerySet":
        """Proposed or confirmed: still standing, so a second one for the same role
        and period would be a duplicate."""
        return self.filter(status__in=Commitment.ACTIVE)

    def with_status_on(self, day: dt.date) -> "CommitmentQuerySet":
        """`status_on`: the status on the day, from the days it was proposed,
        confirmed and ended (None before it was proposed)."""
        Status = Commitment.Status
        return self.annotate(
            status_on=Case(
                When(proposed_on__gt=day, then=Value(None)),
                When(ended_on__lte=day, then=F("status")),
                When(confirmed_on__lte=day, then=Value(Status.CONFIRMED)),
                default=Value(Status.PROPOSED),
                output_field=models.CharField(),
            )
        )

    def counted(self, day: dt.date | None = None) -> "CommitmentQuerySet":
        """Confirmed or fulfilled on the day: what counts towards needs and towards
        what a council has committed."""
        if is_today(day):
            return self.filter(status__in=Commitment.COUNTED)
        return self.with_status_on(day).filter(status_on__in=Commitment.COUNTED)

    def proposed(self, day: dt.date | None = None) -> "CommitmentQuerySet":
        """Proposed and not yet decided on the day: shown beside, never counted."""
        if is_today(day):
            return self.filter(status=Commitment.Status.PROPOSED)
        return self.with_status_on(day).filter(status_on=Commitment.Status.PROPOSED)

    def for_council(self, council: models.Model) -> "CommitmentQuerySet":
        return self.filter(council=council)


class Commitment(models.Model):
    """What a council commits to a project: people, money or support in kind."""

    class Kind(models.TextChoices):
        PEOPLE = "people", "People (person-days)"
        MONEY = "money", "Money"
        IN_KIND = "in_kind", "In-kind support"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        FULFILLED = "fulfilled", "Fulfilled"

    ACTIVE = (Status.PROPOSED, Status.CONFIRMED)
    COUNTED = (Status.CONFIRMED, Status.FULFILLED)
    ENDED = (Status.DECLINED, Status.WITHDRAWN, Status.FULFILLED)
    FUNDING = "Funding"  # how a money need or commitment is named

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="commitments"
    )
    council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="commitments"
    )
    kind = models.CharField(max_length=10, choices=Kind)
    role = models.ForeignKey(
        ResourceRole,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        help_text="The role the people fill (people only).",
    )
    support = models.CharField(
        "support in kind",
        max_length=100,
        blank=True,
        help_text="What the support is, like meeting rooms (in kind only).",
    )
    person_days = models.PositiveIntegerField(null=True, blank=True)
    amount = models.DecimalField(
        "money (£)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(blank=True)
    starts_on = models.DateField("from")
    ends_on = models.DateField("until")
    status = models.CharField(
        max_length=10, choices=Status, default=Status.PROPOSED, db_index=True
    )
    # When it reached each status, so a past day's figures can be computed as they
    # were: proposed, then confirmed, then declined, withdrawn or fulfilled.
    proposed_on = models.DateField(default=timezone.localdate)
    confirmed_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(
        null=True, blank=True, help_text="When it was declined, withdrawn or fulfilled."
    )
    # Optimistic locking: a change based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommitmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    class Meta:
        ordering = ["starts_on", "council__short_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="commitment_ends_after_start",
            ),
            # Each kind carries what it commits and nothing else. (A comparison
            # with NULL passes a CHECK, so "is present" is said as well.)
            models.CheckConstraint(
                condition=Q(
                    kind="people",
                    role__isnull=False,
                    person_days__isnull=False,
                    person_days__gt=0,
                    amount__isnull=True,
                    support="",
                )
                | Q(
                    kind="money",
                    role__isnull=True,
                    person_days__isnull=True,
                    amount__isnull=False,
                    amount__gt=0,
                    support="",
                )
                | Q(
                    kind="in_kind",
                    role__isnull=True,
                    person_days__isnull=True,
                    amount__isnull=True,
                )
                & ~Q(support=""),
                name="commitment_carries_its_kind",
            ),
            # Its days in order: proposed, then confirmed, then ended.
            models.CheckConstraint(
                condition=Q(confirmed_on__isnull=True)
                | Q(confirmed_on__gte=F("proposed_on")),
                name="commitment_confirmed_after_proposed",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | (
                    Q(ended_on__gte=F("proposed_on"))
                    & (
                        Q(confirmed_on__isnull=True)
                        | Q(ended_on__gte=F("confirmed_on"))
                    )
                ),
                name="commitment_ended_after_decided",
            ),
            # Its status and its days agree.
            models.CheckConstraint(
                condition=Q(
                    status="proposed", confirmed_on__isnull=True, ended_on__isnull=True
                )
                | Q(
                    status="confirmed",
                    confirmed_on__isnull=False,
                    ended_on__isnull=True,
                )
                | Q(
                    status="declined", confirmed_on__isnull=True, ended_on__isnull=False
                )
                | Q(status="withdrawn", ended_on__isnull=False)
                | Q(
                    status="fulfilled",
                    confirmed_on__isnull=False,
                    ended_on__isnull=False,
                ),
                name="commitment_status_has_its_days",
            ),
            # Fulfilled once its period has begun, never before.
            models.CheckConstraint(
                condition=~Q(status="fulfilled") | Q(ended_on__gte=F("starts_on")),
                name="commitment_fulfilled_in_its_period",
            ),
        ]
        indexes = [models.Index(fields=["project", "council", "status"])]

    def __str__(self) -> str:
        return f"{self.council}: {self.summary} to {self.project}"

    def get_absolute_url(self) -> str:
        return reverse("portfolios:commitment", args=[self.project.slug, self.pk])

    @property
    def what(self) -> str:
        """The role filled, "Funding" for money, or the support in kind."""
        if self.kind == self.Kind.PEOPLE:
            return str(self.role)
        if self.kind == self.Kind.MONEY:
            return self.FUNDING
        return self.support

    @property
    def summary(self) -> str:
        if self.kind == self.Kind.PEOPLE:
            days = self.person_days
            return f"{days} person-day{'' if days == 1 else 's'} of {self.role}"
        if self.kind == self.Kind.MONEY:
            return f"£{self.amount:,.2f}".replace(".00", "")
        return f"In kind: {self.support}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_counted(self) -> bool:
        return self.status in self.COUNTED


class Benefit(models.Model):
    """A measure of a project's impact, with its baseline and target."""

    class Measure(models.TextChoices):
        CASHABLE_SAVINGS = "cashable_savings", "Cashable savings (£)"
        HOURS_SAVED = "hours_saved", "Hours saved"
        PEOPLE_REACHED = "people_reached", "People reached"
        COUNCILS_ADOPTING = "councils_adopting", "Councils adopting the product"
        STAFF_TRAINED = "staff_trained", "Staff trained"
        CUSTOM = "custom", "Another measure"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="benefits"
    )
    measure = models.CharField(max_length=20, choices=Measure)
    custom_name = models.CharField(
        "name of the measure",
        max_length=100,
        blank=True,
        help_text="Only for another measure, like 'Paper forms avoided'.",
    )
    baseline = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    target = models.DecimalField(max_digits=14, decimal_places=2)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "custom_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "measure", "custom_name"],
                name="one_benefit_per_measure",
            ),
            models.CheckConstraint(
                condition=~Q(measure="custom") | ~Q(custom_name=""),
                name="custom_benefit_is_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.project}"

    @property
    def name(self) -> str:
        if self.measure == self.Measure.CUSTOM:
            return self.custom_name
        return self.get_measure_display()

    @property
    def is_money(self) -> bool:
        return self.measure == self.Measure.CASHABLE_SAVINGS

    @property
    def latest_actual(self) -> "BenefitActual | None":
        # Newest first, from the prefetched actuals of the project page.
        actuals = self.actuals.all()
        return actuals[0] if actuals else None

    @property
    def progress(self) -> float | None:
        """How far from baseline to target the latest actual has come."""
        latest = self.latest_actual
        if latest is None or self.target == self.baseline:
            return None
        return float((latest.value - self.baseline) / (self.target - self.baseline))


class BenefitActual(models.Model):
    """A benefit's value as measured on a day: the total to date, not the change."""

    benefit = models.ForeignKey(
        Benefit, on_delete=models.CASCADE, related_name="actuals"
    )
    measured_on = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["benefit", "measured_on"], name="one_actual_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.benefit.name}: {self.value} on {self.measured_on}"


class PortfolioTarget(models.Model):
    """A number a portfolio aims for by a date ("1,000 telecare units by March
    2027"), tracked against its projects' benefit actuals of the same measure."""

    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.CASCADE, related_name="targets"
    )
    measure = models.CharField(max_length=20, choices=Benefit.Measure)
    custom_name = models.CharField(
        "name of the measure",
        max_length=100,
        blank=True,
        help_text="Only for another measure: the name the projects' benefits use.",
    )
    target = models.DecimalField(max_digits=14, decimal_places=2)
    due_on = models.DateField("by")

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "measure", "custom_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "measure", "custom_name", "due_on"],
                name="one_portfolio_target_per_measure_and_day",
            ),
            models.CheckConstraint(
                condition=Q(target__gt=0), name="portfolio_target_positive"
            ),
            models.CheckConstraint(
                condition=~Q(measure="custom") | ~Q(custom_name=""),
                name="custom_portfolio_target_is_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.target} by {self.due_on} ({self.portfolio})"

    @property
    def name(self) -> str:
        if self.measure == Benefit.Measure.CUSTOM:
            return self.custom_name
        return self.get_measure_display()
