"""The demo as a person trying the portal meets it: every rule kept, a history that
reads like a programme's, the sign-ins printed."""

import datetime as dt
import itertools
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Exists, F, OuterRef
from django.utils import timezone

from councils.models import Council, User
from demo.seed import plan_history, plan_projects
from heartbeat.models import GateReview, MarketingPack, Phase, Pulse
from metrics.models import Snapshot
from portfolios.models import (
    Benefit,
    BenefitActual,
    Commitment,
    Participation,
    Portfolio,
    Project,
    ResourceNeed,
    ResourceRole,
)
from tests.demo.conftest import PASSWORD

pytestmark = pytest.mark.django_db

Status = Commitment.Status


def counts() -> dict[str, int]:
    models = (
        Commitment,
        Benefit,
        BenefitActual,
        MarketingPack,
        GateReview,
        Pulse,
        User,
        Portfolio,
        Project,
        ResourceNeed,
        Participation,
        Council,
    )
    return {model.__name__: model.objects.count() for model in models}


def test_the_demo_has_the_plan_portfolios_and_projects_in_every_phase(demo: str):
    assert list(Portfolio.objects.values_list("priority", flat=True)) == list(
        range(1, 10)
    )
    assert 45 <= Project.objects.count() <= 60
    assert not Project.objects.filter(is_demo=False).exists()
    phases_used = set(Project.objects.values_list("phase__number", flat=True))
    assert phases_used == set(Phase.objects.values_list("number", flat=True))
    assert not Project.objects.annotate(n=Count("needs")).filter(n=0).exists()
    assert 1500 <= Commitment.objects.count() <= 3000


def test_the_sign_ins_are_printed_and_work(demo: str):
    usernames = {"staff", "executive"} | {
        f"lead-{slug}" for slug in Council.objects.values_list("slug", flat=True)
    }
    for username in usernames:
        assert User.objects.get(username=username).check_password(PASSWORD)
        assert username in demo
    assert f"password: {PASSWORD}" in demo
    fife = User.objects.get(username="lead-fife")
    assert fife.is_council_lead
    assert fife.council.slug == "fife"
    assert User.objects.get(username="staff").is_programme_staff
    assert User.objects.get(username="executive").is_executive


def test_the_demo_passes_check_data(demo: str):
    out = StringIO()
    call_command("check_data", stdout=out)
    assert "No row breaks a rule" in out.getvalue()


def test_every_proposal_was_made_by_a_lead_of_its_council(demo: str):
    assert not Commitment.objects.filter(proposed_by__isnull=True).exists()
    assert not Commitment.objects.exclude(proposed_by__council=F("council")).exists()


def test_confirmations_are_spread_over_the_year_not_stamped_on_the_seeding_day(
    demo: str,
):
    today = timezone.localdate()
    confirmed = list(
        Commitment.objects.filter(confirmed_on__isnull=False).values_list(
            "confirmed_on", flat=True
        )
    )
    last_year = {day for day in confirmed if day > today - dt.timedelta(days=365)}
    assert len(last_year) >= 150  # days of the year with a confirmation
    assert confirmed.count(today) <= len(confirmed) * 0.01
    decided_today = Commitment.objects.filter(ended_on=today).count()
    assert decided_today <= Commitment.objects.count() * 0.01


def test_no_commitment_is_fulfilled_before_its_council_joined_or_its_period(
    demo: str,
):
    fulfilled = Commitment.objects.filter(status=Status.FULFILLED)
    assert fulfilled.count() > 500
    assert not fulfilled.filter(ended_on__lt=F("starts_on")).exists()
    joined_later = Participation.objects.filter(
        project=OuterRef("project"),
        council=OuterRef("council"),
        joined_on__gt=OuterRef("proposed_on"),
    )
    assert not Commitment.objects.filter(Exists(joined_later)).exists()
    joined = Participation.objects.filter(
        project=OuterRef("project"), council=OuterRef("council")
    )
    assert not Commitment.objects.exclude(Exists(joined)).exists()


def test_people_commitments_name_a_needed_role_but_a_few(demo: str):
    people = Commitment.objects.filter(kind=Commitment.Kind.PEOPLE)
    needed = ResourceNeed.objects.filter(
        project=OuterRef("project"), role=OuterRef("role")
    )
    others = people.exclude(Exists(needed)).count()
    assert 0 < others <= people.count() * 0.1


