"""Recomputes store a day's figures once, and every change reaches every scope it
touches: the project, its portfolio, its objectives, its councils, the programme."""

import datetime as dt
import threading
from io import StringIO
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from heartbeat.services import report_pulse
from metrics import caching, services, tasks
from metrics.models import Snapshot
from metrics.names import Metric
from metrics.services import recompute_day, recompute_project, recompute_projects
from portfolios.models import Commitment, VisionObjective
from portfolios.services import set_commitment_status
from tests.factories import PortfolioFactory
from tests.metrics.conftest import DAY


def stored(day=DAY) -> dict[tuple, float | None]:
    return {
        (s.metric, s.scope, s.scope_id, s.key): s.value
        for s in Snapshot.objects.filter(date=day)
    }


def touched_scopes(programme, *councils) -> set[tuple[str, int]]:
    return {
        ("programme", 0),
        ("portfolio", programme["a"].pk),
        ("objective", programme["scaling"].pk),
        ("project", programme["p1"].pk),
        *(("council", council.pk) for council in councils),
    }


def assert_agree(targeted: dict, full: dict, scopes: set[tuple[str, int]]) -> None:
    checked = 0
    for (metric, scope, scope_id, key), value in full.items():
        if (scope, scope_id) in scopes:
            assert targeted[metric, scope, scope_id, key] == pytest.approx(value), (
                metric,
                scope,
                scope_id,
                key,
            )
            checked += 1
    assert checked


def test_a_recompute_of_the_same_day_updates_and_never_duplicates(programme) -> None:
    recompute_day(DAY)
    first = stored()
    count = Snapshot.objects.count()
    recompute_day(DAY)
    assert Snapshot.objects.count() == count
    assert stored() == first
    assert first[Metric.PROJECTS_RUNNING, "programme", 0, ""] == 2


def test_days_are_kept_apart(programme) -> None:
    recompute_day(DAY)
    recompute_day(DAY - dt.timedelta(days=120))
    assert Snapshot.objects.filter(date=DAY).exists()
    old = stored(DAY - dt.timedelta(days=120))
    assert old[Metric.PROJECTS_RUNNING, "programme", 0, ""] == 3


def test_every_stored_figure_is_named_by_the_enumeration(programme) -> None:
    recompute_day(DAY)
    names = set(Snapshot.objects.values_list("metric", flat=True).distinct())
    assert names <= {str(metric) for metric in Metric}
    assert {Metric.COMMITTED_DAYS, Metric.GRID_COMMITTED_DAYS} <= names


def test_the_targeted_recompute_agrees_with_the_full_one(
    programme, fife, highland, staff_user
) -> None:
    today = timezone.localdate()
    recompute_day(today)
    money = Commitment.objects.get(council=fife, kind="money")
    set_commitment_status(money, status="confirmed", by=staff_user, expected_version=1)
    recompute_project(programme["p1"].pk, today)
    targeted = stored(today)
    recompute_day(today)
    full = stored(today)
    assert_agree(targeted, full, touched_scopes(programme, fife, highland))
    p1 = programme["p1"].pk
    assert targeted[Metric.COVERAGE_MONEY_SHARE, "project", p1, ""] == 0.4
    assert targeted[Metric.COMMITTED_MONEY, "council", fife.pk, ""] == 4000
    assert targeted[Metric.COMMITTED_MONEY, "programme", 0, ""] == 4000


def test_one_recompute_for_many_projects_reaches_all_their_scopes(
    programme, fife, highland, staff_user
) -> None:
    today = timezone.localdate()
    recompute_day(today)
    for commitment in Commitment.objects.filter(status="confirmed"):
        set_commitment_status(
            commitment, status="fulfilled", by=staff_user, expected_version=1
        )
    money = Commitment.objects.get(council=fife, kind="money")
    set_commitment_status(money, status="confirmed", by=staff_user, expected_version=1)
    p3 = programme["p3"]
    recompute_projects({programme["p1"].pk, p3.pk}, today)
    targeted = stored(today)
    recompute_day(today)
    full = stored(today)
    scopes = touched_scopes(programme, fife, highland) | {
        ("portfolio", programme["b"].pk),
        ("project", p3.pk),
    }
    assert_agree(targeted, full, scopes)


def test_the_targeted_recompute_reaches_objectives_and_councils(
    programme, fife, staff_user, django_capture_on_commit_callbacks
) -> None:
    today = timezone.localdate()
    recompute_day(today)
    scaling = programme["scaling"].pk
    before = stored(today)
    assert before[Metric.COMMITTED_MONEY, "objective", scaling, ""] == 0
    assert before[Metric.COMMITTED_MONEY, "council", fife.pk, ""] == 0
    money = Commitment.objects.get(council=fife, kind="money")
    with django_capture_on_commit_callbacks(execute=True):
        set_commitment_status(
            money, status="confirmed", by=staff_user, expected_version=1
        )
    after = stored(today)  # nobody ran compute_metrics: the change's own recompute
    assert after[Metric.COMMITTED_MONEY, "objective", scaling, ""] == 4000
    assert after[Metric.COVERAGE_MONEY_SHARE, "objective", scaling, ""] == 0.4
    assert after[Metric.COMMITTED_MONEY, "council", fife.pk, ""] == 4000
    assert after[Metric.COMMITTED_MONEY, "programme", 0, ""] == 4000


