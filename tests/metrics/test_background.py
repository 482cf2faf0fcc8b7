"""The embedded mode's runner: a save answers first, its figures follow after it, a
burst of saves costs one recompute, and nobody has to run compute_metrics.

The recompute is held on a threading.Event, so what is proved does not hang on how
fast the machine is: no test measures a time."""

import threading
from collections.abc import Iterator
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from metrics import background, services
from metrics.background import Pending, Runner, runner
from metrics.models import Snapshot
from metrics.names import Metric

WAIT = 60  # seconds: a bound for a stuck thread, never the thing measured
# Committed data, seen by the runner's own connection; the migrated rows (the
# councils, phases and roles) are put back after the flush.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def figure(metric: Metric, scope: str, scope_id: int) -> float | None:
    return (
        Snapshot.objects.filter(
            date=timezone.localdate(), metric=metric, scope=scope, scope_id=scope_id
        )
        .values_list("value", flat=True)
        .first()
    )


@pytest.fixture
def in_background(settings) -> Iterator[Runner]:
    """The portal's own setting: tasks in-process, the recompute in the background.
    Asked for after the data a test builds, so that building it is not a burst."""
    settings.HEARTBEAT_METRICS_IN_BACKGROUND = True
    assert runner.wait_idle(WAIT)
    yield runner
    assert runner.wait_idle(WAIT), "the runner is still busy"


class Held:
    """Wraps a recompute: records each call and whether a request of the process
    was in flight when it started, and holds it until released."""

    def __init__(self, real) -> None:
        self.real = real
        self.calls: list[tuple] = []
        self.in_flight_at_start: list[int] = []
        self.release = threading.Event()
        self.done = threading.Event()

    def __call__(self, *args, **kwargs):
        self.calls.append(args)
        self.in_flight_at_start.append(runner.requests_in_flight)
        assert self.release.wait(WAIT), "never released"
        try:
            return self.real(*args, **kwargs)
        finally:
            self.done.set()


@committed
def test_a_save_answers_before_its_recompute_and_the_figures_follow(
    programme, in_background, staff_client
) -> None:
    services.recompute_day()
    p1, scaling = programme["p1"], programme["scaling"]
    # Its last pulse was on 20 June: stalled today, in its objective's count too.
    assert figure(Metric.PROJECTS_STALLED, "objective", scaling.pk) == 1
    held = Held(services.recompute_projects)
    with mock.patch.object(services, "recompute_projects", held):
        response = staff_client.post(
            reverse("heartbeat:pulse", args=[p1.slug]),
            {
                "reported_on": timezone.localdate().strftime("%d/%m/%Y"),
                "rag_status": "green",
                "commentary": "Back on track.",
            },
        )
        # The response is here and the pulse saved; the figures are not yet.
        assert response.status_code == 302
        assert p1.pulses.filter(commentary="Back on track.").exists()
        assert not held.done.is_set()
        assert figure(Metric.PROJECTS_STALLED, "objective", scaling.pk) == 1
        held.release.set()
        assert in_background.wait_idle(WAIT)
    # One recompute, for the project, once no request was in flight.
    assert held.calls == [({p1.pk},)]
    assert held.in_flight_at_start == [0]
    # Nobody ran compute_metrics: the objective, the portfolio and the project follow.
    assert figure(Metric.PROJECTS_STALLED, "objective", scaling.pk) == 0
    assert figure(Metric.PROJECTS_STALLED, "portfolio", programme["a"].pk) == 1
    assert figure(Metric.STALLED, "project", p1.pk) == 0


@committed
def test_a_burst_of_saves_costs_one_recompute(programme, in_background) -> None:
    services.recompute_day()
    p1, p2 = programme["p1"], programme["p2"]
    held = Held(services.recompute_projects)
    with mock.patch.object(services, "recompute_projects", held):
        in_background.request_started()  # an admin request saving many rows
        for number in range(20):
            for project in (p1, p2):
                project.summary = f"Change {number}"
                project.save()  # each commits: each queues its refresh
        in_background.request_finished()
        held.release.set()
        assert in_background.wait_idle(WAIT)
    assert held.calls == [({p1.pk, p2.pk},)]
    assert held.in_flight_at_start == [0]


