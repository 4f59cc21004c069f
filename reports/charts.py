"""Horizontal bar charts as plain data: the template draws the SVG and prints the same numbers as a table."""

from decimal import Decimal

WIDTH = 300  # SVG user units; WeasyPrint scales the chart to its column (about 100 mm)
LABEL_WIDTH = 110
BAR_AREA = 140
ROW_HEIGHT = 16


def bar_chart(rows, *, title, unit, money=False) -> dict | None:
    """rows: (label, value) pairs. None when there is nothing to draw (the table then says so on its own)."""
    rows = [(str(label), Decimal(value or 0)) for label, value in rows]
    if not rows or not any(value > 0 for _, value in rows):
        return None
    largest = max(value for _, value in rows)
    bars = []
    for index, (label, value) in enumerate(rows):
        width = int((value / largest * BAR_AREA).to_integral_value()) if largest > 0 and value > 0 else 0
        bars.append({"label": label, "value": value, "width": width, "y": index * ROW_HEIGHT,
                     "text_y": index * ROW_HEIGHT + 10, "value_x": LABEL_WIDTH + width + 4})
    return {
        "title": str(title), "unit": str(unit), "money": money, "bars": bars,
        "height": len(rows) * ROW_HEIGHT + 2, "width": WIDTH, "label_width": LABEL_WIDTH, "bar_x": LABEL_WIDTH,
    }
