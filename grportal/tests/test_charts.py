"""grportal.charts, the one chart engine: geometry computed by hand, the label-thinning rule, nothing drawn for
nothing, and the templates that draw the SVG (role="img", a title, no inline style)."""

import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from grportal import charts, numbers

NBSP = "\u00a0"


def test_a_bar_is_as_long_as_its_share_of_the_longest_bar():
    # PDF sizes: 300 wide, labels 110, 50 left for the value, so the bars' plot is 140 units.
    chart = charts.bar_chart([("A", 50), ("B", 100), ("C", 0)], title="T", width=300, label_width=110,
                             value_room=50, bar_height=12, gap=4, font_size=8)
    a, b, c = chart.bars
    assert (a.width, b.width, c.width) == (70.0, 140.0, 0.0)  # 50 of 100 over 140 units is 70
    assert (a.y, b.y, c.y) == (4.0, 20.0, 36.0)  # a gap of 4, then a row of 12 + 4 each
    assert a.value_x == 110 + 70 + 4 and c.value_x == 114.0  # the value just after the bar's end
    assert a.text_y == 12.8  # the label centred on the bar: 4 + half its height (6) + 0.35 em (2.8)
    assert (chart.width, chart.height, chart.bar_x, chart.label_x) == (300, 52, 110, 104)


def test_the_dashboards_bars_keep_their_sizes():
    chart = charts.bar_chart([("Pågår", 3), ("Avslutat", 1)], title="T")
    # 400 wide, labels 150, 70 for the value: a plot of 180; bars 24 high, 8 apart.
    assert [bar.width for bar in chart.bars] == [180.0, 60.0]
    assert [bar.y for bar in chart.bars] == [8.0, 40.0]
    assert (chart.height, chart.font_size) == (72, 14)


def test_columns_fill_their_share_of_the_plot_height():
    chart = charts.column_chart([("2026-01", 1), ("2026-02", 2)], title="T")
    # 640 × 200: 44 on the left and 8 on the right leave 588 (294 a column), 36 below and 12 above leave 152.
    first, second = chart.columns
    assert (first.x, first.width, first.height, first.y) == (73.4, 235.2, 76.0, 88.0)
    assert (second.x, second.height, second.y) == (367.4, 152.0, 12.0)
    assert (chart.axis.y, chart.axis.top_text) == (164, "2")
    assert chart.font_size >= 12


def test_progress_is_capped_at_120_percent_with_the_target_line_at_100():
    chart = charts.progress_chart([("Mål", 60.0, 50.0), ("Över", 150.0, 130.0)], title="T")
    # 560 wide, labels 190, 60 for the value: a plot of 310 units for 0–120 %.
    on_track, over = chart.rows
    assert on_track.width == 155.0  # 60 of 120 over 310
    assert on_track.tick_x == round(190 + 50 / 120 * 310, 1) == 319.2
    assert over.width == 310.0 and over.tick_x == 500.0
    assert chart.target_x == round(190 + 310 / 1.2, 1) == 448.3
    assert on_track.value_text == f"60{NBSP}%"


def test_lines_run_from_the_baseline_to_the_largest_value_and_the_second_is_dashed():
    chart = charts.line_chart(["a", "b", "c"], [("Planerat", [0, 5, 10]), ("Bokfört", [0, 2])], title="T")
    # 640 × 220: 64 on the left, 12 on the right (564, 282 between points); 150 high above a baseline at 184.
    planned, booked = chart.series
    assert planned.points == ((64.0, 184.0), (346.0, 109.0), (628.0, 34.0))
    assert booked.points == ((64.0, 184.0), (346.0, 154.0))
    assert (planned.dash, booked.dash) == ("none", "6 4")
    assert planned.colour != booked.colour
    assert chart.axis.top_text == "10"


@pytest.mark.parametrize(("count", "plot", "step"), [
    (6, 588, 1),  # 6 × 56 = 336 fits in 588: every label
    (12, 588, 2),  # 672 does not: every second
    (24, 588, 3),  # 1,344: every third
    (36, 564, 4),
    (0, 588, 1),
])
def test_every_nth_label_so_that_labels_never_overlap(count, plot, step):
    assert charts.label_step(count, plot) == step


def test_a_column_chart_labels_every_second_of_twelve_months():
    months = [(f"2026-{m:02}", m) for m in range(1, 13)]
    chart = charts.column_chart(months, title="T")
    assert [label.text for label in chart.labels] == ["2026-01", "2026-03", "2026-05", "2026-07", "2026-09",
                                                      "2026-11"]
    assert len(chart.columns) == 12  # every column is drawn, only the labels are thinned


