"""Server-side charts: plain geometry for the templates to draw as SVG.

Pure functions of numbers; no database and no markup. Every chart has its numbers in a
table beside it, so the drawing never carries meaning alone.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 600, 240
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 64, 16, 16, 40


@dataclass(frozen=True)
class Point:
    day: dt.date
    value: float
    x: float
    y: float


@dataclass(frozen=True)
class Tick:
    label: str
    x: float
    y: float


@dataclass(frozen=True)
class LineChart:
    points: list[Point]
    path: str
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def last(self) -> Point | None:
        return self.points[-1] if self.points else None


def line_chart(
    series: Sequence[tuple[dt.date, float]], *, percent: bool = False
) -> LineChart:
    """A line over time, scaled to the chart, from zero to a round top."""
    series = [(day, value) for day, value in series if value is not None]
    if not series:
        return LineChart([], "", [], [])
    top = max(value for _, value in series)
    top = 1.0 if percent else nice_top(top)
    first, last = series[0][0], series[-1][0]
    span = max((last - first).days, 1)
    inner_w = WIDTH - PAD_LEFT - PAD_RIGHT
    inner_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def x(day: dt.date) -> float:
        return round(PAD_LEFT + inner_w * (day - first).days / span, 1)

    def y(value: float) -> float:
        return round(PAD_TOP + inner_h * (1 - value / top if top else 1), 1)

    points = [Point(day, value, x(day), y(value)) for day, value in series]
    path = "M" + " L".join(f"{p.x},{p.y}" for p in points)
    y_ticks = [
        Tick(
            f"{round(fraction * top * 100)}%" if percent else f"{fraction * top:g}",
            PAD_LEFT - 6,
            y(fraction * top),
        )
        for fraction in (0, 0.5, 1)
    ]
    x_ticks = [Tick(day.strftime("%b %Y"), x(day), HEIGHT - 8) for day in (first, last)]
    return LineChart(points, path, y_ticks, x_ticks)


def nice_top(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten at or above the value."""
    if value <= 0:
        return 1.0
    power = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    width: float  # a percentage of the track, for the template


def bars(rows: Sequence[tuple[str, float]]) -> list[Bar]:
    """Horizontal bars scaled to the largest, as percentages of the track."""
    top = max((value for _, value in rows), default=0)
    return [
        Bar(label, value, round(100 * value / top, 1) if top else 0.0)
        for label, value in rows
    ]
