"""Small server-rendered SVG charts. No JavaScript, no inline styles (the CSP forbids them).

Every chart is an <svg role="img"> with a <title> that says what it shows and that the numbers are in the
table next to it; templates always render that table (dashboards/partials/chart.html).
"""

import math
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from grportal import numbers

INK = "#1b1f24"
BAR = "#00528c"
SECOND = "#8a2a00"
GRID = "#c9d1d9"


def _fmt(value) -> str:
    if isinstance(value, Decimal):
        value = value.quantize(Decimal("1")) if value == value.to_integral() else value.quantize(Decimal("0.1"))
    return numbers.format_number(value)


def _n(value: float) -> str:
    """A coordinate with one decimal and a point (SVG wants a point whatever the language)."""
    return f"{float(value):.1f}"


def _fit(label: str, room: int) -> str:
    """Shorten a label to what fits in `room` units at 14 px (the full label is in the table)."""
    most = max(4, int((room - 10) / 8))
    return label if len(label) <= most else label[:most - 1] + "…"


def _scale(rows) -> float:
    top = max((float(v) for _, v in rows), default=0.0)
    return top if top > 0 else 1.0


def bar_chart(title: str, rows: list[tuple[str, Decimal | int]], *, width: int = 400, bar_height: int = 24,
              label_width: int = 150) -> str:
    """Horizontal bars: one per (label, value), value printed at the bar's end."""
    if not rows:
        return ""
    gap = 8
    height = len(rows) * (bar_height + gap) + gap
    plot = width - label_width - 70
    top = _scale(rows)
    bars = []
    for i, (label, value) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        w = max(0.0, float(value)) / top * plot
        short = _fit(label, label_width)
        bars.append(format_html(
            '<text x="{}" y="{}" text-anchor="end" fill="{}" font-size="14">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
            '<text x="{}" y="{}" fill="{}" font-size="14">{}</text>',
            label_width - 6, y + bar_height - 6, INK, short,
            label_width, y, _n(w), bar_height, BAR,
            _n(label_width + w + 4), y + bar_height - 6, INK, _fmt(value),
        ))
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        width, height, title, mark_safe("".join(bars)),
    )


def column_chart(title: str, rows: list[tuple[str, Decimal | int]], *, width: int = 640, height: int = 200) -> str:
    """Vertical columns over time (months): labels under every n-th column so they never overlap."""
    if not rows:
        return ""
    left, bottom, top_pad = 44, 36, 12
    plot_w, plot_h = width - left - 8, height - bottom - top_pad
    top = _scale(rows)
    step = plot_w / len(rows)
    every = max(1, math.ceil(len(rows) * 56 / plot_w))  # a label is about 56 units wide: never overlap
    parts = [format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"></line>'
        '<text x="{}" y="{}" text-anchor="end" fill="{}" font-size="12">{}</text>'
        '<text x="{}" y="{}" text-anchor="end" fill="{}" font-size="12">0</text>',
        left, top_pad + plot_h, width - 8, top_pad + plot_h, GRID,
        left - 4, top_pad + 10, INK, _fmt(int(top) if top == int(top) else top),
        left - 4, top_pad + plot_h, INK,
    )]
    for i, (label, value) in enumerate(rows):
        h = max(0.0, float(value)) / top * plot_h
        x = left + i * step
        parts.append(format_html('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>',
                                 _n(x + step * 0.1), _n(top_pad + plot_h - h), _n(step * 0.8), _n(h), BAR))
        if i % every == 0:
            parts.append(format_html('<text x="{}" y="{}" text-anchor="middle" fill="{}" font-size="11">{}</text>',
                                     _n(x + step / 2), height - bottom + 16, INK, label))
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        width, height, title, mark_safe("".join(parts)),
    )


def progress_chart(title: str, rows: list[tuple[str, float, float]], *, width: int = 560, bar_height: int = 18,
                   label_width: int = 190) -> str:
    """Per row: a bar for the share of the target reached and a tick where the trajectory says it should be
    today (both 0–100 %, capped at 120 % so an overshoot still shows)."""
    if not rows:
        return ""
    gap = 10
    height = len(rows) * (bar_height + gap) + gap + 16
    plot = width - label_width - 60
    parts = [format_html('<line x1="{}" y1="0" x2="{}" y2="{}" stroke="{}"></line>',
                         _n(label_width + plot / 1.2), _n(label_width + plot / 1.2), height - 16, GRID)]
    for i, (label, reached, expected) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        w = min(max(reached, 0.0), 120.0) / 120.0 * plot
        tick = label_width + min(max(expected, 0.0), 120.0) / 120.0 * plot
        short = _fit(label, label_width)
        parts.append(format_html(
            '<text x="{}" y="{}" text-anchor="end" fill="{}" font-size="14">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"></line>'
            '<text x="{}" y="{}" fill="{}" font-size="14">{} %</text>',
            label_width - 6, y + bar_height - 4, INK, short,
            label_width, y, _n(w), bar_height, BAR,
            _n(tick), y - 3, _n(tick), y + bar_height + 3, SECOND,
            _n(label_width + w + 6), y + bar_height - 4, INK, _fmt(round(reached)),
        ))
    parts.append(format_html('<text x="{}" y="{}" text-anchor="middle" fill="{}" font-size="11">100 %</text>',
                             _n(label_width + plot / 1.2), height - 3, INK))
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        width, height, title, mark_safe("".join(parts)),
    )



def line_chart(title: str, labels: list[str], series: list[tuple[str, list]], *, width: int = 640,
               height: int = 220) -> str:
    """Lines over time (e.g. planned and booked costs accumulated), with a legend; the dashed line is the
    second series so the two differ by more than colour."""
    if not labels or not series:
        return ""
    left, bottom, top_pad, legend = 64, 36, 12, 22
    plot_w, plot_h = width - left - 12, height - bottom - top_pad - legend
    top = max((float(v) for _, values in series for v in values), default=0.0) or 1.0
    step = plot_w / max(1, len(labels) - 1)
    every = max(1, math.ceil(len(labels) * 56 / plot_w))
    base_y = top_pad + legend + plot_h
    parts = [format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"></line>'
        '<text x="{}" y="{}" text-anchor="end" fill="{}" font-size="12">{}</text>'
        '<text x="{}" y="{}" text-anchor="end" fill="{}" font-size="12">0</text>',
        left, base_y, width - 12, base_y, GRID,
        left - 4, top_pad + legend + 10, INK, _fmt(Decimal(str(round(top)))), left - 4, base_y, INK,
    )]
    for i, label in enumerate(labels):
        if i % every == 0:
            parts.append(format_html('<text x="{}" y="{}" text-anchor="middle" fill="{}" font-size="11">{}</text>',
                                     _n(left + i * step), height - bottom + 16, INK, label))
    styles = [(BAR, ""), (SECOND, "6 4")]
    for n, (name, values) in enumerate(series):
        colour, dash = styles[n % len(styles)]
        points = " ".join(f"{_n(left + i * step)},{_n(base_y - max(0.0, float(v)) / top * plot_h)}"
                          for i, v in enumerate(values))
        parts.append(format_html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="3" stroke-dasharray="{}"></polyline>'
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3" stroke-dasharray="{}"></line>'
            '<text x="{}" y="{}" fill="{}" font-size="13">{}</text>',
            points, colour, dash or "none",
            left + n * 220, top_pad + 6, left + n * 220 + 28, top_pad + 6, colour, dash or "none",
            left + n * 220 + 34, top_pad + 11, INK, name,
        ))
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        width, height, title, mark_safe("".join(parts)),
    )
