"""The one chart engine: Python computes a chart's geometry as plain data, a template draws it.

Each function here returns a frozen dataclass (or None when there is nothing to draw) holding every coordinate,
already rounded to one decimal, and every text, already written; `templates/components/charts/<kind>.html` (the
dataclass's `template`) draws it as an `<svg role="img">` whose `<title>` says what the chart shows. No SVG is
written in Python, and the templates use no inline style and no script (the CSP forbids both): colours and font
sizes are SVG presentation attributes. Whoever shows a chart also shows its numbers in a table beside it, and the
title says so (the dashboards) or holds the numbers itself (the PDF reports, whose figures need alternative text).

The defaults are the dashboards' sizes; a PDF passes its own (`width=300, font_size=8`, ...) to the same functions.
Text is at least `FONT_SIZE` (12) user units wherever a caller keeps the defaults.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import ClassVar

from grportal import numbers

INK = "#1b1f24"
BAR = "#00528c"
SECOND = "#8a2a00"
GRID = "#c9d1d9"
FONT_SIZE = 12  # the smallest text the defaults draw: a director found 10 px hard to read
CHAR_WIDTH = 0.57  # an average character's width, in ems, for shortening labels (the whole label is in the table)
LABEL_PITCH = 56  # the width, in user units, that a time label under a column or a line needs (YYYY-MM and a gap)
DASHES = ("none", "6 4")  # the second series is dashed, so the lines differ by more than colour
COLOURS = (BAR, SECOND)

Number = Decimal | int | float


def _n(value) -> float:
    """A coordinate, rounded to one decimal (the template prints it unlocalised: SVG wants a point)."""
    return round(float(value), 1)


def value_text(value) -> str:
    """A chart's value in the page's language: whole numbers without decimals, others with one ('1 234', '12,5')."""
    number = numbers.as_decimal(value)
    if number is None:
        return ""
    return numbers.format_number(number, 0 if number == number.to_integral_value() else 1)


def fit(label: str, room: float, font_size: float) -> str:
    """`label` shortened with an ellipsis to what fits in `room` user units at `font_size`."""
    most = max(4, int((room - 10) / (font_size * CHAR_WIDTH)))
    return label if len(label) <= most else label[:most - 1] + "…"


def label_step(count: int, plot_width: float, pitch: float = LABEL_PITCH) -> int:
    """Label every n-th of `count` columns or points spread over `plot_width`, so that no two labels overlap."""
    return max(1, math.ceil(count * pitch / plot_width)) if count else 1


def _baseline(top: float, height: float, font_size: float) -> float:
    """The baseline that centres a line of text of `font_size` on a band from `top`, `height` high."""
    return _n(top + height / 2 + font_size * 0.35)


def _top(values) -> float:
    top = max((float(v) for v in values), default=0.0)
    return top if top > 0 else 1.0


@dataclass(frozen=True, kw_only=True)
class Frame:
    """What every chart has, whatever its kind: the `<svg>` it is drawn in (its viewBox, `width` × `height` user
    units, its class and font family, its `<title>`), the size of its text and the colour of its ink. Each chart
    below is a Frame with the geometry of its kind; its fields stay top-level, so the templates, the JSON snapshot
    (as_dict) and the callers read `chart.width` as before."""

    template: ClassVar[str]
    title: str
    width: int
    height: int
    font_size: float
    css_class: str = "chart"
    font_family: str = ""
    ink: str = INK

    def as_dict(self) -> dict:
        """The chart as dicts and lists (for a JSON snapshot); the template draws either."""
        return asdict(self)


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Axis:
    """The baseline of a column or line chart, with the scale's top value and zero written left of the plot."""
    x1: float
    x2: float
    y: float
    text_x: float
    top_y: float
    top_text: str


# --- horizontal bars --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Bar:
    label: str  # the whole label (the table's)
    short: str  # as drawn, shortened to fit
    value: Number
    value_text: str  # as drawn at the bar's end
    y: float
    width: float
    text_y: float
    value_x: float


@dataclass(frozen=True, kw_only=True)
class BarChart(Frame):
    template: ClassVar[str] = "components/charts/bar.html"
    label_x: float  # the labels end here (right-aligned), the bars start at bar_x
    bar_x: float
    bar_height: float
    bars: tuple[Bar, ...]
    colour: str = BAR


