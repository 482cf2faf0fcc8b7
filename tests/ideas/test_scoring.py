"""The published criteria, as a pure function."""

from decimal import Decimal

import pytest

from ideas import scoring
from ideas.scoring import rank_score


def test_the_weights_add_up_to_a_hundred_points() -> None:
    assert scoring.MAXIMUM == 100
    assert sum(c.weight for c in scoring.CRITERIA) == scoring.MAXIMUM


def test_every_council_and_top_scores_earn_every_point() -> None:
    assert rank_score(32, 1, 5, 5, 1) == Decimal("100.0")


def test_no_interest_and_the_lowest_scores_earn_nothing() -> None:
    assert rank_score(0, 0, 1, 1, 5) == Decimal("0.0")


def test_each_criterion_earns_its_weight_in_proportion() -> None:
    # 8 of 32 councils: a quarter of 20; a tenth of Scotland: a tenth of 20;
    # fit 3 of 1-5: half of 20; value 4: three quarters of 25; effort 2: three
    # quarters of 15.
    assert scoring.points(8, 0.1, 3, 4, 2) == {
        "councils": Decimal("5.0"),
        "population": Decimal("2.0"),
        "fit": Decimal("10.0"),
        "value": Decimal("18.8"),
        "effort": Decimal("11.3"),
    }
    assert rank_score(8, 0.1, 3, 4, 2) == Decimal("47.0")


def test_less_effort_ranks_higher_for_the_same_value() -> None:
    quick = rank_score(3, 0.05, 4, 4, 1)
    slow = rank_score(3, 0.05, 4, 4, 5)
    assert quick - slow == scoring.WEIGHTS["effort"]


def test_more_councils_rank_higher_for_the_same_scores() -> None:
    assert rank_score(10, 0.2, 3, 3, 3) > rank_score(2, 0.2, 3, 3, 3)


def test_a_float_share_does_not_leak_its_binary_tail() -> None:
    assert rank_score(0, 0.1 + 0.2, 1, 1, 5) == Decimal("6.0")


@pytest.mark.parametrize("average", [2.5, Decimal("2.5")])
def test_averages_of_scores_are_accepted(average: float | Decimal) -> None:
    assert rank_score(0, 0, average, 1, 5) == Decimal("7.5")
