"""The rules of which projects, participations and commitments count on a day,
each written once as a QuerySet method: read for today, and for a past day as it was
then."""

import datetime as dt

import pytest
from django.utils import timezone

from heartbeat.services import publish_pack, report_pulse
from portfolios.models import (
    Commitment,
    Participation,
    Portfolio,
    Project,
    pulse_cutoff,
)
from tests.factories import (
    CommitmentFactory,
    MarketingPackFactory,
    ParticipationFactory,
    PortfolioFactory,
    ProjectFactory,
)

Status = Commitment.Status
TODAY = timezone.localdate()
DAY = dt.date(2026, 6, 30)  # a past day to read the rules on


def d(month: int, day: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


def names(projects: object) -> set[str]:
    return {project.name for project in projects}


@pytest.fixture
def by_state(db: None) -> dict[str, Project]:
    """Projects in each state, today and on 30 June 2026."""
    return {
        # In flight today and on DAY.
        "running": ProjectFactory(name="running", start_date=d(1, 1)),
        # Started after DAY: not started then, in flight today.
        "later": ProjectFactory(name="later", start_date=d(9, 1)),
        # Not started today either.
        "future": ProjectFactory(
            name="future",
            start_date=TODAY + dt.timedelta(days=30),
            target_date=TODAY + dt.timedelta(days=400),
            status_date=TODAY + dt.timedelta(days=30),
        ),
        # Closed after DAY: in flight then, closed today.
        "closed since": ProjectFactory(
            name="closed since", start_date=d(1, 1), closed_on=d(8, 1)
        ),
        # Closed before DAY.
        "closed before": ProjectFactory(
            name="closed before", start_date=d(1, 1), closed_on=d(3, 31)
        ),
        # Closed on DAY itself: closed from that day.
        "closed that day": ProjectFactory(
            name="closed that day", start_date=d(1, 1), closed_on=DAY
        ),
    }


def test_in_flight_is_started_and_not_closed_on_the_day(by_state) -> None:
    assert names(Project.objects.in_flight()) == {"running", "later"}
    assert names(Project.objects.in_flight(DAY)) == {"running", "closed since"}


def test_not_started_and_closed_on_the_day(by_state) -> None:
    assert names(Project.objects.not_started()) == {"future"}
    assert names(Project.objects.not_started(DAY)) == {"later", "future"}
    assert names(Project.objects.closed()) == {
        "closed since",
        "closed before",
        "closed that day",
    }
    assert names(Project.objects.closed(DAY)) == {"closed before", "closed that day"}


def test_every_project_is_in_one_state_on_any_day(by_state) -> None:
    for day in (DAY, TODAY, d(1, 1)):
        states = [
            names(Project.objects.in_flight(day)),
            names(Project.objects.not_started(day)),
            names(Project.objects.closed(day)),
        ]
        assert sum(len(state) for state in states) == len(by_state)
        assert set().union(*states) == set(by_state)


def test_a_projects_own_reading_of_today_agrees_with_the_query(by_state) -> None:
    flying = names(Project.objects.in_flight())
    assert {p.name for p in by_state.values() if p.is_in_flight} == flying
    stalled = names(Project.objects.stalled())
    assert {p.name for p in by_state.values() if p.is_stalled} == stalled


def test_stalled_today_is_in_flight_with_no_pulse_within_the_interval(
    settings, db
) -> None:
    settings.HEARTBEAT_PULSE_INTERVAL_DAYS = 28
    cutoff = pulse_cutoff()
    assert cutoff == TODAY - dt.timedelta(days=28)
    ProjectFactory(name="fresh", status_date=cutoff)
    ProjectFactory(name="quiet", status_date=cutoff - dt.timedelta(days=1))
    ProjectFactory(name="closed", status_date=d(1, 1), closed_on=TODAY)
    assert names(Project.objects.stalled()) == {"quiet"}


def test_stalled_on_a_past_day_reads_the_pulses_reported_by_then(
    settings, staff_user
) -> None:
    settings.HEARTBEAT_PULSE_INTERVAL_DAYS = 28

    def pulses(project: Project, *days: dt.date) -> None:
        for day in days:
            report_pulse(
                project,
                rag_status="green",
                commentary=".",
                by=staff_user,
                reported_on=day,
            )

    # Its last pulse by 30 June was on 20 June; the one after does not count then.
    pulses(
        ProjectFactory(name="pulsed", start_date=d(1, 1)), d(5, 1), d(6, 20), d(7, 15)
    )
    ProjectFactory(name="silent", start_date=d(5, 1))  # never a pulse
    pulses(ProjectFactory(name="quiet", start_date=d(1, 1)), d(4, 1))
    ProjectFactory(name="new", start_date=d(6, 15))  # no pulse due yet on DAY
    assert names(Project.objects.stalled(DAY)) == {"silent", "quiet"}
    assert names(Project.objects.stalled(d(5, 20))) == {"quiet"}
    assert names(Project.objects.stalled(d(6, 1))) == {"pulsed", "silent", "quiet"}


def test_recruiting_is_in_flight_with_a_pack_published_by_then(
    by_state, staff_user
) -> None:
    publish_pack(
        MarketingPackFactory(project=by_state["running"]), by=staff_user, on=d(6, 1)
    )
    publish_pack(MarketingPackFactory(project=by_state["later"]), by=staff_user)
    MarketingPackFactory(
        project=by_state["closed since"],
        published_at=dt.datetime(2026, 5, 1, 10, tzinfo=dt.UTC),
    )
    MarketingPackFactory(project=by_state["future"])  # a draft: not recruiting
    assert names(Project.objects.recruiting()) == {"running", "later"}
    # On DAY, "later" had not started; "closed since" was still in flight.
    assert names(Project.objects.recruiting(DAY)) == {"running", "closed since"}
    assert names(Project.objects.recruiting(d(5, 31))) == {"closed since"}
    assert names(Project.objects.recruiting(d(4, 30))) == set()


def test_a_council_takes_part_on_a_day_it_had_joined_and_not_left(
    by_state, fife, highland
) -> None:
    running, closed = by_state["running"], by_state["closed since"]
    ParticipationFactory(project=running, council=fife, joined_on=d(2, 1))
    ParticipationFactory(
        project=running, council=highland, joined_on=d(2, 15), left_on=d(7, 1)
    )
    ParticipationFactory(project=closed, council=fife, joined_on=d(2, 1))

    def taking_part(day=None) -> set[tuple[str, str]]:
        return {
            (p.project.name, p.council.slug)
            for p in Participation.objects.active(day).select_related(
                "project", "council"
            )
        }

    assert taking_part(DAY) == {
        ("running", "fife"),
        ("running", "highland"),
        ("closed since", "fife"),
    }
    assert taking_part(d(2, 10)) == {("running", "fife"), ("closed since", "fife")}
    assert taking_part(d(7, 1)) == {("running", "fife"), ("closed since", "fife")}
    # Today: Highland has left, and the project Fife also joined has closed.
    assert taking_part() == {("running", "fife")}
    # Who belongs, whatever the project's state: those who have not left.
    assert {p.council.slug for p in Participation.objects.current()} == {"fife"}
    assert names(Project.objects.for_council(fife, DAY)) == {"running", "closed since"}
    assert names(Project.objects.for_council(highland)) == set()


def test_a_commitment_counts_on_the_days_it_was_confirmed_or_fulfilled(
    by_state,
) -> None:
    project = by_state["running"]
    common = {"project": project, "proposed_on": d(2, 10)}
    CommitmentFactory(**common, person_days=1)  # proposed, still
    CommitmentFactory(
        **common, person_days=2, status=Status.CONFIRMED, confirmed_on=d(3, 1)
    )
    CommitmentFactory(
        **common,
        person_days=3,
        status=Status.WITHDRAWN,
        confirmed_on=d(3, 1),
        ended_on=d(6, 1),
    )
    CommitmentFactory(
        **common,
        person_days=4,
        status=Status.FULFILLED,
        confirmed_on=d(3, 1),
        ended_on=d(6, 30),
    )
    CommitmentFactory(
        **common, person_days=5, status=Status.DECLINED, ended_on=d(2, 20)
    )

    def days(commitments) -> set[int]:
        return {c.person_days for c in commitments}

    counted, proposed = Commitment.objects.counted, Commitment.objects.proposed
    assert days(counted()) == {2, 4}
    assert days(proposed()) == {1}
    assert days(counted(d(2, 28))) == set()
    assert days(proposed(d(2, 15))) == {1, 2, 3, 4, 5}
    assert days(proposed(d(2, 28))) == {1, 2, 3, 4}
    assert days(counted(d(5, 31))) == {2, 3, 4}
    assert days(counted(DAY)) == {2, 4}  # withdrawn by then, and fulfilled that day
    assert days(counted(d(2, 9))) == set()  # none proposed yet
    assert days(proposed(d(2, 9))) == set()
    assert days(Commitment.objects.active()) == {1, 2}


def test_a_portfolio_counts_its_projects_in_flight_at_red_and_stalled(
    settings, db
) -> None:
    settings.HEARTBEAT_PULSE_INTERVAL_DAYS = 28
    portfolio = PortfolioFactory()
    ProjectFactory(portfolio=portfolio, rag_status="red", status_date=TODAY)
    ProjectFactory(portfolio=portfolio, rag_status="green", status_date=d(1, 1))
    ProjectFactory(portfolio=portfolio, rag_status="red", closed_on=TODAY)
    counted = Portfolio.objects.with_project_counts().get(pk=portfolio.pk)
    assert (counted.in_flight_count, counted.red_count, counted.stalled_count) == (
        2,
        1,
        1,
    )


def test_a_pulse_is_due_within_days_of_the_interval_and_overdue_ones_stay_due(
    db: None, settings
) -> None:
    settings.HEARTBEAT_PULSE_INTERVAL_DAYS = 28
    last = {
        "due in 2 days": TODAY - dt.timedelta(days=26),
        "due in 3 days": TODAY - dt.timedelta(days=25),
        "due in 4 days": TODAY - dt.timedelta(days=24),
        "overdue": TODAY - dt.timedelta(days=40),
    }
    projects = {
        name: ProjectFactory(name=name, start_date=d(1, 1), status_date=day)
        for name, day in last.items()
    }
    ProjectFactory(
        name="closed", start_date=d(1, 1), status_date=d(2, 1), closed_on=d(3, 1)
    )

    assert names(Project.objects.pulse_due_within(3)) == {
        "due in 2 days",
        "due in 3 days",
        "overdue",
    }
    assert projects["due in 3 days"].pulse_due_on == TODAY + dt.timedelta(days=3)
    # Due on a day is the last day on time: the day after, the project is stalled.
    assert names(Project.objects.stalled()) == {"overdue"}


def test_long_in_phase_follows_the_setting(db: None, settings) -> None:
    ProjectFactory(
        name="100 days", start_date=d(1, 1), phase_entered_on=TODAY - dt.timedelta(100)
    )
    ProjectFactory(
        name="200 days", start_date=d(1, 1), phase_entered_on=TODAY - dt.timedelta(200)
    )
    settings.HEARTBEAT_LONG_IN_PHASE_DAYS = 180
    assert names(Project.objects.long_in_phase()) == {"200 days"}
    settings.HEARTBEAT_LONG_IN_PHASE_DAYS = 90
    assert names(Project.objects.long_in_phase()) == {"100 days", "200 days"}
