"""The ideas pages, as each role uses them."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from councils.models import Council, User
from ideas.models import Idea, Interest, Score
from ideas.scoring import CRITERIA
from ideas.services import decline_idea, score_idea
from portfolios.models import Portfolio, Project
from tests.ideas.conftest import new_idea

PROPOSAL = {
    "title": "Shared booking for bulky uplifts",
    "problem": "Residents phone to book; half the calls are about dates.",
    "affects": "Residents, and contact centre staff.",
}


def proposal(scoping, **changes: object) -> dict:
    return {**PROPOSAL, "objective": str(scoping.pk), **changes}


def acceptance(portfolio: Portfolio, owner: User, **changes: object) -> dict:
    today = timezone.localdate()
    return {
        "portfolio": str(portfolio.pk),
        "name": "Bulky uplifts online",
        "summary": "One booking service for bulky uplifts.",
        "outcome": "Residents book online, any hour.",
        "kind": Project.Kind.REDESIGN,
        "owner": str(owner.pk),
        "start_date": today.strftime("%d/%m/%Y"),
        "target_date": (today + dt.timedelta(days=300)).strftime("%d/%m/%Y"),
        **changes,
    }


def url(name: str, idea: Idea | None = None) -> str:
    return reverse(f"ideas:{name}", args=[idea.pk] if idea else [])


def page_text(response) -> str:
    return response.content.decode()


# Proposing ------------------------------------------------------------------------


def test_a_lead_proposes_an_idea_for_their_council(
    lead_client: Client, scoping, highland: Council
) -> None:
    response = lead_client.post(
        url("add"), proposal(scoping, councils=[str(highland.pk)])
    )
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == idea.get_absolute_url()
    assert set(idea.interests.values_list("council__slug", flat=True)) == {
        "fife",
        "highland",
    }
    page = lead_client.get(idea.get_absolute_url())
    assert "Your idea is proposed" in page_text(page)


def test_back_and_send_again_makes_one_idea(lead_client: Client, scoping) -> None:
    lead_client.post(url("add"), proposal(scoping))
    again = lead_client.post(url("add"), proposal(scoping))
    assert again.status_code == 200
    assert "still open" in page_text(again)
    assert Idea.objects.count() == 1


def test_a_proposal_with_errors_keeps_what_was_typed(
    lead_client: Client, scoping
) -> None:
    response = lead_client.post(url("add"), proposal(scoping, problem=""))
    text = page_text(response)
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Describe the problem" in text
    assert PROPOSAL["title"] in text
    assert not Idea.objects.exists()


def test_the_leads_own_council_is_not_offered_as_another(
    lead_client: Client, fife: Council
) -> None:
    form = lead_client.get(url("add")).context["form"]
    assert fife not in form.fields["councils"].queryset
    assert form.fields["councils"].queryset.count() == 31


def test_staff_propose_too(staff_client: Client, scoping) -> None:
    assert staff_client.post(url("add"), proposal(scoping)).status_code == 302
    assert Idea.objects.get().council is None


def test_an_executive_reads_but_does_not_propose(
    executive_client: Client, scoping
) -> None:
    assert executive_client.get(url("add")).status_code == 403
    assert executive_client.post(url("add"), proposal(scoping)).status_code == 403
    assert not Idea.objects.exists()


# The list and the idea ------------------------------------------------------------


@pytest.mark.parametrize(
    "client_name", ["staff_client", "executive_client", "lead_client"]
)
def test_every_role_reads_the_list_the_idea_and_the_criteria(
    request, client_name: str, fife_idea: Idea
) -> None:
    client = request.getfixturevalue(client_name)
    for address in (url("list"), url("idea", fife_idea), url("criteria")):
        assert client.get(address).status_code == 200, address


def test_staff_see_ideas_ranked_with_a_to_score_marker(
    staff_client: Client, fife_idea: Idea, staff_user: User, other_lead_user: User
) -> None:
    strong = new_idea(other_lead_user, title="Strong idea")
    score_idea(strong, fit=5, value=5, effort=1, by=staff_user)
    response = staff_client.get(url("list"))
    assert list(response.context["page_obj"]) == [strong, fife_idea]
    text = page_text(response)
    assert "Points out of 100" in text
    assert "To score" in text


def test_leads_see_ideas_newest_first_and_their_councils_interest(
    lead_client: Client, fife_idea: Idea, staff_user: User, other_lead_user: User
) -> None:
    newer = new_idea(other_lead_user, title="Newer idea")
    score_idea(fife_idea, fit=5, value=5, effort=1, by=staff_user)
    response = lead_client.get(url("list"))
    assert list(response.context["page_obj"]) == [newer, fife_idea]
    assert response.context["interested"] == {fife_idea.pk}
    assert "Fife is interested" in page_text(response)


def test_the_list_filters_by_objective_and_status(
    staff_client: Client, fife_idea: Idea, staff_user: User
) -> None:
    declined = new_idea(staff_user, title="Declined idea")
    decline_idea(declined, reason="A national service does this.", by=staff_user)
    page = staff_client.get(url("list"), {"status": "declined"})
    assert list(page.context["page_obj"]) == [declined]
    assert "A national service does this." in page_text(page)
    other = staff_client.get(url("list"), {"objective": "scaling", "status": "all"})
    assert list(other.context["page_obj"]) == []
    assert list(
        staff_client.get(url("list"), {"status": "to_score"}).context["page_obj"]
    ) == [fife_idea]


def test_a_bad_filter_is_explained_not_a_500(staff_client: Client, fife_idea) -> None:
    response = staff_client.get(url("list"), {"objective": "nope", "page": "x"})
    assert response.status_code == 200
    assert "There is no such vision objective" in page_text(response)


def test_the_list_makes_a_fixed_number_of_queries(
    staff_client: Client,
    lead_client: Client,
    staff_user: User,
    other_lead_user: User,
    django_assert_max_num_queries,
    settings,
) -> None:
    settings.HEARTBEAT_PAGE_SIZE = 10
    for n in range(25):
        idea = new_idea(other_lead_user, title=f"Idea {n}")
        if n % 2:
            score_idea(idea, fit=3, value=4, effort=2, by=staff_user)
    for client in (staff_client, lead_client):
        client.get(url("list"))  # the session and the user, read once
        with django_assert_max_num_queries(10):
            assert client.get(url("list"), {"page": "2"}).status_code == 200


def test_the_idea_page_makes_a_fixed_number_of_queries(
    staff_client: Client,
    fife_idea: Idea,
    staff_user: User,
    django_assert_max_num_queries,
) -> None:
    for n in range(5):
        colleague = User.objects.create(username=f"colleague{n}")
        Score.objects.create(
            idea=fife_idea, scored_by=colleague, fit=3, value=3, effort=3
        )
    score_idea(fife_idea, fit=4, value=4, effort=4, by=staff_user)
    with django_assert_max_num_queries(12):
        assert staff_client.get(url("idea", fife_idea)).status_code == 200


def test_leads_see_the_rank_but_not_each_members_scores(
    lead_client: Client, staff_client: Client, fife_idea: Idea, staff_user: User
) -> None:
    score_idea(fife_idea, fit=4, value=4, effort=2, note="Strong fit", by=staff_user)
    lead_page = page_text(lead_client.get(url("idea", fife_idea)))
    assert "How it ranks" in lead_page
    assert "Strong fit" not in lead_page
    assert "Strong fit" in page_text(staff_client.get(url("idea", fife_idea)))


# Interest -------------------------------------------------------------------------


def test_another_lead_adds_and_withdraws_their_councils_interest(
    other_lead_client: Client, fife_idea: Idea, highland: Council
) -> None:
    page = page_text(other_lead_client.get(url("idea", fife_idea)))
    assert "Add Highland's interest" in page
    response = other_lead_client.post(
        url("interest", fife_idea), {"action": "add", "note": "Same in Inverness."}
    )
    assert response.status_code == 302
    assert fife_idea.interests.filter(council=highland).exists()
    # Back and send again: nothing more, and it says so.
    other_lead_client.post(url("interest", fife_idea), {"action": "add"})
    assert fife_idea.interests.filter(council=highland).count() == 1
    page = page_text(other_lead_client.get(url("idea", fife_idea)))
    assert "already recorded" in page
    other_lead_client.post(url("interest", fife_idea), {"action": "withdraw"})
    assert not fife_idea.interests.filter(council=highland).exists()


@pytest.mark.parametrize("client_name", ["staff_client", "executive_client"])
def test_only_leads_add_interest(request, client_name: str, fife_idea: Idea) -> None:
    client = request.getfixturevalue(client_name)
    response = client.post(url("interest", fife_idea), {"action": "add"})
    assert response.status_code == 403
    assert fife_idea.interests.count() == 1


def test_interest_is_only_posted(other_lead_client: Client, fife_idea: Idea) -> None:
    assert other_lead_client.get(url("interest", fife_idea)).status_code == 405


def test_interest_in_a_decided_idea_is_refused_with_a_message(
    other_lead_client: Client, fife_idea: Idea, staff_user: User
) -> None:
    decline_idea(fife_idea, reason="No.", by=staff_user)
    response = other_lead_client.post(
        url("interest", fife_idea), {"action": "add"}, follow=True
    )
    assert "was declined" in page_text(response)
    assert fife_idea.interests.count() == 1


# Scoring --------------------------------------------------------------------------


def test_staff_score_an_idea(staff_client: Client, fife_idea: Idea) -> None:
    assert staff_client.get(url("score", fife_idea)).status_code == 200
    response = staff_client.post(
        url("score", fife_idea), {"fit": "4", "value": "5", "effort": "2"}
    )
    assert response.status_code == 302
    assert Score.objects.get().value == 5
    again = staff_client.get(url("score", fife_idea))
    assert again.context["form"].initial["value"] == 5


def test_a_score_off_the_scale_is_explained(
    staff_client: Client, fife_idea: Idea
) -> None:
    response = staff_client.post(
        url("score", fife_idea), {"fit": "9", "value": "5", "effort": "2"}
    )
    assert response.status_code == 200
    assert "Choose a score from 1 to 5" in page_text(response)
    assert not Score.objects.exists()


@pytest.mark.parametrize("client_name", ["lead_client", "executive_client"])
def test_only_staff_score(request, client_name: str, fife_idea: Idea) -> None:
    client = request.getfixturevalue(client_name)
    assert client.get(url("score", fife_idea)).status_code == 403
    data = {"fit": "4", "value": "5", "effort": "2"}
    assert client.post(url("score", fife_idea), data).status_code == 403
    assert not Score.objects.exists()


# Accepting and declining ----------------------------------------------------------


def test_staff_accept_an_idea_into_a_project_and_land_on_its_page(
    staff_client: Client,
    lead_client: Client,
    fife_idea: Idea,
    portfolio: Portfolio,
    staff_user: User,
) -> None:
    form = staff_client.get(url("accept", fife_idea))
    assert form.context["form"].initial["name"] == fife_idea.title
    response = staff_client.post(
        url("accept", fife_idea), acceptance(portfolio, staff_user)
    )
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert staff_client.get(project.get_absolute_url()).status_code == 200
    # The lead sees it accepted, with a link to the project.
    page = page_text(lead_client.get(url("idea", fife_idea)))
    assert "Accepted on" in page
    assert project.get_absolute_url() in page


def test_a_stale_accept_form_is_told_and_makes_no_second_project(
    staff_client: Client, fife_idea: Idea, portfolio: Portfolio, staff_user: User
) -> None:
    staff_client.post(url("accept", fife_idea), acceptance(portfolio, staff_user))
    # The same form, sent again from a tab opened before.
    again = staff_client.post(
        url("accept", fife_idea), acceptance(portfolio, staff_user, name="Other")
    )
    assert again.status_code == 200
    assert "Someone decided it after you opened the page" in page_text(again)
    assert Project.objects.count() == 1
    declined = staff_client.post(url("decline", fife_idea), {"reason": "No."})
    assert declined.status_code == 200
    assert Idea.objects.get().status == Idea.Status.ACCEPTED


def test_accept_form_errors_keep_what_was_typed(
    staff_client: Client, fife_idea: Idea, portfolio: Portfolio, staff_user: User
) -> None:
    response = staff_client.post(
        url("accept", fife_idea),
        acceptance(portfolio, staff_user, target_date="01/01/2020"),
    )
    assert response.status_code == 200
    assert "on or after the start" in page_text(response)
    assert "Bulky uplifts online" in page_text(response)
    assert not Project.objects.exists()


def test_declining_shows_the_reason_to_the_proposer(
    staff_client: Client, lead_client: Client, fife_idea: Idea
) -> None:
    blank = staff_client.post(url("decline", fife_idea), {"reason": ""})
    assert "Give the reason" in page_text(blank)
    response = staff_client.post(
        url("decline", fife_idea), {"reason": "A national service covers this."}
    )
    assert response.status_code == 302
    page = page_text(lead_client.get(url("idea", fife_idea)))
    assert "A national service covers this." in page
    assert "Declined on" in page


@pytest.mark.parametrize("client_name", ["lead_client", "executive_client"])
def test_only_staff_decide(
    request, client_name: str, fife_idea: Idea, portfolio: Portfolio, staff_user
) -> None:
    client = request.getfixturevalue(client_name)
    for name in ("accept", "decline"):
        assert client.get(url(name, fife_idea)).status_code == 403
    data = acceptance(portfolio, staff_user)
    assert client.post(url("accept", fife_idea), data).status_code == 403
    assert client.post(url("decline", fife_idea), {"reason": "x"}).status_code == 403
    assert Idea.objects.get().is_open
    assert not Project.objects.exists()


def test_a_missing_idea_is_a_404(staff_client: Client, db: None) -> None:
    for name in ("idea", "score", "accept", "decline"):
        assert (
            staff_client.get(f"/ideas/999/{name}/".replace("/idea/", "/")).status_code
            == 404
        )


def test_the_criteria_page_shows_every_weight(lead_client: Client) -> None:
    text = page_text(lead_client.get(url("criteria")))
    for criterion in CRITERIA:
        assert escape(criterion.name) in text
        assert f">{criterion.weight}<" in text


def test_interest_counts_on_the_idea(other_lead_client, fife_idea: Idea) -> None:
    other_lead_client.post(url("interest", fife_idea), {"action": "add"})
    assert Interest.objects.filter(idea=fife_idea).count() == 2