def test_a_pulse_on_a_stalled_project_moves_its_objectives_count_at_once(
    programme, staff_user, django_capture_on_commit_callbacks
) -> None:
    today = timezone.localdate()
    recompute_day(today)
    scaling, p1 = programme["scaling"].pk, programme["p1"]
    assert stored(today)[Metric.PROJECTS_STALLED, "objective", scaling, ""] == 1
    with django_capture_on_commit_callbacks(execute=True):
        report_pulse(p1, rag_status="green", commentary="Back on track.", by=staff_user)
    after = stored(today)
    assert after[Metric.PROJECTS_STALLED, "objective", scaling, ""] == 0
    assert after[Metric.PROJECTS_STALLED, "portfolio", programme["a"].pk, ""] == 1
    assert after[Metric.STALLED, "project", p1.pk, ""] == 0
    assert after[Metric.PROJECTS_BY_RAG, "objective", scaling, "green"] == 1


def test_committed_figures_add_up_after_targeted_recomputes(
    programme, fife, staff_user, django_capture_on_commit_callbacks
) -> None:
    today = timezone.localdate()
    recompute_day(today)
    money = Commitment.objects.get(council=fife, kind="money")
    with django_capture_on_commit_callbacks(execute=True):
        set_commitment_status(
            money, status="confirmed", by=staff_user, expected_version=1
        )
    figures = stored(today)
    for metric in (Metric.COMMITTED_DAYS, Metric.COMMITTED_MONEY):
        programme_total = figures[metric, "programme", 0, ""]
        for scope in ("council", "portfolio"):
            parts = sum(
                value
                for (name, where, _, _), value in figures.items()
                if name == metric and where == scope
            )
            assert parts == programme_total, (metric, scope)


def test_the_command_computes_a_given_day(programme) -> None:
    out = StringIO()
    call_command("compute_metrics", "--date", "2026-06-30", stdout=out)
    assert "figures for 2026-06-30" in out.getvalue()
    assert stored()[Metric.PROJECTS_STALLED, "programme", 0, ""] == 1


def test_the_command_explains_a_bad_date(db) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--date must be a date like"):
        call_command("compute_metrics", "--date", "30/06/2026", stdout=StringIO())


def test_a_change_queues_the_targeted_recompute_after_commit(
    programme, staff_user, fife, django_capture_on_commit_callbacks
) -> None:
    commitment = Commitment.objects.get(council=fife, kind="money")
    with mock.patch.object(tasks.refresh_project_metrics, "apply_async") as queue:
        with django_capture_on_commit_callbacks() as callbacks:
            set_commitment_status(
                commitment, status="confirmed", by=staff_user, expected_version=1
            )
        queue.assert_not_called()  # not before the commit
        for callback in callbacks:
            callback()
    queue.assert_called_once()
    assert queue.call_args.args == ((programme["p1"].pk,),)


