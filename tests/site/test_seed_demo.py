import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from councils.models import Council, User
from digital_office.demo import plan_projects
from heartbeat.models import GateReview, MarketingPack, Phase
from metrics.models import Snapshot
from portfolios.models import (
    Benefit,
    Commitment,
    Participation,
    Portfolio,
    Project,
    ResourceNeed,
)


def counts() -> dict[str, int]:
    return {
        "commitments": Commitment.objects.count(),
        "benefits": Benefit.objects.count(),
        "packs": MarketingPack.objects.count(),
        "reviews": GateReview.objects.count(),
        "users": User.objects.count(),
        "portfolios": Portfolio.objects.count(),
        "projects": Project.objects.count(),
        "needs": ResourceNeed.objects.count(),
        "participations": Participation.objects.count(),
        "councils": Council.objects.count(),
    }


@pytest.mark.django_db
def test_seed_demo_creates_the_plan_portfolios_projects_in_every_phase_and_sign_ins():
    out = StringIO()
    call_command(
        "seed_demo", "--password", "a-demo-password", "--history", "3", stdout=out
    )
    assert Portfolio.objects.count() == 9
    assert list(Portfolio.objects.values_list("priority", flat=True)) == list(
        range(1, 10)
    )
    assert 45 <= Project.objects.count() <= 60
    phases_used = set(Project.objects.values_list("phase__number", flat=True))
    assert phases_used == set(Phase.objects.values_list("number", flat=True))
    assert not Project.objects.annotate(n=Count("needs")).filter(n=0).exists()
    assert Project.objects.filter(is_demo=False).count() == 0
    usernames = {"staff", "executive"} | {
        f"lead-{c.slug}" for c in Council.objects.all()
    }
    for username in usernames:
        user = User.objects.get(username=username)
        assert user.check_password("a-demo-password")
        assert username in out.getvalue()
    assert User.objects.get(username="lead-fife").is_council_lead
    assert User.objects.get(username="lead-fife").council.slug == "fife"
    assert User.objects.get(username="staff").is_programme_staff
    assert User.objects.get(username="executive").is_executive


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", "--history", "2", stdout=StringIO())
    first = counts()
    projects = list(Project.objects.values().order_by("slug"))
    snapshots = list(
        Snapshot.objects.values_list("metric", "scope", "key", "date", "value")
    )
    call_command("seed_demo", "--history", "2", stdout=StringIO())
    assert counts() == first
    assert list(Project.objects.values().order_by("slug")) == projects
    again = list(
        Snapshot.objects.values_list("metric", "scope", "key", "date", "value")
    )
    assert sorted(again, key=str) == sorted(snapshots, key=str)


@pytest.mark.django_db
def test_seed_demo_scale_multiplies_the_projects():
    call_command("seed_demo", "--history", "0", stdout=StringIO())
    one = Project.objects.count()
    call_command("seed_demo", "--scale", "3", "--history", "0", stdout=StringIO())
    assert Project.objects.count() == 3 * one
    assert Portfolio.objects.count() == 9


def test_demo_plan_is_deterministic():
    today = dt.date(2026, 11, 29)
    assert plan_projects(2, today) == plan_projects(2, today)
    plan = plan_projects(1, today)
    assert len({p.slug for p in plan}) == len(plan)
    assert all(p.start <= p.status_date <= today for p in plan)
    assert all(p.start <= p.target for p in plan)


@pytest.mark.django_db
def test_seed_demo_refuses_a_scale_below_one():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--scale must be 1 or more"):
        call_command("seed_demo", "--scale", "0", stdout=StringIO())


@pytest.mark.django_db
def test_seed_demo_computes_daily_metric_history():
    call_command("seed_demo", "--history", "3", stdout=StringIO())
    days = set(
        Snapshot.objects.filter(
            scope="programme", metric="projects_running"
        ).values_list("date", flat=True)
    )
    assert len(days) == 3
    assert Commitment.objects.count() > 1000
    assert Benefit.objects.exists()
