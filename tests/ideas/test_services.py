"""Proposing, councils' interest, scores and decisions, through the services."""

import datetime as dt

import pytest
from django.utils import timezone

from councils.models import Council, User
from councils.refusals import Conflict, Refused
from heartbeat.models import Phase
from ideas.models import Idea, Interest, Score
from ideas.services import (
    AlreadyDone,
    accept_idea,
    add_interest,
    decline_idea,
    propose_idea,
    score_idea,
    withdraw_interest,
)
from portfolios.models import Portfolio, Project
from tests.ideas.conftest import new_idea

TODAY = timezone.localdate


def accept(idea: Idea, portfolio: Portfolio, by: User, **changes: object) -> Project:
    terms = {
        "portfolio": portfolio,
        "by": by,
        "name": "Bulky waste booking online",
        "owner": by,
        "kind": Project.Kind.REDESIGN,
        "start_date": TODAY(),
        "target_date": TODAY() + dt.timedelta(days=365),
        "outcome": "Residents book uplifts online.",
    }
    return accept_idea(idea, **{**terms, **changes})


# Proposing ------------------------------------------------------------------------


def test_a_leads_idea_counts_their_council_as_interested(
    fife_idea: Idea, fife: Council, lead_user: User
) -> None:
    assert fife_idea.council == fife
    assert fife_idea.status == Idea.Status.OPEN
    interest = fife_idea.interests.get()
    assert (interest.council, interest.registered_by) == (fife, lead_user)


def test_the_councils_named_as_sharing_it_are_interested_too(
    lead_user: User, fife: Council, highland: Council, glasgow: Council
) -> None:
    idea = new_idea(lead_user, councils=(highland, glasgow, fife))
    interested = set(idea.interests.values_list("council__slug", flat=True))
    assert interested == {"fife", "highland", "glasgow-city"}
    assert {i.registered_by for i in idea.interests.all()} == {lead_user}


def test_a_staff_idea_has_no_council_of_its_own(staff_user: User) -> None:
    idea = new_idea(staff_user)
    assert idea.council is None
    assert not idea.interests.exists()


def test_an_executive_cannot_propose(executive_user: User) -> None:
    with pytest.raises(Refused):
        new_idea(executive_user)
    assert not Idea.objects.exists()


def test_the_same_idea_sent_twice_is_refused(fife_idea: Idea, lead_user: User) -> None:
    with pytest.raises(Refused) as refused:
        new_idea(lead_user, title="bulky waste BOOKING")
    assert "title" in refused.value.errors
    assert Idea.objects.count() == 1


def test_a_blank_problem_is_refused(lead_user: User, scoping) -> None:
    idea = Idea(title="Something", problem="   ", affects="All", objective=scoping)
    with pytest.raises(Refused) as refused:
        propose_idea(idea, by=lead_user)
    assert "problem" in refused.value.errors


def test_proposing_is_kept_in_the_history(fife_idea: Idea, lead_user: User) -> None:
    record = fife_idea.history.get()
    assert (record.history_user, record.history_change_reason) == (
        lead_user,
        "Proposed",
    )


# Interest -------------------------------------------------------------------------


def test_another_lead_adds_their_councils_interest(
    fife_idea: Idea, other_lead_user: User, highland: Council
) -> None:
    interest = add_interest(
        fife_idea, council=highland, by=other_lead_user, note="Same in Inverness."
    )
    assert interest.note == "Same in Inverness."
    assert fife_idea.interests.count() == 2


def test_a_lead_cannot_add_another_councils_interest(
    fife_idea: Idea, lead_user: User, highland: Council
) -> None:
    with pytest.raises(Refused):
        add_interest(fife_idea, council=highland, by=lead_user)
    assert fife_idea.interests.count() == 1


def test_staff_do_not_add_a_councils_interest(
    fife_idea: Idea, staff_user: User, highland: Council
) -> None:
    with pytest.raises(Refused):
        add_interest(fife_idea, council=highland, by=staff_user)


def test_adding_interest_twice_changes_nothing_and_says_so(
    fife_idea: Idea, other_lead_user: User, highland: Council
) -> None:
    add_interest(fife_idea, council=highland, by=other_lead_user)
    with pytest.raises(AlreadyDone) as done:
        add_interest(fife_idea, council=highland, by=other_lead_user)
    assert "already recorded" in done.value.message
    assert Interest.objects.filter(idea=fife_idea, council=highland).count() == 1


def test_a_lead_withdraws_their_councils_interest(
    fife_idea: Idea, other_lead_user: User, highland: Council
) -> None:
    add_interest(fife_idea, council=highland, by=other_lead_user)
    withdraw_interest(fife_idea, council=highland, by=other_lead_user)
    assert not fife_idea.interests.filter(council=highland).exists()
    # The history keeps it, and who withdrew it.
    removed = Interest.history.filter(council=highland, history_type="-").get()
    assert removed.history_user == other_lead_user
    with pytest.raises(AlreadyDone):
        withdraw_interest(fife_idea, council=highland, by=other_lead_user)


def test_the_proposers_council_keeps_its_interest(
    fife_idea: Idea, lead_user: User, fife: Council
) -> None:
    with pytest.raises(Refused):
        withdraw_interest(fife_idea, council=fife, by=lead_user)
    assert fife_idea.interests.filter(council=fife).exists()


def test_no_interest_is_added_to_a_decided_idea(
    fife_idea: Idea, staff_user: User, other_lead_user: User, highland: Council
) -> None:
    decline_idea(fife_idea, reason="Already done nationally.", by=staff_user)
    with pytest.raises(Conflict):
        add_interest(fife_idea, council=highland, by=other_lead_user)