def test_a_burst_of_changes_costs_one_recompute(
    programme, staff_user, django_capture_on_commit_callbacks
) -> None:
    project = programme["p1"]
    with mock.patch.object(tasks.refresh_project_metrics, "apply_async") as queue:
        for number in range(100):
            with django_capture_on_commit_callbacks(execute=True):
                project.summary = f"Change {number}"
                project.save()
    queue.assert_called_once()
    # Once it has run, the next change queues another.
    tasks.refresh_project_metrics.run(project.pk)
    with (
        mock.patch.object(tasks.refresh_project_metrics, "apply_async") as queue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        project.save()
    queue.assert_called_once()


def queued_full(change, capture) -> bool:
    """Whether the change queues a recompute of the whole day (from a clean slate:
    a full recompute already pending would coalesce it)."""
    cache.clear()
    with (
        mock.patch.object(tasks.refresh_all_metrics, "apply_async") as full,
        mock.patch.object(tasks.refresh_project_metrics, "apply_async"),
        capture(execute=True),
    ):
        change()
    return full.called


def test_moving_a_project_between_scopes_queues_a_full_recompute(
    programme, django_capture_on_commit_callbacks
) -> None:
    p1 = programme["p1"]
    assert not queued_full(p1.save, django_capture_on_commit_callbacks)

    def move() -> None:
        p1.portfolio = programme["b"]
        p1.save()

    assert queued_full(move, django_capture_on_commit_callbacks)
    shaping = VisionObjective.objects.get(slug="shaping")
    assert queued_full(
        lambda: p1.vision_objectives.add(shaping), django_capture_on_commit_callbacks
    )
    assert queued_full(
        lambda: programme["a"].vision_objectives.add(shaping),
        django_capture_on_commit_callbacks,
    )


def test_a_change_to_reference_data_queues_a_full_recompute(
    programme, fife, django_capture_on_commit_callbacks
) -> None:
    def rename() -> None:
        fife.contact_name = "A. Officer"
        fife.save()

    assert queued_full(rename, django_capture_on_commit_callbacks)
    assert queued_full(PortfolioFactory, django_capture_on_commit_callbacks)


def test_a_full_recompute_is_coalesced_too(
    programme, django_capture_on_commit_callbacks
) -> None:
    with (
        mock.patch.object(tasks.refresh_all_metrics, "apply_async") as full,
        django_capture_on_commit_callbacks(execute=True),
    ):
        for number in range(5):
            PortfolioFactory(name=f"New {number}")
    full.assert_called_once()
    tasks.refresh_all_metrics.run()  # clears the mark: the next change queues again
    assert Snapshot.objects.filter(date=timezone.localdate()).exists()


def test_bulk_writes_queue_nothing_and_renew_the_pages_once(
    programme, django_capture_on_commit_callbacks
) -> None:
    p1 = programme["p1"]
    before = caching.generation()
    with (
        mock.patch.object(tasks, "_queue") as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        with caching.bulk_writes():
            p1.save()
            PortfolioFactory()
            p1.vision_objectives.clear()
            assert caching.generation() == before
        p1.save()  # after it, saves queue their recompute again
    queued.assert_called_once_with(p1.pk)
    assert caching.generation() != before


def test_a_deleted_project_takes_its_figures_with_it(programme) -> None:
    today = timezone.localdate()
    recompute_day(today)
    p2 = programme["p2"]
    p2.commitments.all().delete()
    p2.delete()
    recompute_project(p2.pk, today)
    assert not Snapshot.objects.filter(date=today, scope="project", scope_id=p2.pk)


def test_a_broker_outage_leaves_the_save_and_the_next_change_queues(
    programme, staff_user, django_capture_on_commit_callbacks
) -> None:
    project = programme["p1"]
    with (
        mock.patch.object(
            tasks.refresh_project_metrics, "apply_async", side_effect=ConnectionError
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        project.summary = "Saved while the broker is down."
        project.save()
    project.refresh_from_db()
    assert project.summary == "Saved while the broker is down."
    with (
        mock.patch.object(tasks.refresh_project_metrics, "apply_async") as queue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        project.save()
    queue.assert_called_once()


def test_the_tasks_recompute_when_run_directly(programme) -> None:
    tasks.refresh_all_metrics.run(DAY.isoformat())
    assert stored()[Metric.PROJECTS_RUNNING, "programme", 0, ""] == 2
    before = Snapshot.objects.count()
    tasks.refresh_all_metrics.run(DAY.isoformat())  # twice: the same figures
    assert Snapshot.objects.count() == before
    today = timezone.localdate()
    tasks.refresh_projects_metrics.run([programme["p1"].pk, programme["p2"].pk])
    assert Snapshot.objects.filter(date=today, scope="programme").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_recomputes_at_once_take_turns_and_miss_no_change(programme) -> None:
    """Two workers recomputing two changed projects of one portfolio: the second
    waits for the first to store, then adds up its parts, so the portfolio's
    figures hold both changes."""
    recompute_day()
    p1, p2 = programme["p1"], programme["p2"]
    entered, release = threading.Event(), threading.Event()
    order: list[int] = []
    real = services.scoped_figures

    def held(*args, **kwargs):
        first = not order
        order.append(len(order))
        if first:
            entered.set()
            assert release.wait(30), "never released"
        return real(*args, **kwargs)

    def recompute(project_id: int) -> None:
        try:
            services.recompute_projects([project_id])
        finally:
            connection.close()

    Commitment.objects.filter(project=p1, kind="money").update(amount=5000)
    Commitment.objects.filter(project=p2).update(person_days=3)
    with mock.patch.object(services, "scoped_figures", held):
        first = threading.Thread(target=recompute, args=[p1.pk])
        first.start()
        assert entered.wait(30)
        second = threading.Thread(target=recompute, args=[p2.pk])
        second.start()
        second.join(1)
        assert second.is_alive(), "the second did not wait its turn"
        assert order == [0], "the second computed while the first was computing"
        release.set()
        first.join(30)
        second.join(30)
    targeted = stored(timezone.localdate())
    recompute_day()
    full = stored(timezone.localdate())
    portfolio = ("portfolio", programme["a"].pk)
    assert_agree(targeted, full, {portfolio, ("programme", 0)})