def bar_chart(rows: Sequence[tuple[str, Number]], *, title: str, width: int = 400, label_width: int = 150,
              value_room: int = 70, bar_height: float = 24, gap: float = 8, font_size: float = 14,
              value_format: Callable[[Number], str] = value_text,
              numbers_in_title: Callable[[Number], str] | None = None,
              css_class: str = "chart", font_family: str = "") -> BarChart | None:
    """Horizontal bars, one per (label, value), the value written at the bar's end; the longest bar fills the
    plot (`width - label_width - value_room`). None when no value is above zero: nothing to compare.

    `numbers_in_title` writes each row into the title as well ("Title; label: value; ..."): a chart whose
    alternative text must carry its numbers (a PDF's figure)."""
    rows = [(str(label), value if value is not None else 0) for label, value in rows]
    if not any(float(value) > 0 for _, value in rows):
        return None
    plot = width - label_width - value_room
    top = _top(value for _, value in rows)
    bars = []
    for i, (label, value) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        w = max(0.0, float(value)) / top * plot
        bars.append(Bar(label=label, short=fit(label, label_width, font_size), value=value,
                        value_text=value_format(value), y=_n(y), width=_n(w),
                        text_y=_baseline(y, bar_height, font_size), value_x=_n(label_width + w + 4)))
    if numbers_in_title:
        title = "".join([str(title)] + [f"; {label}: {numbers_in_title(value)}" for label, value in rows])
    return BarChart(title=str(title), width=width, height=math.ceil(len(rows) * (bar_height + gap) + gap),
                    label_x=label_width - 6, bar_x=label_width, bar_height=bar_height, font_size=font_size,
                    bars=tuple(bars), css_class=css_class, font_family=font_family)


# --- columns over time ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    label: str
    value: Number
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, kw_only=True)
class ColumnChart(Frame):
    template: ClassVar[str] = "components/charts/column.html"
    axis: Axis
    columns: tuple[Column, ...]
    labels: tuple[Text, ...]  # every n-th column's label, centred under it
    colour: str = BAR
    grid: str = GRID


def column_chart(rows: Sequence[tuple[str, Number]], *, title: str, width: int = 640, height: int = 200,
                 font_size: float = FONT_SIZE, css_class: str = "chart",
                 font_family: str = "") -> ColumnChart | None:
    """Vertical columns over time (months), labels under every n-th column so that they never overlap
    (`label_step`). None when no value is above zero."""
    rows = [(str(label), value if value is not None else 0) for label, value in rows]
    if not any(float(value) > 0 for _, value in rows):
        return None
    left, bottom, top_pad = 44, 36, 12
    plot_w, plot_h = width - left - 8, height - bottom - top_pad
    top = _top(value for _, value in rows)
    step = plot_w / len(rows)
    every = label_step(len(rows), plot_w)
    columns, labels = [], []
    for i, (label, value) in enumerate(rows):
        h = max(0.0, float(value)) / top * plot_h
        x = left + i * step
        columns.append(Column(label=label, value=value, x=_n(x + step * 0.1), y=_n(top_pad + plot_h - h),
                              width=_n(step * 0.8), height=_n(h)))
        if i % every == 0:
            labels.append(Text(x=_n(x + step / 2), y=height - bottom + 16, text=label))
    axis = Axis(x1=left, x2=width - 8, y=top_pad + plot_h, text_x=left - 4, top_y=top_pad + 10,
                top_text=value_text(top))
    return ColumnChart(title=str(title), width=width, height=height, font_size=font_size, axis=axis,
                       columns=tuple(columns), labels=tuple(labels), css_class=css_class, font_family=font_family)


# --- progress against a target ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Progress:
    label: str
    short: str
    reached: float  # per cent of the target
    value_text: str
    y: float
    width: float
    tick_x: float  # where the trajectory says the bar should reach today
    tick_y1: float
    tick_y2: float
    text_y: float
    value_x: float


@dataclass(frozen=True, kw_only=True)
class ProgressChart(Frame):
    template: ClassVar[str] = "components/charts/progress.html"
    label_x: float
    bar_x: float
    bar_height: float
    target_x: float  # the 100 % line
    target_y2: float
    target_text_y: float
    target_text: str
    rows: tuple[Progress, ...]
    scale_font_size: float = FONT_SIZE  # the "100 %" under the target line
    colour: str = BAR
    tick: str = SECOND
    grid: str = GRID


