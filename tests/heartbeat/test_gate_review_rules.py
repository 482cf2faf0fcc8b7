"""The rules of a gate review, on the service that applies them."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from councils.refusals import Conflict, Refused
from heartbeat.models import GateReview, ProjectProduct
from heartbeat.services import record_gate_review
from portfolios.models import Project
from tests.factories import ProjectFactory
from tests.heartbeat.conftest import all_met, none_met, phase

Decision = GateReview.Decision


def review(project: Project, user, decision: str, **kwargs) -> GateReview:
    project.refresh_from_db()
    kwargs.setdefault("ticks", all_met(project))
    kwargs.setdefault("rationale", "The cohort agreed.")
    kwargs.setdefault(
        "based_on_review",
        project.reviews.order_by("-pk").values_list("pk", flat=True).first(),
    )
    return record_gate_review(project, decision=decision, by=user, **kwargs)


def test_proceed_moves_exactly_one_phase_forward(project, staff_user) -> None:
    record = review(project, staff_user, Decision.PROCEED)
    project.refresh_from_db()
    assert project.phase.number == 2
    assert record.phase.number == 1
    assert record.to_phase.number == 2
    assert project.phase_entered_on == timezone.localdate()


def test_entering_a_phase_lists_its_expected_products(project, staff_user) -> None:
    review(project, staff_user, Decision.PROCEED)
    names = set(
        ProjectProduct.objects.filter(
            project=project, product__phase=phase(2)
        ).values_list("product__name", flat=True)
    )
    assert names == {"Marketing Pack", "Resource ask"}


def test_proceed_with_an_unmet_mandatory_criterion_is_refused(
    project, staff_user
) -> None:
    with pytest.raises(Refused, match="2 mandatory exit criteria are not met"):
        review(project, staff_user, Decision.PROCEED, ticks=none_met(project))
    project.refresh_from_db()
    assert project.phase.number == 1
    assert not GateReview.objects.exists()


def test_an_advisory_criterion_does_not_block_proceeding(project, staff_user) -> None:
    ticks = [
        tick if tick.criterion.mandatory else tick.__class__(tick.criterion, False)
        for tick in all_met(project)
    ]
    review(project, staff_user, Decision.PROCEED, ticks=ticks)
    project.refresh_from_db()
    assert project.phase.number == 2


def test_staff_override_an_unmet_criterion_with_a_recorded_reason(
    project, staff_user
) -> None:
    record = review(
        project,
        staff_user,
        Decision.PROCEED,
        ticks=none_met(project),
        override_reason="The sponsor is named in the board minutes of 3 March.",
    )
    project.refresh_from_db()
    assert project.phase.number == 2
    assert record.overridden
    assert record.override_reason.startswith("The sponsor is named")
    assert [c.met for c in record.checks.all()] == [False, False, False]


def test_hold_records_the_review_and_keeps_the_phase(project, staff_user) -> None:
    record = review(project, staff_user, Decision.HOLD, ticks=none_met(project))
    project.refresh_from_db()
    assert project.phase.number == 1
    assert record.to_phase == record.phase
    assert not record.changes_phase


def test_return_goes_back_to_the_chosen_earlier_phase(project, staff_user) -> None:
    for _ in range(3):
        review(project, staff_user, Decision.PROCEED)
    review(project, staff_user, Decision.RETURN, to_phase=phase(2))
    project.refresh_from_db()
    assert project.phase.number == 2


def test_return_must_be_to_an_earlier_phase(project, staff_user) -> None:
    review(project, staff_user, Decision.PROCEED)
    with pytest.raises(Refused, match="Choose a phase before Recruit"):
        review(project, staff_user, Decision.RETURN, to_phase=phase(3))


def test_the_last_phase_cannot_proceed(staff_user) -> None:
    project = ProjectFactory(phase=phase(7))
    with pytest.raises(Refused, match="Close is the last phase"):
        review(project, staff_user, Decision.PROCEED)


def test_closing_from_the_last_phase(staff_user) -> None:
    project = ProjectFactory(phase=phase(7))
    review(project, staff_user, Decision.CLOSE)
    project.refresh_from_db()
    assert project.closed_on == timezone.localdate()
    assert project.phase.number == 7


def test_a_technology_project_cannot_close_early_without_an_override(
    project, staff_user
) -> None:
    with pytest.raises(Refused, match="passes through every phase"):
        review(project, staff_user, Decision.CLOSE)
    review(
        project,
        staff_user,
        Decision.CLOSE,
        override_reason="Stopped: no council could commit staff this year.",
    )
    project.refresh_from_db()
    assert project.is_closed


def test_an_influencing_project_may_close_after_discover(staff_user) -> None:
    project = ProjectFactory(kind=Project.Kind.INFLUENCE, phase=phase(3))
    record = review(project, staff_user, Decision.CLOSE)
    assert not record.overridden
    project.refresh_from_db()
    assert project.is_closed


def test_an_influencing_project_cannot_close_before_discover(staff_user) -> None:
    project = ProjectFactory(kind=Project.Kind.INFLUENCE, phase=phase(2))
    with pytest.raises(Refused, match="passes through every phase"):
        review(project, staff_user, Decision.CLOSE)


def test_a_closed_project_takes_no_review_but_reopening(staff_user) -> None:
    project = ProjectFactory(phase=phase(7))
    review(project, staff_user, Decision.CLOSE)
    for decision in (Decision.PROCEED, Decision.HOLD, Decision.RETURN, Decision.CLOSE):
        with pytest.raises(Refused, match="only decision now is to reopen"):
            review(project, staff_user, decision, to_phase=phase(2))
    review(project, staff_user, Decision.REOPEN, to_phase=phase(6))
    project.refresh_from_db()
    assert not project.is_closed
    assert project.phase.number == 6


def test_reopen_is_only_for_a_closed_project(project, staff_user) -> None:
    with pytest.raises(Refused, match="Only a closed project can be reopened"):
        review(project, staff_user, Decision.REOPEN)


def test_a_decision_based_on_an_old_state_is_refused_and_nothing_saved(
    project, staff_user
) -> None:
    review(project, staff_user, Decision.PROCEED)
    with pytest.raises(Conflict, match="Another decision was recorded"):
        review(project, staff_user, Decision.PROCEED, based_on_review=None)
    project.refresh_from_db()
    assert project.phase.number == 2
    assert GateReview.objects.count() == 1


def test_a_decision_cannot_be_dated_in_the_future(project, staff_user) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(Refused, match="cannot be in the future"):
        review(project, staff_user, Decision.HOLD, decided_on=tomorrow)


def test_a_refused_review_leaves_no_half_saved_record(project, staff_user) -> None:
    with pytest.raises(Refused):
        review(project, staff_user, Decision.PROCEED, ticks=none_met(project))
    assert not GateReview.objects.exists()
    assert not ProjectProduct.objects.filter(product__phase=phase(2)).exists()
    assert len(mail.outbox) == 0


def test_a_decision_cannot_be_dated_before_the_project_started(
    project, staff_user
) -> None:
    with pytest.raises(Refused) as refused:
        review(project, staff_user, Decision.HOLD, decided_on=dt.date(2025, 12, 31))
    assert refused.value.errors == {
        "decided_on": "The date of a decision cannot be before the project started, "
        "on 01/01/2026."
    }
    review(project, staff_user, Decision.HOLD, decided_on=project.start_date)


def test_a_decision_cannot_be_dated_before_the_last_one(project, staff_user) -> None:
    review(project, staff_user, Decision.PROCEED, decided_on=dt.date(2026, 5, 1))
    with pytest.raises(Refused, match="cannot be before the last one, on 01/05/2026"):
        review(project, staff_user, Decision.PROCEED, decided_on=dt.date(2026, 4, 30))
    project.refresh_from_db()
    assert project.phase.number == 2
    review(project, staff_user, Decision.HOLD, decided_on=dt.date(2026, 5, 1))
    assert GateReview.objects.count() == 2


def test_a_decision_on_a_past_day_moves_the_project_on_that_day(
    project, staff_user
) -> None:
    day = dt.date(2026, 3, 2)
    record = review(project, staff_user, Decision.PROCEED, decided_on=day)
    project.refresh_from_db()
    assert (record.decided_on, project.phase_entered_on) == (day, day)
    newest = project.history.order_by("-history_id").first()
    assert (newest.history_date.date(), newest.history_user) == (day, staff_user)


def test_closing_on_a_past_day_closes_the_project_from_that_day(staff_user) -> None:
    project = ProjectFactory(phase=phase(7))
    review(project, staff_user, Decision.CLOSE, decided_on=dt.date(2026, 9, 30))
    project.refresh_from_db()
    assert project.closed_on == dt.date(2026, 9, 30)
    assert project in Project.objects.in_flight(dt.date(2026, 9, 29))
    assert project in Project.objects.closed(dt.date(2026, 9, 30))
