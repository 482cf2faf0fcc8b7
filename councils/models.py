from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Cast
from django.urls import reverse

from councils.roles import Role

# Four councils changed GSS code in 2018-19; data keyed by the old codes still arrives.
FORMER_GSS_CODES = {
    "S12000015": "S12000047",  # Fife
    "S12000046": "S12000049",  # Glasgow City
    "S12000044": "S12000050",  # North Lanarkshire
    "S12000024": "S12000048",  # Perth and Kinross
}


class CouncilQuerySet(models.QuerySet):
    def with_population_share(self) -> "CouncilQuerySet":
        """Each council's share of Scotland's population, as a fraction, in one query.

        The total is a subquery over all 32 councils, so the share stays right when
        the list itself is filtered.
        """
        scotland = Council.objects.annotate(
            total=models.Window(models.Sum("population"))
        ).values("total")[:1]
        return self.annotate(
            population_share=Cast("population", models.FloatField())
            / Cast(models.Subquery(scotland), models.FloatField())
        )

    def get_by_gss_code(self, code: str) -> "Council":
        """The council with this GSS code, accepting the codes retired in 2018-19."""
        code = code.strip().upper()
        return self.get(gss_code=FORMER_GSS_CODES.get(code, code))


class Council(models.Model):
    class Standing(models.TextChoices):
        COMMITTED = "committed", "Committed"
        IN_PRINCIPLE = "in_principle", "Committed in principle"
        NOT_COMMITTED = "not_committed", "Not committed"

    name = models.CharField("official name", max_length=100, unique=True)
    short_name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    gss_code = models.CharField(
        "GSS code",
        max_length=9,
        unique=True,
        validators=[
            RegexValidator(r"^S12\d{6}$", "Enter a council GSS code, like S12000033.")
        ],
    )
    population = models.PositiveIntegerField()
    population_year = models.PositiveSmallIntegerField()
    standing = models.CharField(
        "standing in the partnership",
        max_length=20,
        choices=Standing,
        default=Standing.IN_PRINCIPLE,
    )
    annual_contribution = models.DecimalField(
        "annual contribution (£)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="What the council pays into the partnership each year.",
    )
    contact_name = models.CharField("digital contact", max_length=100, blank=True)
    contact_email = models.EmailField("digital contact email", blank=True)
    digital_priorities = models.TextField(
        blank=True,
        help_text="What the council most wants from the programme, in a few lines.",
    )
    # Named by string: the objectives belong to the portfolios app above this one.
    priority_objectives = models.ManyToManyField(
        "portfolios.VisionObjective",
        blank=True,
        related_name="prioritised_by",
        verbose_name="vision objectives it gives priority to",
        help_text="Its leads hear of new Marketing Packs tagged with one of these "
        "(of every pack, when none is chosen).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(annual_contribution__gte=0),
                name="council_contribution_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        # The council's page shows every app's data, so the top app serves it.
        return reverse("metrics:council", args=[self.slug])


class UserQuerySet(models.QuerySet):
    """Who holds each role: the one place that says so, for pages, forms and email."""

    def staff(self) -> "UserQuerySet":
        """Digital Office staff (superusers count), never an executive."""
        return (
            self.filter(is_active=True)
            .filter(models.Q(groups__name=Role.STAFF) | models.Q(is_superuser=True))
            .exclude(groups__name=Role.EXECUTIVE)
            .distinct()
        )

    def leads(self) -> "UserQuerySet":
        """Active council leads, each with a council."""
        return self.filter(
            is_active=True, groups__name=Role.LEAD, council__isnull=False
        ).exclude(groups__name=Role.EXECUTIVE)

    def leads_of(self, council: "Council | int") -> "UserQuerySet":
        return self.leads().filter(council=council)


class HeartbeatUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in. Roles are groups; a council lead also names a council.

    A person holds one role. An executive never writes, whatever else is set on the
    account (a staff group, a superuser flag, a project they own): being an
    executive wins over every other role.
    """

    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="For council leads: the council whose commitments they manage.",
    )
    job_title = models.CharField(max_length=100, blank=True)

    objects = HeartbeatUserManager()

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        # Cached per request (request.user is one instance), so templates and
        # permission checks share a single query.
        if not self.is_active:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    @property
    def is_executive(self) -> bool:
        return Role.EXECUTIVE in self.role_names

    @property
    def is_programme_staff(self) -> bool:
        return (
            self.is_active
            and (self.is_superuser or Role.STAFF in self.role_names)
            and not self.is_executive
        )

    @property
    def is_council_lead(self) -> bool:
        return (
            self.council_id is not None
            and Role.LEAD in self.role_names
            and not self.is_executive
        )

    @property
    def lead_council_id(self) -> int | None:
        return self.council_id if self.is_council_lead else None

    @property
    def has_role(self) -> bool:
        return self.is_programme_staff or self.is_executive or self.is_council_lead

    @property
    def role_label(self) -> str:
        if self.is_programme_staff:
            return Role.STAFF.label
        if self.is_executive:
            return Role.EXECUTIVE.label
        if self.is_council_lead:
            return Role.LEAD.label
        return "No role"
