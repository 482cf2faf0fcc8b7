"""A factory per model the tests build. Rows that carry a rule (a commitment's
status, a gate review, a pulse) are made through the services in the tests that need
them; these factories make only rows that are valid as they stand."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from django.utils.text import slugify

from councils.models import Council, User
from heartbeat.models import GateReview, MarketingPack, Phase, ProjectProduct, Pulse
from ideas.models import Idea, Interest, Score
from metrics.models import Scope, Snapshot
from metrics.names import Metric
from outbox.kinds import Kind
from outbox.models import Email, Preference
from portfolios.models import (
    Benefit,
    BenefitActual,
    Commitment,
    Participation,
    Portfolio,
    PortfolioTarget,
    Project,
    ResourceNeed,
    ResourceRole,
    VisionObjective,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery")


class ResourceRoleFactory(factory.django.DjangoModelFactory):
    """A role on the roles list; the migration's list has the usual ones by name."""

    class Meta:
        model = ResourceRole
        django_get_or_create = ("name",)

    name = "Service designer"


class VisionObjectiveFactory(factory.django.DjangoModelFactory):
    """One of the five objectives the migration made (there are no others)."""

    class Meta:
        model = VisionObjective
        django_get_or_create = ("slug",)

    slug = "scaling"


class PortfolioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portfolio

    name = factory.Sequence(lambda n: f"Portfolio {n}")
    slug = factory.LazyAttribute(lambda p: slugify(p.name))
    priority = factory.Sequence(lambda n: n + 1)
    summary = "A programme of work the councils asked for."
    lead_officer = "A. Officer"
    starts_on = dt.date(2019, 10, 1)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    portfolio = factory.SubFactory(PortfolioFactory)
    name = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.LazyAttribute(lambda p: slugify(p.name))
    summary = "What the project does."
    problem = "The problem councils raised."
    outcome = "What will be different."
    kind = Project.Kind.NEW_WAYS
    phase = factory.LazyFunction(lambda: Phase.objects.get(number=1))
    rag_status = Project.Rag.GREEN
    status_date = factory.LazyFunction(timezone.localdate)  # a pulse today
    start_date = dt.date(2026, 1, 1)
    target_date = dt.date(2027, 12, 31)
    phase_entered_on = factory.LazyAttribute(lambda p: p.start_date)


class ResourceNeedFactory(factory.django.DjangoModelFactory):
    """Person-days in a role; pass role=None, person_days=0 and an amount for money."""

    class Meta:
        model = ResourceNeed

    project = factory.SubFactory(ProjectFactory)
    role = factory.SubFactory(ResourceRoleFactory)
    person_days = 20
    starts_on = dt.date(2026, 2, 1)
    ends_on = dt.date(2026, 6, 30)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    project = factory.SubFactory(ProjectFactory)
    council = factory.Sequence(lambda n: Council.objects.order_by("pk")[n % 32])
    joined_on = dt.date(2026, 2, 1)


class CommitmentFactory(factory.django.DjangoModelFactory):
    """A proposed people commitment; give the status and its days for others."""

    class Meta:
        model = Commitment

    project = factory.SubFactory(ProjectFactory)
    council = factory.LazyFunction(lambda: Council.objects.get(slug="fife"))
    kind = Commitment.Kind.PEOPLE
    role = factory.SubFactory(ResourceRoleFactory)
    person_days = 10
    starts_on = dt.date(2026, 3, 1)
    ends_on = dt.date(2026, 6, 30)
    status = Commitment.Status.PROPOSED
    proposed_on = dt.date(2026, 2, 10)
    proposed_by = factory.SubFactory(UserFactory)


class BenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Benefit

    project = factory.SubFactory(ProjectFactory)
    measure = Benefit.Measure.HOURS_SAVED
    baseline = Decimal(0)
    target = Decimal(1000)


class MarketingPackFactory(factory.django.DjangoModelFactory):
    """A draft pack; publishing goes through heartbeat.services.publish_pack."""

    class Meta:
        model = MarketingPack

    project = factory.SubFactory(ProjectFactory)
    headline = "Join the cohort"
    what_councils_gain = "Shared work, and what it makes first."
    contact_name = "A. Officer"
    contact_email = "officer@example.org"


class BenefitActualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenefitActual

    benefit = factory.SubFactory(BenefitFactory)
    measured_on = dt.date(2026, 5, 1)
    value = Decimal(200)
    recorded_by = factory.SubFactory(UserFactory)


