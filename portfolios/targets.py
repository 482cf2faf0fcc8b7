"""A portfolio's progress towards a target: the one rule, as a pure function.

A target is a number to reach by a date ("1,000 telecare units by March 2027"). It
is read against the portfolio's benefit actual of the same measure, as the nightly
figures stored it: the sum of the latest actuals of its projects' benefits.

- met: the actual has reached the target (whenever that is);
- missed: the date has passed without reaching it;
- on track: at least the share of the target that a straight line from nothing at
  the start (the portfolio's) to the target on its date gives for the day;
- behind: less than that;
- no figures: nothing measured yet.

Pure, over plain values, so that it is tested without a database, and the page, an
export or an email all say the same.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

type Number = int | float | Decimal


class Standing(StrEnum):
    MET = "met"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    MISSED = "missed"
    NO_FIGURES = "no_figures"

    @property
    def label(self) -> str:
        return {
            Standing.MET: "Met",
            Standing.ON_TRACK: "On track",
            Standing.BEHIND: "Behind",
            Standing.MISSED: "Missed",
            Standing.NO_FIGURES: "No figures yet",
        }[self]

    @property
    def is_good(self) -> bool:
        return self in (Standing.MET, Standing.ON_TRACK)


@dataclass(frozen=True)
class Progress:
    standing: Standing
    share: float | None  # of the target reached, 0.5 for half
    expected_share: float  # of the target a straight line gives for the day
    actual: float | None

    @property
    def label(self) -> str:
        return self.standing.label


def expected_share(starts_on: dt.date, due_on: dt.date, day: dt.date) -> float:
    """The share of the target due by the day, on a straight line from the start to
    the due date (all of it from the due date on)."""
    if day >= due_on or due_on <= starts_on:
        return 1.0
    if day <= starts_on:
        return 0.0
    return (day - starts_on).days / (due_on - starts_on).days


def target_progress(
    *,
    target: Number,
    due_on: dt.date,
    actual: Number | None,
    starts_on: dt.date,
    day: dt.date,
) -> Progress:
    """Where the actual stands against the target on the day (see the module)."""
    expected = expected_share(starts_on, due_on, day)
    if actual is None:
        return Progress(Standing.NO_FIGURES, None, expected, None)
    actual, target = float(actual), float(target)
    share = actual / target if target > 0 else None
    if actual >= target:
        standing = Standing.MET
    elif day > due_on:
        standing = Standing.MISSED
    elif actual >= target * expected:
        standing = Standing.ON_TRACK
    else:
        standing = Standing.BEHIND
    return Progress(standing, share, expected, actual)


def shown(value: Number, *, money: bool = False) -> str:
    """A target or an actual as people write it: 1,000, 2.5 or £25,000."""
    text = f"{Decimal(str(value)):,.2f}".removesuffix(".00")
    return f"£{text}" if money else text


OWN_NAMED = "custom:"  # the key's prefix for a measure a project names itself


def measure_key(measure: str, custom_name: str = "") -> str:
    """How the stored benefit figures name a measure (`Snapshot.key`): its value, or
    "custom:<name>" for a measure of its own, in the key's 60 characters."""
    if custom_name:
        return f"{OWN_NAMED}{custom_name}"[:60]
    return measure