def progress_chart(rows: Sequence[tuple[str, float, float]], *, title: str, width: int = 560,
                   label_width: int = 190, bar_height: float = 18, gap: float = 10, font_size: float = 14,
                   css_class: str = "chart", font_family: str = "") -> ProgressChart | None:
    """Per (label, reached, expected) row: a bar for the share of the target reached and a tick where the
    trajectory says it should be today, both in per cent and capped at 120 % so that an overshoot still shows.
    None when there are no rows."""
    if not rows:
        return None
    cap = 120.0
    plot = width - label_width - 60
    height = math.ceil(len(rows) * (bar_height + gap) + gap + 16)
    drawn = []
    for i, (label, reached, expected) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        w = min(max(float(reached), 0.0), cap) / cap * plot
        tick = label_width + min(max(float(expected), 0.0), cap) / cap * plot
        drawn.append(Progress(label=str(label), short=fit(str(label), label_width, font_size), reached=reached,
                              value_text=numbers.percent_text(round(reached)), y=_n(y), width=_n(w),
                              tick_x=_n(tick), tick_y1=_n(y - 3), tick_y2=_n(y + bar_height + 3),
                              text_y=_baseline(y, bar_height, font_size), value_x=_n(label_width + w + 6)))
    return ProgressChart(title=str(title), width=width, height=height, label_x=label_width - 6, bar_x=label_width,
                         bar_height=bar_height, font_size=font_size, target_x=_n(label_width + plot / cap * 100),
                         target_y2=height - 16, target_text_y=height - 3,
                         target_text=numbers.percent_text(100), rows=tuple(drawn), css_class=css_class,
                         font_family=font_family)


# --- lines over time --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[tuple[float, float], ...]
    colour: str
    dash: str  # stroke-dasharray: "none" for the first series
    key_x1: float  # the legend's sample of the line, and the name beside it
    key_x2: float
    key_y: float
    name_x: float
    name_y: float


@dataclass(frozen=True, kw_only=True)
class LineChart(Frame):
    template: ClassVar[str] = "components/charts/line.html"
    legend_font_size: float
    axis: Axis
    labels: tuple[Text, ...]
    series: tuple[Series, ...]
    grid: str = GRID


def line_chart(labels: Sequence[str], series: Sequence[tuple[str, Sequence[Number]]], *, title: str,
               width: int = 640, height: int = 220, font_size: float = FONT_SIZE, legend_font_size: float = 13,
               css_class: str = "chart", font_family: str = "") -> LineChart | None:
    """Lines over time (e.g. planned and booked costs accumulated) with a legend above them; the second series is
    dashed. Labels under every n-th point (`label_step`). None without labels or series."""
    if not labels or not series:
        return None
    left, bottom, top_pad, legend = 64, 36, 12, 22
    plot_w, plot_h = width - left - 12, height - bottom - top_pad - legend
    top = _top(v for _, values in series for v in values)
    step = plot_w / max(1, len(labels) - 1)
    every = label_step(len(labels), plot_w)
    base_y = top_pad + legend + plot_h
    drawn = []
    for n, (name, values) in enumerate(series):
        key_x = left + n * 220
        drawn.append(Series(
            name=str(name), colour=COLOURS[n % len(COLOURS)], dash=DASHES[n % len(DASHES)],
            points=tuple((_n(left + i * step), _n(base_y - max(0.0, float(v)) / top * plot_h))
                         for i, v in enumerate(values)),
            key_x1=key_x, key_x2=key_x + 28, key_y=top_pad + 6, name_x=key_x + 34, name_y=top_pad + 11,
        ))
    axis = Axis(x1=left, x2=width - 12, y=base_y, text_x=left - 4, top_y=top_pad + legend + 10,
                top_text=value_text(round(top)))
    return LineChart(title=str(title), width=width, height=height, font_size=font_size,
                     legend_font_size=legend_font_size, axis=axis,
                     labels=tuple(Text(x=_n(left + i * step), y=height - bottom + 16, text=str(label))
                                  for i, label in enumerate(labels) if i % every == 0),
                     series=tuple(drawn), css_class=css_class, font_family=font_family)
