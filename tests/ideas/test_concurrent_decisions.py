"""Two staff accepting one idea at once: one project, the other is told."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from councils.refusals import Conflict
from ideas.models import Idea
from ideas.services import accept_idea
from portfolios.models import Project


@pytest.mark.postgres
# serialized_rollback restores the migrated data (the 32 councils) after the flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_accepts_make_one_project(
    fife_idea, portfolio, staff_user
) -> None:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    today = timezone.localdate()

    def accept(name: str) -> None:
        try:
            mine = Idea.objects.get(pk=fife_idea.pk)
            barrier.wait()
            accept_idea(
                mine,
                portfolio=portfolio,
                by=staff_user,
                name=name,
                owner=staff_user,
                kind=Project.Kind.REDESIGN,
                start_date=today,
                target_date=today + dt.timedelta(days=200),
            )
            outcomes.append("accepted")
        except Conflict:
            outcomes.append("refused")
        except Exception as error:  # surfaced in the assertion below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=accept, args=(name,)) for name in ("First", "Second")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted", "refused"]
    assert Project.objects.count() == 1
    assert Idea.objects.get().project == Project.objects.get()
