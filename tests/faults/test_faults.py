"""When a part of the production shape fails, no promise is lost and nobody sees a
traceback: Redis stopping while a lead saves, a worker killed in the middle of a
task, the database refusing connections. Each test runs the portal and the worker as
real processes on its own Redis and database path, breaks them and mends them."""

import signal
import time

import psycopg
import pytest
from celery import Celery
from django.db.models import Count

from metrics.models import Scope, Snapshot
from portfolios.models import Commitment, Project, ResourceRole
from tests.factories import ResourceNeedFactory, ResourceRoleFactory
from tests.faults.conftest import (
    Browser,
    DatabaseDoor,
    database_url,
    postgres_admin_url,
    session_for,
)
from tests.servers import wait_for

# The tests commit, so the portal and worker processes see their data;
# serialized_rollback restores the migrated rows (the 32 councils) afterwards.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def designer_needed(project: Project, fife_takes_part: object) -> ResourceRole:
    """The shared project (tests/conftest.py) needs 40 days of a service designer
    over its whole life; Fife takes part."""
    designer = ResourceRoleFactory(name="Service designer")
    ResourceNeedFactory(
        project=project,
        role=designer,
        person_days=40,
        # The whole project: a commitment counts for the part inside the need's.
        starts_on=project.start_date,
        ends_on=project.target_date,
    )
    return designer


def people_coverage(project: Project) -> float | None:
    figure = Snapshot.objects.filter(
        metric="coverage_people", scope=Scope.PROJECT, scope_id=project.pk
    ).first()
    return figure.value if figure else None


def send_nightly(redis_url: str) -> None:
    """Queue the nightly recompute as beat would, on the test's own broker."""
    # Not set as the current app: the portal's own stays current for later tests.
    app = Celery(broker=redis_url, set_as_current=False)
    with app.connection_for_write() as conn:
        app.send_task("metrics.tasks.refresh_all_metrics", connection=conn)


def test_a_commitment_saved_while_redis_is_down_is_kept_and_counted_later(
    processes, own_redis, project, designer_needed, lead_user, staff_user
) -> None:
    portal = processes.portal(database_url())
    lead = Browser(portal, session_for(lead_user))
    form = f"/projects/{project.slug}/commit/"
    assert lead.get(form)[0] == 200

    own_redis.stop()
    status, headers, page = lead.post_form(
        form,
        {
            "kind": "people",
            "role": str(designer_needed.pk),  # the form's select posts its id
            "person_days": "12",
            "starts_on": "01/02/2027",
            "ends_on": "30/04/2027",
        },
    )
    assert status == 302, page[:2000]  # saved: on to the commitment's page
    saved = Commitment.objects.get(project=project, council=lead_user.council)
    assert saved.person_days == 12
    assert saved.status == Commitment.Status.PROPOSED
    assert lead.get(headers["Location"])[0] == 200  # the lead reads what they saved
    # Staff confirm it, Redis still down: a second save that must stand.
    staff = Browser(portal, session_for(staff_user))
    confirm = f"/projects/{project.slug}/commitments/{saved.pk}/confirmed/"
    assert staff.post_form(confirm, {"version": "1", "reason": ""})[0] == 302
    saved.refresh_from_db()
    assert saved.status == Commitment.Status.CONFIRMED
    assert lead.get("/readyz")[0] == 503  # the broker is reported, not hidden

    own_redis.start()
    wait_for(lambda: lead.get("/readyz")[0] == 200, "/readyz to recover")
    # The changes' own recomputes were not queued while Redis was down; the nightly
    # job, run by a worker once Redis is back, counts the commitment: 12 of 40 days.
    assert people_coverage(project) in (None, 0)
    processes.worker(database_url())
    send_nightly(own_redis.url)
    wait_for(
        lambda: people_coverage(project) == pytest.approx(0.3),
        f"the nightly recompute to count the commitment:\n{processes.log('worker')}",
        60,
    )


def _blocked_writer(admin_url: str, name: str) -> bool:
    """Is a backend of the worker waiting for our lock?"""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
            "AND wait_event_type = 'Lock'",
            (name,),
        ).fetchone()
    return row[0] > 0


def test_a_worker_killed_mid_task_runs_it_again_and_the_figures_are_not_doubled(
    processes, own_redis, project
) -> None:
    from django.db import connection

    url = database_url()
    name = connection.settings_dict["NAME"]
    Snapshot.objects.all().delete()
    worker = processes.worker(url)
    # Hold the snapshot table, so the task stops exactly where it would write.
    holder = psycopg.connect(url)
    holder.execute("LOCK TABLE metrics_snapshot IN ACCESS EXCLUSIVE MODE")
    send_nightly(own_redis.url)
    admin = postgres_admin_url()
    wait_for(
        lambda: _blocked_writer(admin, name),
        f"the task to reach its write:\n{processes.log('worker')}",
        60,
    )
    processes.kill(worker)  # SIGKILL, mid-task: no chance to acknowledge
    assert worker.returncode == -signal.SIGKILL
    holder.rollback()
    holder.close()
    assert not Snapshot.objects.exists()  # the killed run stored nothing

    # A new worker takes the unacknowledged task back (after the visibility timeout).
    processes.worker(url)
    wait_for(
        lambda: Snapshot.objects.filter(scope=Scope.PROGRAMME).exists(),
        f"the task to run again:\n{processes.log('worker')}",
        90,
    )
    time.sleep(1)  # let a duplicate delivery, if any, finish too
    doubled = (
        Snapshot.objects.values("metric", "scope", "scope_id", "key", "date")
        .annotate(rows=Count("id"))
        .filter(rows__gt=1)
    )
    assert not doubled.exists()
    assert (
        Snapshot.objects.get(
            metric="projects_running", scope=Scope.PROGRAMME, key=""
        ).value
        == Project.objects.filter(closed_on__isnull=True).count()
    )


def test_pages_answer_a_designed_503_while_the_database_refuses_connections(
    processes, project, executive_user
) -> None:
    from django.db import connection

    db = connection.settings_dict
    door = DatabaseDoor(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
    door.open()
    try:
        portal = processes.portal(database_url(door.port))
        executive = Browser(portal, session_for(executive_user))
        pages = ["/dashboard/", "/projects/", f"/projects/{project.slug}/"]
        for page in pages:
            assert executive.get(page)[0] == 200, page

        door.shut()
        for page in pages:
            status, headers, body = executive.get(page)
            assert status == 503, (page, body[:1000])
            assert "Sorry, the service is unavailable" in body
            assert "Traceback" not in body
            assert headers.get("Retry-After") == "30"
        assert executive.get("/readyz")[0] == 503
        assert executive.get("/healthz")[0] == 200  # the process itself is alive

        door.open()
        wait_for(lambda: executive.get("/dashboard/")[0] == 200, "pages to recover", 30)
        assert all(executive.get(page)[0] == 200 for page in pages)
    finally:
        door.shut()
