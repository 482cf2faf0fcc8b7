"""The metrics really are computed in the background: a real Celery worker, the real
Redis broker, a real commit."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache

from digital_office.celery import app
from metrics.models import Snapshot
from metrics.names import Metric
from portfolios.models import Commitment
from portfolios.services import set_commitment_status


@pytest.mark.redis
@pytest.mark.postgres
# serialized_rollback restores the migrated data (the 32 councils) after the flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_on_redis_recomputes_after_a_commitment_is_confirmed(
    programme, fife, staff_user, settings
) -> None:
    settings.HEARTBEAT_METRICS_DELAY_SECONDS = 0.2
    # Setting up the programme committed changes and computed figures eagerly:
    # start from none, with an empty queue, and the worker doing the work.
    Snapshot.objects.all().delete()
    cache.clear()
    app.control.purge()
    app.conf.task_always_eager = False
    project = programme["p1"]
    with start_worker(app, perform_ping_check=False, loglevel="WARNING", pool="solo"):
        commitment = Commitment.objects.get(council=fife, kind="money")
        set_commitment_status(
            commitment, status="confirmed", by=staff_user, expected_version=1
        )  # commits: the change is queued to Redis on commit
        deadline = time.monotonic() + 30
        figure = None
        while time.monotonic() < deadline:
            figure = Snapshot.objects.filter(
                metric=Metric.COVERAGE_MONEY_SHARE, scope="project", scope_id=project.pk
            ).first()
            if figure is not None:
                break
            time.sleep(0.2)
    assert figure is not None, "the worker computed nothing"
    assert figure.value == pytest.approx(0.4)  # Fife's £4,000 of £10,000
    assert Snapshot.objects.filter(scope="programme").exists()
