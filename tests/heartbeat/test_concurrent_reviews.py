"""Two staff deciding on one project at once: one wins, the other is told."""

import threading

import pytest
from django.db import connection

from councils.refusals import Conflict
from heartbeat.models import GateReview
from heartbeat.services import record_gate_review
from portfolios.models import Project
from tests.heartbeat.conftest import all_met


@pytest.mark.postgres
# serialized_rollback restores the migrated data (the 32 councils) after the flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_reviews_one_wins_the_other_is_told(
    project, staff_user, executive_user
) -> None:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide() -> None:
        try:
            mine = Project.objects.select_related("phase").get(pk=project.pk)
            ticks = all_met(mine)
            barrier.wait()
            record_gate_review(
                mine,
                decision=GateReview.Decision.PROCEED,
                by=staff_user,
                rationale="Criteria met.",
                ticks=ticks,
                based_on_review=None,
            )
            outcomes.append("recorded")
        except Conflict:
            outcomes.append("refused")
        except Exception as error:  # surfaced in the assertion below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=decide) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["recorded", "refused"]
    project.refresh_from_db()
    assert project.phase.number == 2  # moved once, not twice
    assert GateReview.objects.count() == 1
