"""The published criteria staff rank ideas by, with their weights written once.

The criteria page reads its table from CRITERIA, rank_score() is the formula over
plain numbers, and Idea.objects.ranked() orders by the same contributions() over
database columns: the formula uses only +, -, * and /, so it reads the same on
either.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

COUNCILS_IN_SCOTLAND = 32
LOWEST, HIGHEST = 1, 5  # the scale staff score fit, value and effort on


@dataclass(frozen=True)
class Criterion:
    key: str
    name: str
    weight: int  # points out of MAXIMUM
    measure: str  # how it is measured, in words
    full_marks: str  # what earns every point


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "councils",
        "Councils interested",
        20,
        "How many of Scotland's 32 councils share the problem: the council that "
        "proposed the idea, the councils it named, and every council whose lead has "
        "added its interest since.",
        "All 32 councils interested.",
    ),
    Criterion(
        "population",
        "Share of Scotland's population",
        20,
        "The share of Scotland's people who live in the interested councils, from "
        "each council's population estimate. A problem shared by a few large "
        "councils counts as much as one shared by many small ones.",
        "Every council interested, so all of Scotland's people.",
    ),
    Criterion(
        "fit",
        "Fit to the vision objectives",
        20,
        "How squarely the idea serves the vision objectives of the business plan, "
        "scored 1 to 5 by each member of staff who scores it, and averaged.",
        "An average score of 5.",
    ),
    Criterion(
        "value",
        "Value",
        25,
        "What councils and the people they serve would gain (money, time, better "
        "services), scored 1 to 5 by staff, and averaged.",
        "An average score of 5.",
    ),
    Criterion(
        "effort",
        "Effort",
        15,
        "How much work it would take the programme and the councils, scored 1 "
        "(little) to 5 (a great deal) by staff, and averaged. Less effort earns "
        "more points, so a quick win ranks above a large undertaking of the same "
        "value.",
        "An average score of 1: little effort.",
    ),
)
WEIGHTS: dict[str, int] = {criterion.key: criterion.weight for criterion in CRITERIA}
MAXIMUM = sum(WEIGHTS.values())

# What each point of the staff's scales means, for the score form and the criteria.
SCALES: dict[str, dict[int, str]] = {
    "fit": {
        1: "1: touches the vision objectives only in passing",
        2: "2: serves an objective a little",
        3: "3: serves an objective well",
        4: "4: serves an objective strongly",
        5: "5: squarely what an objective is for",
    },
    "value": {
        1: "1: little gain",
        2: "2: some gain for a few councils",
        3: "3: a clear gain for the councils interested",
        4: "4: a large gain, or a clear one for many councils",
        5: "5: a large, measurable gain for councils and citizens",
    },
    "effort": {
        1: "1: a few weeks for a small team",
        2: "2: a few months for a small team",
        3: "3: a project of a year or so",
        4: "4: a large project, with procurement or several teams",
        5: "5: a multi-year programme",
    },
}


def contributions[Number](
    councils_interested: Number,
    population_share: Number,
    fit: Number,
    value: Number,
    effort: Number,
) -> dict[str, Number]:
    """The points each criterion earns. Over numbers, or over database expressions
    (Idea.objects.ranked() sums these to order the ideas)."""
    span = HIGHEST - LOWEST
    return {
        "councils": councils_interested * WEIGHTS["councils"] / COUNCILS_IN_SCOTLAND,
        "population": population_share * WEIGHTS["population"],
        "fit": (fit - LOWEST) * WEIGHTS["fit"] / span,
        "value": (value - LOWEST) * WEIGHTS["value"] / span,
        # Reversed: more effort, fewer points.
        "effort": (HIGHEST - effort) * WEIGHTS["effort"] / span,
    }


def _decimal(number: float | Decimal | int) -> Decimal:
    # Through str, so a float's binary tail (0.1 + 0.2) does not leak into points.
    return number if isinstance(number, Decimal) else Decimal(str(number))


def points(
    councils_interested: int,
    population_share: float | Decimal,
    fit: float | Decimal,
    value: float | Decimal,
    effort: float | Decimal,
) -> dict[str, Decimal]:
    """Each criterion's points, to one decimal place."""
    return {
        key: amount.quantize(Decimal("0.1"), ROUND_HALF_UP)
        for key, amount in contributions(
            *map(_decimal, (councils_interested, population_share, fit, value, effort))
        ).items()
    }


def rank_score(
    councils_interested: int,
    population_share: float | Decimal,
    fit: float | Decimal,
    value: float | Decimal,
    effort: float | Decimal,
) -> Decimal:
    """An idea's place in the ranking, out of MAXIMUM (100), to one decimal place.

    `population_share` is a fraction (0.1 for a tenth of Scotland); `fit`, `value`
    and `effort` are the staff's average scores on the 1-5 scale.
    """
    total = sum(
        contributions(
            *map(_decimal, (councils_interested, population_share, fit, value, effort))
        ).values()
    )
    return total.quantize(Decimal("0.1"), ROUND_HALF_UP)
