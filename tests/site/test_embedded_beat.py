"""The embedded mode's beat: with no celery beat, requests run the scheduled jobs
that have come due (reminders, the staff digest, email retries), in a thread, once
each per due time, and never the figures' jobs (the metrics runner does those)."""

import datetime as dt
import threading

import pytest
from celery import current_app
from celery.schedules import crontab
from django.utils import timezone

from digital_office import beat as beat_module
from digital_office.beat import EmbeddedBeat

WAIT = 30  # seconds: a bound for a stuck thread, never the thing measured
ran: list[str] = []
done = threading.Event()


@current_app.task(name="tests.beat_probe")
def probe(label: str = "probe") -> None:
    ran.append(label)
    done.set()


@pytest.fixture
def schedule(settings) -> EmbeddedBeat:
    """A schedule of one daily job at 07:30 and the figures' nightly job, and the
    setting on, as on a laptop."""
    settings.HEARTBEAT_EMBEDDED_BEAT = True
    settings.CELERY_BEAT_SCHEDULE = {
        "probe-daily": {
            "task": "tests.beat_probe",
            "schedule": crontab(minute=30, hour=7),
        },
        "figures-nightly": {
            "task": "metrics.tasks.refresh_all_metrics",
            "schedule": crontab(minute=15, hour=2),
        },
    }
    ran.clear()
    done.clear()
    return EmbeddedBeat()


def test_a_daily_job_missed_while_no_portal_ran_is_due_at_the_first_request(
    schedule: EmbeddedBeat,
) -> None:
    assert schedule.due(timezone.now()) == ["probe-daily"]


def test_the_figures_jobs_are_left_to_the_metrics_runner(
    schedule: EmbeddedBeat,
) -> None:
    assert "figures-nightly" not in schedule.entries()


def test_a_job_that_ran_is_not_due_again_until_its_next_time(
    schedule: EmbeddedBeat,
) -> None:
    schedule.run(["probe-daily"])
    assert ran == ["probe"]
    assert schedule.due(timezone.now()) == []
    # Had it last run a day ago, its time would have come round again.
    schedule._last_run["probe-daily"] -= dt.timedelta(days=1)
    assert schedule.due(timezone.now()) == ["probe-daily"]


def test_a_request_runs_the_due_jobs_in_a_thread(
    schedule: EmbeddedBeat, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(beat_module, "beat", schedule)
    schedule.request_started()
    assert done.wait(WAIT), "the due job never ran"
    assert ran == ["probe"]
    # The next request within the minute does not look again.
    done.clear()
    schedule.request_started()
    assert not done.wait(0.2)


def test_the_setting_off_runs_nothing(schedule: EmbeddedBeat, settings) -> None:
    settings.HEARTBEAT_EMBEDDED_BEAT = False
    schedule.request_started()
    assert not done.wait(0.5)
    assert ran == []


def test_with_a_broker_celery_beat_does_it_and_requests_run_nothing(
    schedule: EmbeddedBeat,
) -> None:
    eager = current_app.conf.task_always_eager
    current_app.conf.task_always_eager = False
    try:
        schedule.request_started()
    finally:
        current_app.conf.task_always_eager = eager
    assert not done.wait(0.5)
    assert ran == []
