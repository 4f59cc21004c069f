"""The time plan: work packages as bars and milestones as diamonds on a month axis.

`build_timeplan()` turns a project and its work packages (with milestones prefetched) into plain
numbers for a server-rendered SVG (projects/partials/timeplan.html); the same facts go into a table
right after the chart for screen readers. No ORM here: the caller fetches the rows.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.dates import MONTHS_3

from grportal.dates import add_months, month_start, months_between

# SVG geometry in user units; the SVG scales to the width of the page (viewBox).
WIDTH = 960
LABEL_WIDTH = 150
RIGHT_PAD = 16
AXIS_HEIGHT = 46
ROW_HEIGHT = 34
BAR_HEIGHT = 16
BOTTOM_PAD = 12
DIAMOND = 7  # half the diagonal


@dataclass
class Tick:
    x: float
    label: str  # empty: a tick without a label
    year_label: str = ""  # the year, under the first labelled month of each year
    major: bool = False


@dataclass
class MilestoneMark:
    title: str
    date: dt.date
    kind_label: str
    done: bool
    x: float
    y: float
    points: str  # the diamond's polygon


@dataclass
class Row:
    code: str
    title: str
    status_label: str
    start: dt.date | None
    end: dt.date | None
    y: float  # the row's vertical centre
    text_y: float
    band_y: float  # top of the row's background band
    bar_x: float | None = None
    bar_width: float | None = None
    bar_y: float | None = None
    done: bool = False
    milestones: list[MilestoneMark] = field(default_factory=list)


@dataclass
class Timeplan:
    start: dt.date  # the first day of the first month shown
    end: dt.date  # the first day of the month after the last month shown
    width: int
    height: int
    plot_left: int
    plot_right: int
    axis_y: int
    row_height: int
    rows: list[Row]
    ticks: list[Tick]
    today: dt.date
    today_x: float | None
    milestone_count: int
    undated: list[Row]

    @property
    def last_month(self) -> dt.date:
        return add_months(self.end, -1)


def _dates_of(project, work_packages):
    dates = [project.start_date, project.end_date]
    for wp in work_packages:
        dates += [d for d in (wp.start_date, wp.end_date) if d]
        dates += [m.due_date for m in wp.milestones.all()]
    return [d for d in dates if d]


def build_timeplan(project, work_packages, *, today: dt.date) -> Timeplan | None:
    """The chart for the project's work packages, or None when there are none."""
    work_packages = list(work_packages)
    if not work_packages:
        return None
    dates = _dates_of(project, work_packages)
    start = month_start(min(dates))
    end = add_months(month_start(max(dates)), 1)
    total_days = (end - start).days
    plot_left, plot_right = LABEL_WIDTH, WIDTH - RIGHT_PAD
    plot_width = plot_right - plot_left

    def x_of(day: dt.date) -> float:
        return round(plot_left + plot_width * (day - start).days / total_days, 1)

    months = months_between(start, end)
    # Label every month on short plans, quarters on medium ones, only January on long ones.
    every = 1 if months <= 18 else 3 if months <= 48 else 12
    ticks = []
    year_shown = set()
    for i in range(months + 1):
        day = add_months(start, i)
        labelled = i < months and (day.month - 1) % every == 0
        label = str(MONTHS_3[day.month]) if labelled else ""
        year_label = ""
        if labelled and day.year not in year_shown:
            year_label = str(day.year)
            year_shown.add(day.year)
        ticks.append(Tick(x=x_of(day), label=label, year_label=year_label, major=day.month == 1 or i in (0, months)))

    rows, undated = [], []
    milestone_count = 0
    for index, wp in enumerate(work_packages):
        centre = AXIS_HEIGHT + ROW_HEIGHT * index + ROW_HEIGHT / 2
        row = Row(code=wp.code, title=wp.title, status_label=str(wp.get_status_display()), start=wp.start_date,
                  end=wp.end_date, y=centre, text_y=centre + 5, band_y=centre - ROW_HEIGHT / 2,
                  done=wp.status == wp.Status.DONE)
        if wp.start_date and wp.end_date:
            row.bar_x = x_of(wp.start_date)
            # The bar covers the end day itself.
            row.bar_width = max(round(x_of(wp.end_date + dt.timedelta(days=1)) - row.bar_x, 1), 2.0)
            row.bar_y = centre - BAR_HEIGHT / 2
        else:
            undated.append(row)
        for m in wp.milestones.all():
            mx = x_of(m.due_date)
            points = f"{mx},{centre - DIAMOND} {mx + DIAMOND},{centre} {mx},{centre + DIAMOND} {mx - DIAMOND},{centre}"
            row.milestones.append(MilestoneMark(title=m.title, date=m.due_date, kind_label=str(m.get_kind_display()),
                                                done=m.done, x=mx, y=centre, points=points))
            milestone_count += 1
        rows.append(row)

    height = AXIS_HEIGHT + ROW_HEIGHT * len(rows) + BOTTOM_PAD
    today_x = x_of(today) if start <= today < end else None
    return Timeplan(start=start, end=end, width=WIDTH, height=height, plot_left=plot_left, plot_right=plot_right,
                    axis_y=AXIS_HEIGHT, row_height=ROW_HEIGHT, rows=rows, ticks=ticks, today=today, today_x=today_x,
                    milestone_count=milestone_count, undated=undated)