# Scores ---------------------------------------------------------------------------


def test_staff_score_an_idea_and_scoring_again_replaces_it(
    fife_idea: Idea, staff_user: User
) -> None:
    score_idea(fife_idea, fit=4, value=3, effort=2, by=staff_user)
    score_idea(fife_idea, fit=5, value=5, effort=1, note="Better", by=staff_user)
    score = Score.objects.get()
    assert (score.fit, score.value, score.effort, score.note) == (5, 5, 1, "Better")
    assert score.history.count() == 2


def test_a_lead_cannot_score(fife_idea: Idea, lead_user: User) -> None:
    with pytest.raises(Refused):
        score_idea(fife_idea, fit=5, value=5, effort=1, by=lead_user)
    assert not Score.objects.exists()


@pytest.mark.parametrize("fit", [0, 6, -1])
def test_a_score_off_the_scale_is_refused(
    fife_idea: Idea, staff_user: User, fit: int
) -> None:
    with pytest.raises(Refused) as refused:
        score_idea(fife_idea, fit=fit, value=3, effort=3, by=staff_user)
    assert "fit" in refused.value.errors


# Accepting and declining ----------------------------------------------------------


def test_accepting_starts_a_project_in_the_first_phase_and_links_it(
    fife_idea: Idea, portfolio: Portfolio, staff_user: User
) -> None:
    project = accept(fife_idea, portfolio, staff_user)
    fife_idea.refresh_from_db()
    assert fife_idea.status == Idea.Status.ACCEPTED
    assert fife_idea.project == project
    assert (fife_idea.decided_by, fife_idea.decided_at.date()) == (staff_user, TODAY())
    assert project.phase == Phase.objects.order_by("number").first()
    assert project.portfolio == portfolio
    assert fife_idea.problem in project.problem
    assert list(project.vision_objectives.all()) == [fife_idea.objective]
    assert project.products.exists()  # its phase's products, as start_project gives
    assert project.owner == staff_user


def test_the_proposer_is_emailed_the_decision_once(
    fife_idea: Idea,
    portfolio: Portfolio,
    staff_user: User,
    lead_user: User,
    django_capture_on_commit_callbacks,
    mailoutbox,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        project = accept(fife_idea, portfolio, staff_user)
    (email,) = [m for m in mailoutbox if lead_user.email in m.to]
    assert fife_idea.title in email.subject
    assert project.get_absolute_url() in email.body


def test_a_decided_idea_cannot_be_accepted_again(
    fife_idea: Idea, portfolio: Portfolio, staff_user: User
) -> None:
    stale = Idea.objects.get(pk=fife_idea.pk)  # a tab opened before the decision
    accept(fife_idea, portfolio, staff_user)
    with pytest.raises(Conflict) as conflict:
        accept(stale, portfolio, staff_user, name="Another name")
    assert "was accepted" in conflict.value.message
    assert Project.objects.count() == 1
    with pytest.raises(Conflict):
        decline_idea(stale, reason="Too late", by=staff_user)


def test_a_declined_idea_cannot_be_accepted(
    fife_idea: Idea, portfolio: Portfolio, staff_user: User
) -> None:
    decline_idea(fife_idea, reason="Already done nationally.", by=staff_user)
    with pytest.raises(Conflict):
        accept(fife_idea, portfolio, staff_user)
    assert not Project.objects.exists()


def test_a_project_name_already_taken_is_refused(
    fife_idea: Idea, portfolio: Portfolio, staff_user: User, project: Project
) -> None:
    with pytest.raises(Refused) as refused:
        accept(fife_idea, portfolio, staff_user, name=project.name.upper())
    assert "name" in refused.value.errors
    fife_idea.refresh_from_db()
    assert fife_idea.is_open


def test_the_owner_must_be_staff(
    fife_idea: Idea, portfolio: Portfolio, staff_user: User, lead_user: User
) -> None:
    with pytest.raises(Refused) as refused:
        accept(fife_idea, portfolio, staff_user, owner=lead_user)
    assert "owner" in refused.value.errors
    assert not Project.objects.exists()


def test_a_lead_cannot_accept(
    fife_idea: Idea, portfolio: Portfolio, lead_user: User
) -> None:
    with pytest.raises(Refused):
        accept(fife_idea, portfolio, lead_user, owner=None)
    assert not Project.objects.exists()


def test_declining_needs_a_reason_the_proposer_reads(
    fife_idea: Idea, staff_user: User
) -> None:
    with pytest.raises(Refused) as refused:
        decline_idea(fife_idea, reason="  ", by=staff_user)
    assert "reason" in refused.value.errors
    decline_idea(fife_idea, reason="The Scottish Government funds this.", by=staff_user)
    fife_idea.refresh_from_db()
    assert fife_idea.status == Idea.Status.DECLINED
    assert fife_idea.decline_reason == "The Scottish Government funds this."


def test_open_and_to_score(
    fife_idea: Idea, staff_user: User, other_lead_user: User
) -> None:
    scored = new_idea(other_lead_user, title="Scored")
    score_idea(scored, fit=3, value=3, effort=3, by=staff_user)
    declined = new_idea(other_lead_user, title="Declined")
    decline_idea(declined, reason="No.", by=staff_user)
    assert set(Idea.objects.open()) == {fife_idea, scored}
    assert list(Idea.objects.to_score()) == [fife_idea]
