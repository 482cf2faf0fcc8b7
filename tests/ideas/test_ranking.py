"""The ranked list: the published formula over the figures, in the database."""

from decimal import Decimal

import pytest

from councils.models import Council, User
from councils.roles import Role
from ideas.models import Idea
from ideas.scoring import rank_score
from ideas.services import add_interest, decline_idea, score_idea
from tests.ideas.conftest import new_idea
from tests.worlds import user_in


def lead_of(slug: str) -> User:
    council = Council.objects.get(slug=slug)
    return user_in(Role.LEAD, username=f"lead-{slug}", council=council)


def test_the_figures_are_the_interested_councils_and_the_average_scores(
    fife_idea: Idea, staff_user: User, other_lead_user: User, highland: Council
) -> None:
    add_interest(fife_idea, council=highland, by=other_lead_user)
    colleague = user_in(Role.STAFF, username="colleague")
    score_idea(fife_idea, fit=4, value=3, effort=2, by=staff_user)
    score_idea(fife_idea, fit=5, value=4, effort=3, by=colleague)
    idea = Idea.objects.ranked().get(pk=fife_idea.pk)
    fife = Council.objects.get(slug="fife")
    scotland = sum(Council.objects.values_list("population", flat=True))
    share = (fife.population + highland.population) / scotland
    assert idea.councils_interested == 2
    assert idea.population_share == pytest.approx(share)
    assert (idea.average_fit, idea.average_value, idea.average_effort) == (
        4.5,
        3.5,
        2.5,
    )
    assert idea.score_count == 2
    assert idea.rank == rank_score(2, share, 4.5, 3.5, 2.5)
    assert idea.rank_points == pytest.approx(float(idea.rank), abs=0.05)


def test_an_unscored_idea_has_no_rank(fife_idea: Idea) -> None:
    idea = Idea.objects.ranked().get(pk=fife_idea.pk)
    assert idea.rank is None
    assert idea.rank_points is None
    assert idea.councils_interested == 1


def test_ideas_are_ranked_by_the_published_formula(staff_user: User, db: None) -> None:
    proposers = [lead_of(slug) for slug in ("fife", "highland", "glasgow-city")]
    others = [Council.objects.get(slug=s) for s in ("orkney-islands", "angus")]
    scores = [(2, 2, 4), (5, 5, 1), (3, 4, 2)]
    for n, (proposer, (fit, value, effort)) in enumerate(
        zip(proposers, scores, strict=True)
    ):
        idea = new_idea(proposer, title=f"Idea {n}", councils=others[: n % 2 + 1])
        score_idea(idea, fit=fit, value=value, effort=effort, by=staff_user)
    unscored = new_idea(staff_user, title="Not scored yet", councils=others)
    declined = new_idea(staff_user, title="Declined")
    score_idea(declined, fit=5, value=5, effort=1, by=staff_user)
    decline_idea(declined, reason="Done elsewhere.", by=staff_user)

    ranked = list(Idea.objects.ranked())
    by_formula = sorted(
        (i for i in ranked if i.rank is not None and i.is_open),
        key=lambda i: i.rank,
        reverse=True,
    )
    assert ranked[: len(by_formula)] == by_formula
    assert ranked[-2:] == [unscored, declined]  # unscored after, decided last
    assert by_formula[0].title == "Idea 1"
    assert by_formula[0].rank > Decimal(50)


def test_ranking_takes_a_fixed_number_of_queries(
    staff_user: User, django_assert_num_queries
) -> None:
    for n in range(5):
        idea = new_idea(staff_user, title=f"Idea {n}")
        score_idea(idea, fit=3, value=3, effort=3, by=staff_user)
    with django_assert_num_queries(1):
        ideas = list(Idea.objects.ranked())
        assert [idea.rank for idea in ideas]
