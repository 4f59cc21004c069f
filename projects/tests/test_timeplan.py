"""The time plan: positions worked out by hand, Swedish month labels, the today line, and the same facts in a table."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from projects.models import Milestone, WorkPackage
from projects.tests.factories import ProjectFactory, WorkPackageFactory
from projects.timeplan import LABEL_WIDTH, RIGHT_PAD, WIDTH, build_timeplan

PLOT = WIDTH - RIGHT_PAD - LABEL_WIDTH  # 794 units for the dates


def packages(project):
    return project.work_packages.prefetch_related("milestones")


@pytest.fixture
def project(db):
    # 2025-01-01 – 2026-12-31: 730 days, shown as 24 months from January 2025 to January 2027.
    project = ProjectFactory(start_date=dt.date(2025, 1, 1), end_date=dt.date(2026, 12, 31))
    ap1 = WorkPackageFactory(project=project, code="AP1", title="Labb", start_date=dt.date(2025, 2, 1),
                             end_date=dt.date(2025, 12, 31), status=WorkPackage.Status.DONE)
    WorkPackageFactory(project=project, code="AP2", title="Spridning", start_date=dt.date(2026, 1, 1),
                       end_date=dt.date(2026, 12, 31))
    Milestone.objects.create(work_package=ap1, title="Arbetsplan", due_date=dt.date(2025, 7, 2), done=True)
    return project


def test_bars_and_diamonds_sit_at_their_dates(project):
    plan = build_timeplan(project, packages(project), today=dt.date(2026, 11, 28))
    assert (plan.start, plan.end, plan.last_month) == (dt.date(2025, 1, 1), dt.date(2027, 1, 1), dt.date(2026, 12, 1))
    ap1, ap2 = plan.rows
    # 31 of 730 days in: 150 + 794 * 31 / 730 = 183.7; the bar runs to the end of 31 December (365 days in).
    assert ap1.bar_x == 183.7
    assert ap1.bar_width == pytest.approx(150 + PLOT * 365 / 730 - 183.7, abs=0.11)
    assert ap1.done and not ap2.done
    # AP2 starts on day 365 and runs to the end of the plot.
    assert ap2.bar_x == pytest.approx(150 + PLOT * 365 / 730, abs=0.06)
    assert ap2.bar_x + ap2.bar_width == pytest.approx(WIDTH - RIGHT_PAD, abs=0.11)
    # The milestone on 2 July 2025 (day 182) sits on AP1's row, as a diamond around its point.
    (mark,) = ap1.milestones
    assert mark.x == round(150 + PLOT * 182 / 730, 1)
    assert mark.y == ap1.y and ap2.y - ap1.y == 34
    assert mark.points.split()[0] == f"{mark.x},{ap1.y - 7}"
    assert plan.milestone_count == 1


def test_the_today_line_is_drawn_only_inside_the_plan(project):
    inside = build_timeplan(project, packages(project), today=dt.date(2026, 11, 28))
    assert inside.today_x == round(150 + PLOT * (dt.date(2026, 11, 28) - dt.date(2025, 1, 1)).days / 730, 1)
    assert build_timeplan(project, packages(project), today=dt.date(2027, 1, 1)).today_x is None
    assert build_timeplan(project, packages(project), today=dt.date(2024, 12, 31)).today_x is None


def test_two_years_are_labelled_by_quarter_in_swedish(project):
    with translation.override("sv"):
        plan = build_timeplan(project, packages(project), today=dt.date(2026, 11, 28))
        labels = [t.label for t in plan.ticks if t.label]
    assert labels == ["jan", "apr", "jul", "okt"] * 2
    assert [t.year_label for t in plan.ticks if t.year_label] == ["2025", "2026"]
    assert len(plan.ticks) == 25  # a tick at every month boundary, the last one closing the plot
    assert plan.ticks[-1].x == WIDTH - RIGHT_PAD


def test_short_plans_label_every_month_and_long_ones_only_january(db):
    short = ProjectFactory(start_date=dt.date(2026, 3, 15), end_date=dt.date(2026, 8, 10))
    WorkPackageFactory(project=short, start_date=dt.date(2026, 4, 1), end_date=dt.date(2026, 5, 1))
    with translation.override("sv"):
        labels = [t.label for t in build_timeplan(short, packages(short), today=dt.date(2026, 1, 1)).ticks if t.label]
    assert labels == ["mar", "apr", "maj", "jun", "jul", "aug"]
    long = ProjectFactory(start_date=dt.date(2020, 1, 1), end_date=dt.date(2025, 12, 31))
    WorkPackageFactory(project=long)
    plan = build_timeplan(long, packages(long), today=dt.date(2026, 1, 1))
    assert [t.year_label for t in plan.ticks if t.label] == ["2020", "2021", "2022", "2023", "2024", "2025"]


def test_work_packages_and_milestones_outside_the_project_period_widen_the_chart(project):
    early = WorkPackageFactory(project=project, code="AP0", start_date=dt.date(2024, 10, 5),
                               end_date=dt.date(2025, 1, 20))
    Milestone.objects.create(work_package=early, title="Efterhand", due_date=dt.date(2027, 3, 3))
    plan = build_timeplan(project, packages(project), today=dt.date(2026, 11, 28))
    assert (plan.start, plan.end) == (dt.date(2024, 10, 1), dt.date(2027, 4, 1))


def test_a_work_package_without_dates_has_no_bar_but_keeps_its_milestones(project):
    undated = WorkPackageFactory(project=project, code="AP3")
    Milestone.objects.create(work_package=undated, title="Rapport", due_date=dt.date(2026, 2, 1))
    plan = build_timeplan(project, packages(project), today=dt.date(2026, 11, 28))
    row = plan.rows[-1]
    assert row.code == "AP3" and row.bar_x is None and len(row.milestones) == 1
    assert plan.undated == [row]


def test_no_work_packages_no_time_plan(db):
    empty = ProjectFactory()
    assert build_timeplan(empty, packages(empty), today=dt.date(2026, 1, 1)) is None


# On the project page --------------------------------------------------------------------------------

def test_the_project_page_shows_the_chart_and_the_same_facts_in_a_table(client, world):
    world.work_package.start_date, world.work_package.end_date = dt.date(2025, 3, 1), dt.date(2025, 9, 30)
    world.work_package.save()
    Milestone.objects.create(work_package=world.work_package, title="Halvtid", due_date=dt.date(2025, 6, 15))
    client.force_login(world.reference)  # anyone who may see the project
    with translation.override("sv"):
        html = client.get(world.project.get_absolute_url()).content.decode()
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="timeplan-title timeplan-desc"' in svg
    assert '<title id="timeplan-title">' in svg and '<desc id="timeplan-desc">' in svg
    assert "style=" not in svg  # the CSP allows no inline style
    assert svg.count("<polygon") == 1
    assert re.search(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="16"', svg)  # the bar, with dots not commas
    table = html[html.index("timeplan-table"):]
    table = table[:table.index("</table>")]
    assert "AP1" in table and "1 mars 2025" in table and "30 september 2025" in table
    assert "15 juni 2025" in table and "Halvtid" in table


def test_the_project_page_has_no_time_plan_without_work_packages(client, world):
    WorkPackage.objects.filter(project=world.project).delete()
    client.force_login(world.coordinator)
    html = client.get(world.project.get_absolute_url()).content.decode()
    assert 'id="timeplan-heading"' not in html


def test_the_print_view_has_the_time_plan_too(client, world):
    world.work_package.start_date, world.work_package.end_date = dt.date(2025, 3, 1), dt.date(2025, 9, 30)
    world.work_package.save()
    client.force_login(world.coordinator)
    html = client.get(reverse("projects:print", args=[world.project.pk])).content.decode()
    assert 'aria-labelledby="print-timeplan-title print-timeplan-desc"' in html
    assert "timeplan-table" in html


def test_an_inline_change_of_a_work_packages_dates_redraws_the_time_plan_at_once(client, world):
    """The time plan is part of the plan that an inline save re-renders, so it never shows the old dates."""
    wp = world.work_package
    client.force_login(world.coordinator)
    prefix = f"workpackage-{wp.pk}"
    with translation.override("sv"):
        response = client.post(reverse("projects:plan_edit", args=[world.project.pk, "arbetspaket", wp.pk]), {
            f"{prefix}-code": wp.code, f"{prefix}-title": wp.title, f"{prefix}-status": "ongoing",
            f"{prefix}-start_date": "2025-04-01", f"{prefix}-end_date": "2025-10-31", f"{prefix}-version": "1",
        }, HTTP_HX_REQUEST="true")
        html = response.content.decode()
    assert response["HX-Retarget"] == "#plan"
    table = html[html.index("timeplan-table"):]
    table = table[:table.index("</table>")]
    assert "1 april 2025" in table and "31 oktober 2025" in table
    assert 'href="#timeplan-heading"' not in html.split('<div id="plan"', 1)[0]  # the swap is only the plan