@committed
def test_a_request_finding_no_figures_for_today_has_them_computed(
    programme, in_background, executive_client
) -> None:
    Snapshot.objects.all().delete()  # none yet today
    in_background._next_beat = 0  # this process has not checked yet
    executive_client.get(reverse("metrics:dashboard"))
    assert in_background.wait_idle(WAIT)
    assert figure(Metric.PROJECTS_RUNNING, "programme", 0) is not None
    # Checked once in a while, not on every request.
    with mock.patch.object(services, "is_stale") as checked:
        executive_client.get(reverse("metrics:dashboard"))
        assert in_background.wait_idle(WAIT)
    checked.assert_not_called()


@committed
def test_a_change_to_reference_data_recomputes_the_whole_day(
    programme, in_background
) -> None:
    services.recompute_day()
    with mock.patch.object(
        services, "recompute_day", wraps=services.recompute_day
    ) as full:
        portfolio = programme["b"]
        portfolio.name = "B, renamed"
        portfolio.save()
        assert in_background.wait_idle(WAIT)
    full.assert_called_once_with()


def test_with_the_setting_off_a_save_recomputes_within_its_request(
    programme, staff_user, django_capture_on_commit_callbacks
) -> None:
    from heartbeat.services import report_pulse

    services.recompute_day()
    scaling = programme["scaling"]
    with (
        mock.patch.object(background.runner, "add") as handed,
        django_capture_on_commit_callbacks(execute=True),
    ):
        report_pulse(programme["p1"], rag_status="green", commentary=".", by=staff_user)
    handed.assert_not_called()
    assert figure(Metric.PROJECTS_STALLED, "objective", scaling.pk) == 0


# The runner on its own, with work that only records what it was given.


@pytest.fixture
def alone() -> Iterator[tuple[Runner, list[Pending]]]:
    done: list[Pending] = []
    alone = Runner(lambda pending: done.append((pending, alone.requests_in_flight)))
    alone.settle = 0
    alone.patience = WAIT  # never runs while a request is in flight, in a test
    yield alone, done
    assert alone.wait_idle(WAIT)


def test_the_runner_waits_for_the_requests_in_flight(alone) -> None:
    alone, done = alone
    alone.request_started()
    alone.add(projects=[1])
    alone.add(projects=[2], full=True)
    alone.request_finished()
    assert alone.wait_idle(WAIT)
    assert done == [(Pending(projects={1, 2}, full=True), 0)]


def test_a_request_whose_end_was_never_signalled_holds_nothing_back(alone) -> None:
    alone, done = alone
    alone.request_started()  # its end is lost (it raised, or a stream was unread)
    alone.request_started()  # the same thread's next request: the first is over
    alone.request_finished()
    served = threading.Thread(target=alone.request_started)  # ends mid-request
    served.start()
    served.join()
    alone.add(projects=[3])
    assert alone.wait_idle(WAIT)
    assert done == [(Pending(projects={3}), 0)]


def test_what_is_pending_at_exit_is_run_then(alone) -> None:
    alone, done = alone
    alone.request_started()  # held: only the exit runs it
    alone.add(projects=[7])
    alone.flush()
    assert done == [(Pending(projects={7}), 1)]
    assert not alone._pending
    alone.request_finished()


def test_a_failed_recompute_leaves_the_runner_working(alone) -> None:
    alone, done = alone
    record = alone.work
    failures = iter([RuntimeError("database locked")])

    def flaky(pending: Pending) -> None:
        if error := next(failures, None):
            raise error
        record(pending)

    alone.work = flaky
    alone.add(projects=[1])
    assert alone.wait_idle(WAIT)
    alone.add(projects=[2])
    assert alone.wait_idle(WAIT)
    assert done == [(Pending(projects={2}), 0)]
