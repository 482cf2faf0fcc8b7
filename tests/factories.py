import datetime as dt

import factory
from django.utils.text import slugify

from councils.models import Council, User
from heartbeat.models import Phase
from portfolios.models import Participation, Portfolio, Project, ResourceNeed


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery")


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
    status_date = dt.date(2026, 11, 1)
    start_date = dt.date(2026, 1, 1)
    target_date = dt.date(2027, 12, 31)
    phase_entered_on = factory.LazyAttribute(lambda p: p.start_date)


class ResourceNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceNeed

    project = factory.SubFactory(ProjectFactory)
    role = "Service designer"
    person_days = 20
    starts_on = dt.date(2026, 2, 1)
    ends_on = dt.date(2026, 6, 30)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    project = factory.SubFactory(ProjectFactory)
    council = factory.Sequence(lambda n: Council.objects.order_by("pk")[n % 32])
    joined_on = dt.date(2026, 2, 1)
