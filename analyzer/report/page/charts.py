"""Geometry for the HTML report's inline SVG charts: plain numbers the template draws.

No drawing library and no script: each chart is a few rectangles, circles and a polyline whose
coordinates are computed here, so the page stays small, static and safe to open offline.
Colours come from CSS classes (Okabe & Ito's colour-blind-safe palette, see the template).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass

from analyzer.formatting import counted

# Widths in CSS pixels at the page's full size (the SVGs scale down with the window): a full-width
# section is about 1,030 px inside, a half-width one about 490 px.
CHART_WIDTH = 1020
HALF_WIDTH = 480
LABEL_WIDTH = 150
HALF_LABEL_WIDTH = 100
VALUE_WIDTH = 70
ROW_HEIGHT = 26
AXIS_HEIGHT = 22


def _r(value: float) -> float:
    """One decimal is plenty for a screen and keeps the file small."""
    return round(value, 1)


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 × 10^n at least VALUE: a round top for an axis."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)  # pragma: no cover


@dataclass(frozen=True)
class HBar:
    label: str
    y: float
    width: float
    value: str
    css: str


@dataclass(frozen=True)
class HBarChart:
    width: int
    height: int
    label_width: int
    bars: tuple[HBar, ...]


def hbar_chart(rows: Sequence[tuple[str, float, str, str]], top: float) -> HBarChart:
    """Horizontal bars from (label, value, value text, css class) rows, scaled to TOP."""
    span = HALF_WIDTH - HALF_LABEL_WIDTH - VALUE_WIDTH
    bars = tuple(
        HBar(
            label,
            _r(index * ROW_HEIGHT + 4),
            _r(span * max(value, 0.0) / top) if top else 0.0,
            text,
            css,
        )
        for index, (label, value, text, css) in enumerate(rows)
    )
    return HBarChart(HALF_WIDTH, len(rows) * ROW_HEIGHT + 4, HALF_LABEL_WIDTH, bars)


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    height: float
    title: str


@dataclass(frozen=True)
class MonthChart:
    """Two panels over the same months: commits as columns, contributors as a line."""

    width: int
    height: int
    left: int
    panel_height: int
    column_width: float
    commits: tuple[Column, ...]
    commits_top: int
    contributors_points: str
    contributors_dots: tuple[Column, ...]
    contributors_top: int
    x_ticks: tuple[Tick, ...]
    second_panel_y: int


MONTH_PANEL_HEIGHT = 120
MONTH_LEFT = 44
MAX_COLUMN_WIDTH = 36.0
MONTHS_ALL_LABELLED = 12
MONTHS_QUARTERS_LABELLED = 36
MONTH_DOTS_MAX = 36  # more months than this: the line alone, dots would crowd it


def _month_label(month: str, count: int) -> str | None:
    """Every month for a year or less, quarters up to three years, then Januaries as years."""
    if count <= MONTHS_ALL_LABELLED:
        return month
    if count <= MONTHS_QUARTERS_LABELLED:
        return month if month[5:7] in ("01", "04", "07", "10") else None
    return month[:4] if month.endswith("-01") else None


def month_chart(months: Sequence[tuple[str, int, int]]) -> MonthChart:
    """(YYYY-MM, commits, contributors) for consecutive months."""
    plot = CHART_WIDTH - MONTH_LEFT - 8
    step = plot / max(len(months), 1)
    width = min(step * 0.8, MAX_COLUMN_WIDTH)
    commits_top = int(nice_ceiling(max((item[1] for item in months), default=1)))
    people_top = int(nice_ceiling(max((item[2] for item in months), default=1)))
    panel = MONTH_PANEL_HEIGHT
    second = panel + AXIS_HEIGHT + 18
    columns = []
    dots = []
    ticks = []
    for index, (month, commits, people) in enumerate(months):
        height = panel * commits / commits_top
        middle = MONTH_LEFT + index * step + step / 2
        title = f"{month}: {counted(commits, 'commit')}"
        columns.append(Column(_r(middle - width / 2), _r(panel - height), _r(height), title))
        people_y = _r(second + panel - panel * people / people_top)
        dots.append(Column(_r(middle), people_y, 0.0, f"{month}: {counted(people, 'contributor')}"))
        label = _month_label(month, len(months))
        if label is not None:
            ticks.append(Tick(_r(middle), label))
    return MonthChart(
        width=CHART_WIDTH,
        height=second + panel + AXIS_HEIGHT,
        left=MONTH_LEFT,
        panel_height=panel,
        column_width=_r(width),
        commits=tuple(columns),
        commits_top=commits_top,
        contributors_points=" ".join(f"{dot.x},{dot.y}" for dot in dots),
        contributors_dots=tuple(dots) if len(dots) <= MONTH_DOTS_MAX else (),
        contributors_top=people_top,
        x_ticks=tuple(ticks),
        second_panel_y=second,
    )


@dataclass(frozen=True)
class Block:
    """One language's part of one month's column."""

    x: float
    y: float
    height: float
    css: str
    title: str


@dataclass(frozen=True)
class LanguageMonthChart:
    """Stacked columns per month: commits touching each language, the first series lowest."""

    width: int
    height: int
    left: int
    panel_height: int
    column_width: float
    top: int
    blocks: tuple[Block, ...]
    x_ticks: tuple[Tick, ...]


LANGUAGE_PANEL_HEIGHT = 160


def language_month_chart(
    months: Sequence[tuple[str, Sequence[int]]], series: Sequence[tuple[str, str]]
) -> LanguageMonthChart:
    """(YYYY-MM, commits per series) for consecutive months; SERIES are (label, css class)."""
    plot = CHART_WIDTH - MONTH_LEFT - 8
    step = plot / max(len(months), 1)
    width = min(step * 0.8, MAX_COLUMN_WIDTH)
    top = int(nice_ceiling(max((sum(counts) for _, counts in months), default=1)))
    panel = LANGUAGE_PANEL_HEIGHT
    blocks = []
    ticks = []
    for index, (month, counts) in enumerate(months):
        middle = MONTH_LEFT + index * step + step / 2
        base = 0
        for (label, css), count in zip(series, counts, strict=True):
            if not count:
                continue
            bottom = panel - panel * base / top
            base += count
            y = panel - panel * base / top
            title = f"{month}: {label} {counted(count, 'commit')}"
            blocks.append(Block(_r(middle - width / 2), _r(y), _r(bottom - y), css, title))
        label_text = _month_label(month, len(months))
        if label_text is not None:
            ticks.append(Tick(_r(middle), label_text))
    return LanguageMonthChart(
        width=CHART_WIDTH,
        height=panel + AXIS_HEIGHT,
        left=MONTH_LEFT,
        panel_height=panel,
        column_width=_r(width),
        top=top,
        blocks=tuple(blocks),
        x_ticks=tuple(ticks),
    )


@dataclass(frozen=True)
class Dot:
    cx: float
    cy: float
    r: float
    title: str
    after_hours: bool


@dataclass(frozen=True)
class PunchCard:
    width: int
    height: int
    left: int
    cell: int
    dots: tuple[Dot, ...]
    rows: tuple[Tick, ...]
    columns: tuple[Tick, ...]
    shaded: tuple[tuple[float, float, float, float], ...]  # after-hours blocks: x, y, w, h


PUNCH_CELL = 38
PUNCH_LEFT = 60


def punch_card(
    grid: Sequence[Sequence[int]], weekdays: Sequence[str], is_late: Callable[[int, int], bool]
) -> PunchCard:
    """Circles whose area grows with the commits in each weekday × hour; after hours shaded."""
    top = max((count for row in grid for count in row), default=0) or 1
    cell = PUNCH_CELL
    dots = []
    shaded = []
    for day, row in enumerate(grid):
        for hour, count in enumerate(row):
            x = PUNCH_LEFT + hour * cell
            y = day * cell
            late = is_late(day, hour)
            if late:
                shaded.append((float(x), float(y), float(cell), float(cell)))
            if count:
                radius = (cell / 2 - 1.5) * math.sqrt(count / top)
                dots.append(
                    Dot(
                        _r(x + cell / 2),
                        _r(y + cell / 2),
                        _r(max(radius, 1.5)),
                        f"{weekdays[day]} {hour:02d}:00: {counted(count, 'commit')}",
                        late,
                    )
                )
    return PunchCard(
        width=PUNCH_LEFT + 24 * cell + 4,
        height=7 * cell + AXIS_HEIGHT,
        left=PUNCH_LEFT,
        cell=cell,
        dots=tuple(dots),
        rows=tuple(Tick(day * cell + cell / 2, name[:3]) for day, name in enumerate(weekdays)),
        columns=tuple(
            Tick(PUNCH_LEFT + hour * cell + cell / 2, f"{hour:02d}") for hour in range(0, 24, 3)
        ),
        shaded=tuple(shaded),
    )


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    css: str
    title: str


@dataclass(frozen=True)
class StackRow:
    label: str
    y: float
    segments: tuple[Segment, ...]
    score: str
    score_x: float
    leader: bool


@dataclass(frozen=True)
class StackedChart:
    width: int
    height: int
    label_width: int
    zero_x: float
    rows: tuple[StackRow, ...]
    ticks: tuple[Tick, ...]
    axis_y: float


STACK_MIN = -0.2  # the risk penalty is at most its weight (0.10 by default) below zero
STACK_MAX = 1.0


def stacked_chart(
    rows: Sequence[tuple[str, float, Sequence[tuple[str, float]]]],
) -> StackedChart:
    """One bar per stack: positive contributions stacked right of zero, penalties left of it.

    ROWS are (label, score, [(criterion, contribution), ...]) in ranking order.
    """
    low = min([STACK_MIN, *(sum(v for _, v in parts if v < 0) for _, _, parts in rows)])
    high = max([STACK_MAX, *(sum(v for _, v in parts if v > 0) for _, _, parts in rows)])
    span = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH

    def at(value: float) -> float:
        return LABEL_WIDTH + span * (value - low) / (high - low)

    built = []
    for index, (label, score, parts) in enumerate(rows):
        segments = []
        right, left = 0.0, 0.0
        for name, value in parts:
            if value > 0:
                start, right = right, right + value
            elif value < 0:
                left, start = left + value, left + value
            else:
                continue
            title = f"{label}: {name} {value:+.3f}"
            segments.append(
                Segment(_r(at(start)), _r(at(start + abs(value)) - at(start)), name, title)
            )
        built.append(
            StackRow(
                label,
                _r(index * ROW_HEIGHT + 4),
                tuple(segments),
                f"{score:.2f}",
                _r(at(right) + 6),
                index == 0,
            )
        )
    ticks = tuple(
        Tick(_r(at(value / 10)), f"{value / 10:g}")
        for value in range(-2, 11, 2)
        if low <= value / 10 <= high
    )
    axis = len(rows) * ROW_HEIGHT + 4
    return StackedChart(
        CHART_WIDTH, axis + AXIS_HEIGHT, LABEL_WIDTH, _r(at(0.0)), tuple(built), ticks, axis
    )