def test_a_long_label_is_shortened_to_fit_and_kept_whole_in_the_data():
    long = "Samhällsbyggnadsförvaltningen"
    assert charts.fit(long, 150, 14) == long[:16] + "…"  # (150 − 10) ÷ (14 × 0.57) = 17 characters
    assert charts.fit("Pågår", 150, 14) == "Pågår"
    bar = charts.bar_chart([(long, 1)], title="T").bars[0]
    assert bar.label == long and bar.short == long[:16] + "…"


def test_nothing_is_drawn_for_nothing():
    assert charts.bar_chart([], title="T") is None
    assert charts.bar_chart([("A", 0), ("B", None)], title="T") is None  # nothing to compare
    assert charts.column_chart([], title="T") is None
    assert charts.progress_chart([], title="T") is None
    assert charts.line_chart([], [], title="T") is None
    assert charts.line_chart(["2025-01"], [], title="T") is None
    for kind in ("bar", "column", "progress", "line"):
        assert render_to_string(f"components/charts/{kind}.html", {"chart": None}).strip() == ""


def test_values_are_written_in_the_page_language_and_the_title_can_carry_them():
    with translation.override("sv"):
        chart = charts.bar_chart([("Personal", Decimal("1234567.50")), ("Resor", Decimal("12"))], title="Kostnader",
                                 value_format=numbers.thousand_kronor, numbers_in_title=numbers.kronor)
        assert [bar.value_text for bar in chart.bars] == [f"1{NBSP}235{NBSP}tkr", f"0{NBSP}tkr"]
        assert chart.title == f"Kostnader; Personal: 1{NBSP}234{NBSP}567,50{NBSP}kr; Resor: 12,00{NBSP}kr"
        assert charts.value_text(Decimal("12.50")) == "12,5" and charts.value_text(Decimal("1290.00")) == f"1{NBSP}290"


def _charts():
    return {
        "bar": charts.bar_chart([("<b>Pågår</b>", 3), ("Avslutat", Decimal("1.5"))], title="Projekt per status"),
        "column": charts.column_chart([("2026-01", 2), ("2026-02", 0)], title="Aktiviteter per månad"),
        "progress": charts.progress_chart([("Deltagare", 40.0, 55.5)], title="Indikatorer"),
        "line": charts.line_chart(["2025-01", "2025-02"], [("Planerat", [1, 2]), ("Bokfört", [0, 1])],
                                  title="Förbrukning"),
    }


@pytest.mark.parametrize("kind", ["bar", "column", "progress", "line"])
def test_the_template_draws_an_svg_image_with_a_title_and_no_inline_style(kind):
    with translation.override("sv"):
        chart = _charts()[kind]
        svg = render_to_string(f"components/charts/{kind}.html", {"chart": chart}).strip()
        assert render_to_string(f"components/charts/{kind}.html", {"chart": chart.as_dict()}).strip() == svg
    assert svg.startswith('<svg class="chart" role="img" viewBox="0 0 ') and svg.endswith("</svg>")
    assert re.search(r"<svg [^>]*>\s*<title>" + re.escape(chart.title) + "</title>", svg)
    assert "style=" not in svg and "<script" not in svg
    # Coordinates with a point whatever the language (a Swedish decimal comma would break the SVG).
    coordinates = re.findall(r' (?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', svg)
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?|100%", n) for n in coordinates), coordinates
    assert all(int(float(size)) >= 12 for size in re.findall(r'font-size="([^"]*)"', svg))


def test_the_template_escapes_labels_and_writes_the_values():
    with translation.override("sv"):
        svg = render_to_string("components/charts/bar.html", {"chart": _charts()["bar"]})
    assert "&lt;b&gt;Pågår&lt;/b&gt;" in svg and "<b>" not in svg
    assert ">3</text>" in svg and ">1,5</text>" in svg
    line = render_to_string("components/charts/line.html", {"chart": _charts()["line"]})
    assert line.count("<polyline") == 2 and 'stroke-dasharray="6 4"' in line
    assert 'points="64.0,109.0 628.0,34.0"' in line  # 1 and 2 of 2 over 150 units above 184


def test_a_pdf_chart_passes_its_sizes_and_font_and_no_class():
    chart = charts.bar_chart([("A", 1)], title="T", width=300, font_size=8, font_family="DejaVu Sans", css_class="")
    svg = render_to_string("components/charts/bar.html", {"chart": chart})
    assert svg.startswith('<svg role="img" viewBox="0 0 300 ') and 'font-family="DejaVu Sans"' in svg