class ProjectProductFactory(factory.django.DjangoModelFactory):
    """A product of the project's current phase, not started."""

    class Meta:
        model = ProjectProduct
        django_get_or_create = ("project", "product")

    project = factory.SubFactory(ProjectFactory)
    product = factory.LazyAttribute(lambda row: row.project.phase.products.first())
    phase = factory.LazyAttribute(lambda row: row.product.phase)
    name = factory.LazyAttribute(lambda row: row.product.name)


class PulseFactory(factory.django.DjangoModelFactory):
    """A pulse on the project's start; heartbeat.services.report_pulse also moves the
    project's own status, which a bare row does not."""

    class Meta:
        model = Pulse

    project = factory.SubFactory(ProjectFactory)
    reported_on = factory.LazyAttribute(lambda row: row.project.start_date)
    rag_status = Project.Rag.GREEN
    commentary = "On track."
    reported_by = factory.SubFactory(UserFactory)


class GateReviewFactory(factory.django.DjangoModelFactory):
    """A hold at the project's gate, as a record; record_gate_review applies one."""

    class Meta:
        model = GateReview

    project = factory.SubFactory(ProjectFactory)
    phase = factory.LazyAttribute(lambda row: row.project.phase)
    to_phase = factory.LazyAttribute(lambda row: row.project.phase)
    decision = GateReview.Decision.HOLD
    decided_on = factory.LazyAttribute(lambda row: row.project.start_date)
    decided_by = factory.SubFactory(UserFactory)
    rationale = "Not ready to leave the phase."


class SnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Snapshot

    metric = Metric.PROJECTS_RUNNING
    scope = Scope.PROGRAMME
    scope_id = 0
    date = factory.LazyFunction(timezone.localdate)
    value = 1.0
    computed_at = factory.LazyFunction(timezone.now)


class IdeaFactory(factory.django.DjangoModelFactory):
    """An open idea proposed by staff (no council); ideas.services.propose_idea also
    records the proposer's council's interest, which a bare row does not."""

    class Meta:
        model = Idea

    title = factory.Sequence(lambda n: f"Idea {n}")
    problem = "Each council builds the same thing alone."
    affects = "Residents who use the service, and the staff who run it."
    objective = factory.SubFactory(VisionObjectiveFactory, slug="scoping")
    proposed_by = factory.SubFactory(UserFactory)


class InterestFactory(factory.django.DjangoModelFactory):
    """Fife's interest in an idea."""

    class Meta:
        model = Interest
        django_get_or_create = ("idea", "council")

    idea = factory.SubFactory(IdeaFactory)
    council = factory.LazyFunction(lambda: Council.objects.get(slug="fife"))
    registered_by = factory.SubFactory(UserFactory)


class ScoreFactory(factory.django.DjangoModelFactory):
    """One person's middling scores of an idea."""

    class Meta:
        model = Score

    idea = factory.SubFactory(IdeaFactory)
    scored_by = factory.SubFactory(UserFactory)
    fit = 3
    value = 3
    effort = 3


class PortfolioTargetFactory(factory.django.DjangoModelFactory):
    """1,000 people reached by 31 March 2027."""

    class Meta:
        model = PortfolioTarget

    portfolio = factory.SubFactory(PortfolioFactory)
    measure = Benefit.Measure.PEOPLE_REACHED
    target = Decimal(1000)
    due_on = dt.date(2027, 3, 31)


class EmailFactory(factory.django.DjangoModelFactory):
    """An email composed and not yet sent; outbox.services.compose makes real ones."""

    class Meta:
        model = Email

    recipient = factory.SubFactory(UserFactory)
    address = factory.LazyAttribute(lambda row: row.recipient.email)
    kind = Kind.PHASE_CHANGED
    key = factory.Sequence(lambda n: f"test:{n}")
    subject = "Digital telecare switchover has moved to Recruit"
    text_body = "Hello,\n\nThe project has moved to Recruit.\n"
    html_body = "<p>Hello,</p><p>The project has moved to Recruit.</p>"


class PreferenceFactory(factory.django.DjangoModelFactory):
    """A person who switched phase-change emails off."""

    class Meta:
        model = Preference
        django_get_or_create = ("user", "kind")

    user = factory.SubFactory(UserFactory)
    kind = Kind.PHASE_CHANGED
    enabled = False
