import datetime as dt
from io import StringIO
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from metrics import tasks
from metrics.models import Snapshot
from metrics.services import recompute_day, recompute_project
from portfolios.models import Commitment
from portfolios.services import set_commitment_status
from tests.metrics.conftest import DAY


def stored(day=DAY) -> dict[tuple, float | None]:
    return {
        (s.metric, s.scope, s.scope_id, s.key): s.value
        for s in Snapshot.objects.filter(date=day)
    }


def test_a_recompute_of_the_same_day_updates_and_never_duplicates(programme) -> None:
    recompute_day(DAY)
    first = stored()
    count = Snapshot.objects.count()
    recompute_day(DAY)
    assert Snapshot.objects.count() == count
    assert stored() == first
    assert first["projects_running", "programme", 0, ""] == 2


def test_days_are_kept_apart(programme) -> None:
    recompute_day(DAY)
    recompute_day(DAY - dt.timedelta(days=120))
    assert Snapshot.objects.filter(date=DAY).exists()
    old = stored(DAY - dt.timedelta(days=120))
    assert old["projects_running", "programme", 0, ""] == 3


def test_the_targeted_recompute_agrees_with_the_full_one(
    programme, fife, highland, staff_user
) -> None:
    today = timezone.localdate()
    recompute_day(today)
    confirmed = Commitment.objects.get(council=fife, kind="money")
    set_commitment_status(
        confirmed, status="confirmed", by=staff_user, expected_version=1
    )
    recompute_project(programme["p1"].pk, today)
    targeted = stored(today)
    recompute_day(today)
    full = stored(today)
    touched = {
        ("programme", 0),
        ("portfolio", programme["a"].pk),
        ("project", programme["p1"].pk),
        ("council", fife.pk),
        ("council", highland.pk),
    }
    for (metric, scope, scope_id, key), value in full.items():
        if (scope, scope_id) in touched:
            assert targeted[metric, scope, scope_id, key] == pytest.approx(value)
    assert targeted["coverage_money_share", "project", programme["p1"].pk, ""] == 0.4


def test_the_command_computes_a_given_day(programme) -> None:
    out = StringIO()
    call_command("compute_metrics", "--date", "2026-06-30", stdout=out)
    assert "figures for 2026-06-30" in out.getvalue()
    assert stored()["projects_stalled", "programme", 0, ""] == 1


def test_the_command_explains_a_bad_date(db) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--date must be a date like"):
        call_command("compute_metrics", "--date", "30/06/2026", stdout=StringIO())


def test_a_change_queues_the_targeted_recompute_after_commit(
    programme, staff_user, fife, django_capture_on_commit_callbacks
) -> None:
    cache.clear()
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
    cache.clear()
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


def test_a_broker_outage_leaves_the_save_and_the_next_change_queues(
    programme, staff_user, django_capture_on_commit_callbacks
) -> None:
    cache.clear()
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
    assert stored()["projects_running", "programme", 0, ""] == 2
    before = Snapshot.objects.count()
    tasks.refresh_all_metrics.run(DAY.isoformat())  # twice: the same figures
    assert Snapshot.objects.count() == before
