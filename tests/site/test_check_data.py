"""`manage.py check_data` lists each row that breaks a rule, and says how to mend it.

A small world made through the services passes; each rule is then broken by a row
written around them, as a database from elsewhere might hold it. (The demo passes
too: tests/demo.)
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from councils.models import User
from councils.roles import Role
from digital_office.management.commands.check_data import installed_rules
from heartbeat.models import GateReview, MarketingPack, Phase, Pulse
from heartbeat.services import (
    CriterionTick,
    publish_pack,
    record_gate_review,
    report_pulse,
    save_pack,
    start_project,
)
from portfolios.models import (
    Benefit,
    BenefitActual,
    Commitment,
    Participation,
    Project,
    ResourceNeed,
)
from portfolios.services import (
    BenefitTerms,
    CommitmentTerms,
    join_project,
    leave_project,
    propose_commitment,
    record_actual,
    save_benefit,
    set_commitment_status,
)
from tests.factories import (
    CommitmentFactory,
    PortfolioFactory,
    ProjectFactory,
    ResourceNeedFactory,
    ResourceRoleFactory,
)


@dataclass
class Clean:
    lead: User
    executive: User
    project: Project
    confirmed: Commitment  # people, proposed 10 Feb 2026, confirmed 20 Feb 2026
    fulfilled: Commitment  # money, in March 2026, fulfilled 6 April 2026


@pytest.fixture
def clean(staff_user: User, executive_user: User, lead_user: User) -> Clean:
    """A project from 1 January 2026 to the end of 2027, made and run through the
    services: started, its pack published and a gate passed on 20 January, Fife
    joined on 1 February and committed people and money, a benefit measured and a
    pulse reported on 1 October."""
    fife = lead_user.council
    project = start_project(
        ProjectFactory.build(
            portfolio=PortfolioFactory(), owner=staff_user, status_date=None
        ),
        by=staff_user,
    )
    recruiting = dt.date(2026, 1, 20)
    pack = save_pack(
        project,
        by=staff_user,
        on=recruiting,
        headline="Join the cohort.",
        what_councils_gain="Shared work.",
        spotlight="",
        contact_name="A. Officer",
        contact_email="officer@example.org",
    )
    publish_pack(pack, by=staff_user, on=recruiting)
    record_gate_review(
        project,
        decision=GateReview.Decision.PROCEED,
        by=staff_user,
        rationale="Scoped.",
        ticks=[
            CriterionTick(criterion, met=True, evidence="Agreed.")
            for criterion in Phase.objects.get(number=1).criteria.all()
        ],
        decided_on=recruiting,
        based_on_review=None,
    )
    role = ResourceRoleFactory(name="Data analyst")
    ResourceNeedFactory(project=project, role=role)
    join_project(project, council=fife, by=lead_user, on=dt.date(2026, 2, 1))
    people = CommitmentTerms(
        kind=Commitment.Kind.PEOPLE,
        role=role,
        person_days=20,
        starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 5, 29),
    )
    money = CommitmentTerms(
        kind=Commitment.Kind.MONEY,
        amount=Decimal(5000),
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 3, 31),
    )
    confirmed, fulfilled = (
        set_commitment_status(
            propose_commitment(
                project,
                council=fife,
                by=lead_user,
                terms=terms,
                on=dt.date(2026, 2, 10),
            ),
            status=Commitment.Status.CONFIRMED,
            by=staff_user,
            expected_version=1,
            on=dt.date(2026, 2, 20),
        )
        for terms in (people, money)
    )
    fulfilled = set_commitment_status(
        fulfilled,
        status=Commitment.Status.FULFILLED,
        by=staff_user,
        expected_version=fulfilled.version,
        on=dt.date(2026, 4, 6),
    )
    benefit = save_benefit(
        project,
        by=staff_user,
        terms=BenefitTerms(measure=Benefit.Measure.HOURS_SAVED, target=Decimal(900)),
        on=dt.date(2026, 3, 1),
    )
    record_actual(
        benefit,
        by=staff_user,
        measured_on=dt.date(2026, 10, 1),
        value=Decimal(200),
        on=dt.date(2026, 10, 1),
    )
    report_pulse(
        project,
        rag_status=Project.Rag.GREEN,
        commentary="On track.",
        by=staff_user,
        reported_on=dt.date(2026, 10, 1),
    )
    return Clean(lead_user, executive_user, project, confirmed, fulfilled)


def check_data(*args: str) -> tuple[int, list[str]]:
    """The command's exit code and its lines."""
    out = StringIO()
    try:
        call_command("check_data", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue().splitlines()
    return 0, out.getvalue().splitlines()


def rules_reported(lines: list[str]) -> set[str]:
    return {line.split(":")[0] for line in lines}


# Each rule, and a row written around the services that breaks it (and only it).
BREAKS: dict[str, Callable[[Clean], object]] = {
    "councils.lead_without_council": lambda w: User.objects.filter(pk=w.lead.pk).update(
        council=None
    ),
    "councils.several_roles": lambda w: w.executive.groups.add(
        Group.objects.get(name=Role.STAFF)
    ),
    "portfolios.commitment_outside_project": lambda w: Commitment.objects.filter(
        pk=w.confirmed.pk
    ).update(ends_on=dt.date(2028, 1, 31)),
    "portfolios.commitment_before_joining": lambda w: Commitment.objects.filter(
        pk=w.confirmed.pk
    ).update(proposed_on=dt.date(2026, 1, 25)),
    "portfolios.commitment_without_proposer": lambda w: Commitment.objects.filter(
        pk=w.fulfilled.pk
    ).update(proposed_by=None),
    "portfolios.commitment_in_the_future": lambda w: Commitment.objects.filter(
        pk=w.confirmed.pk
    ).update(confirmed_on=timezone.localdate() + dt.timedelta(days=3)),
    "portfolios.commitment_beyond_working_days": lambda w: Commitment.objects.filter(
        pk=w.confirmed.pk
    ).update(person_days=70),
    "portfolios.duplicate_commitment": lambda w: CommitmentFactory(
        project=w.project,
        council=w.confirmed.council,
        role=w.confirmed.role,
        proposed_by=w.lead,
    ),
    "portfolios.participation_outside_project": lambda w: Participation.objects.filter(
        project=w.project
    ).update(joined_on=dt.date(2025, 12, 1)),
    "portfolios.need_outside_project": lambda w: ResourceNeed.objects.filter(
        project=w.project
    ).update(ends_on=dt.date(2028, 3, 1)),
    "portfolios.owner_not_staff": lambda w: Project.objects.filter(
        pk=w.project.pk
    ).update(owner=w.executive),
    "portfolios.actual_outside_project": lambda w: BenefitActual.objects.filter(
        benefit__project=w.project
    ).update(measured_on=dt.date(2025, 12, 1)),
    "heartbeat.pulse_outside_project": lambda w: Pulse.objects.filter(
        project=w.project, reported_on=w.project.start_date
    ).update(reported_on=dt.date(2025, 12, 15)),
    "heartbeat.review_outside_project": lambda w: GateReview.objects.filter(
        project=w.project
    ).update(decided_on=dt.date(2025, 12, 20)),
    "heartbeat.status_not_newest_pulse": lambda w: Project.objects.filter(
        pk=w.project.pk
    ).update(status_date=dt.date(2026, 9, 1)),
    "heartbeat.phase_not_latest_review": lambda w: Project.objects.filter(
        pk=w.project.pk
    ).update(phase=Phase.objects.get(number=3)),
    "heartbeat.closure_not_latest_review": lambda w: Project.objects.filter(
        pk=w.project.pk
    ).update(closed_on=dt.date(2026, 10, 2)),
    "heartbeat.pack_outside_project": lambda w: MarketingPack.objects.filter(
        project=w.project
    ).update(published_at=dt.datetime(2025, 12, 1, 10, tzinfo=dt.UTC)),
}


def test_a_world_made_through_the_services_breaks_no_rule(clean: Clean):
    code, lines = check_data()
    assert code == 0
    assert lines == [f"No row breaks a rule ({len(BREAKS)} rules checked)."]


def test_every_rule_installed_is_tried_here():
    assert {rule.name for rule in installed_rules()} == set(BREAKS)


@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_a_row_written_around_the_services_is_reported(clean: Clean, rule: str):
    BREAKS[rule](clean)
    code, lines = check_data()
    assert code == 1
    assert rules_reported(lines) == {rule}
    mend = next(r.mend for r in installed_rules() if r.name == rule)
    assert all(line.endswith(f"Mend: {mend}") for line in lines)


def test_each_offending_row_has_its_own_line(clean: Clean):
    Commitment.objects.update(proposed_by=None)
    code, lines = check_data()
    assert code == 1
    assert len(lines) == 2
    assert rules_reported(lines) == {"portfolios.commitment_without_proposer"}
    assert any(f"Commitment {clean.confirmed.pk} " in line for line in lines)
    assert any(f"Commitment {clean.fulfilled.pk} " in line for line in lines)


def test_check_data_checks_only_the_rules_asked_for(clean: Clean):
    BREAKS["portfolios.owner_not_staff"](clean)
    BREAKS["heartbeat.status_not_newest_pulse"](clean)
    code, lines = check_data("--rule", "heartbeat.status_not_newest_pulse")
    assert code == 1
    assert rules_reported(lines) == {"heartbeat.status_not_newest_pulse"}


@pytest.mark.django_db
def test_check_data_refuses_a_rule_it_does_not_know():
    with pytest.raises(CommandError, match="No such rule: nothing"):
        call_command("check_data", "--rule", "nothing", stdout=StringIO())


def test_a_council_that_left_and_joined_again_keeps_its_first_day(clean: Clean):
    """Its commitments from before it left are not made "before it joined"."""
    fife = clean.lead.council
    leave_project(clean.project, council=fife, by=clean.lead, on=dt.date(2026, 6, 1))
    join_project(clean.project, council=fife, by=clean.lead, on=dt.date(2026, 7, 1))
    assert Participation.objects.get(council=fife).joined_on == dt.date(2026, 7, 1)
    code, _ = check_data()
    assert code == 0