def test_every_project_has_the_reviews_and_pulses_its_phase_implies(demo: str):
    for project in Project.objects.select_related("phase").prefetch_related(
        "reviews", "pulses"
    ):
        reviews = sorted(project.reviews.all(), key=lambda r: (r.decided_on, r.pk))
        proceeds = [r for r in reviews if r.decision == GateReview.Decision.PROCEED]
        assert len(proceeds) == project.phase.number - 1, project
        if proceeds:
            assert proceeds[-1].decided_on == project.phase_entered_on, project
        if project.closed_on:
            assert reviews[-1].decision == GateReview.Decision.CLOSE, project
            assert reviews[-1].decided_on == project.closed_on, project
        pulses = sorted(pulse.reported_on for pulse in project.pulses.all())
        assert pulses[0] == project.start_date, project
        assert pulses[-1] == project.status_date, project
        gaps = [(b - a).days for a, b in itertools.pairwise(pulses)]
        assert max(gaps, default=0) <= 42, project


def test_packs_are_published_when_their_project_reached_recruit(demo: str):
    recruit = Phase.objects.get(number=2)
    for project in Project.objects.select_related("phase", "pack"):
        if project.phase.number < recruit.number:
            assert not MarketingPack.objects.filter(project=project).exists()
            continue
        pack = project.pack
        reached = project.reviews.get(decision="proceed", to_phase=recruit)
        assert timezone.localdate(pack.published_at) == reached.decided_on, project
        # The headline is a line of its own, not the summary cut short.
        assert "\n" not in pack.headline
        assert not project.summary.startswith(pack.headline)


def test_the_history_is_not_emailed_to_the_leads_again(demo: str):
    assert not GateReview.objects.filter(leads_notified_at__isnull=True).exists()
    assert not MarketingPack.objects.filter(leads_notified_at__isnull=True).exists()


def test_a_year_ago_the_programme_was_already_running(demo: str):
    a_year_ago = timezone.localdate() - dt.timedelta(days=365)
    assert Project.objects.in_flight(a_year_ago).count() >= 15
    assert Participation.objects.active(a_year_ago).count() >= 60
    assert Commitment.objects.counted(a_year_ago).count() >= 200


def test_history_records_are_dated_the_day_it_happened(demo: str):
    proposals = Commitment.history.filter(history_change_reason="Proposed")
    assert proposals.count() == Commitment.objects.count()
    assert not proposals.exclude(history_date__date=F("proposed_on")).exists()
    assert GateReview.history.count() == GateReview.objects.count()
    assert not GateReview.history.exclude(history_date__date=F("decided_on")).exists()


def test_seed_demo_a_second_time_changes_nothing(demo: str):
    first = counts()
    projects = list(Project.objects.values().order_by("slug"))
    snapshots = sorted(
        Snapshot.objects.values_list("metric", "scope", "key", "date", "value"),
        key=str,
    )
    out = StringIO()
    call_command("seed_demo", "--password", PASSWORD, "--history", "3", stdout=out)
    assert "nothing new: all there" in out.getvalue()
    assert counts() == first
    assert list(Project.objects.values().order_by("slug")) == projects
    again = Snapshot.objects.values_list("metric", "scope", "key", "date", "value")
    assert sorted(again, key=str) == snapshots
    assert User.objects.get(username="staff").check_password(PASSWORD)


def test_seed_demo_computes_daily_metric_history(demo: str):
    days = Snapshot.objects.filter(scope="programme").values("date").distinct()
    assert days.count() == 3


def test_the_plan_is_the_same_every_time():
    today = dt.date(2026, 11, 29)
    assert plan_projects(2, today) == plan_projects(2, today)
    plans = plan_projects(1, today)
    assert len({p.slug for p in plans}) == len(plans)
    assert all(p.start <= p.status_date <= today for p in plans)
    assert all(p.start <= p.target for p in plans)
    assert all(
        p.start <= need.starts_on <= need.ends_on <= p.target
        for p in plans
        for need in p.needs
    )


def test_scale_multiplies_the_projects_and_their_commitments():
    today = timezone.localdate()
    phases = {p.number: p for p in Phase.objects.prefetch_related("products")}
    roles = list(ResourceRole.objects.values_list("name", flat=True))

    def proposals(scale: int) -> int:
        return sum(
            type(step).__name__ == "Proposed"
            for plan in plan_projects(scale, today)
            for step in plan_history(plan, today=today, phases=phases, roles=roles)
        )

    assert len(plan_projects(3, today)) == 3 * len(plan_projects(1, today))
    assert 2.5 * proposals(1) <= proposals(3) <= 3.5 * proposals(1)


def test_seed_demo_refuses_a_scale_below_one():
    with pytest.raises(CommandError, match="--scale must be 1 or more"):
        call_command("seed_demo", "--scale", "0", stdout=StringIO())
