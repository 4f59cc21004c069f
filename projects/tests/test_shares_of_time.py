"""A seat's share of time (one for the whole project, or one per period) as the project page, the printable plan and
the Word file show it, from one function (projects/shares_of_time.py), in a fixed number of queries."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from projects.models import OrganisationMember, OrganisationMemberShare
from projects.shares_of_time import share_of_time
from projects.tests.factories import OrganisationMemberFactory

NBSP = "\u00a0"
FIRST = f"50{NBSP}% 1 jan 2026–30 jun 2026"
SECOND = f"25,5{NBSP}% från 1 jul 2026"
WHOLE = f"12,5{NBSP}%"


@pytest.fixture
def seats(world):
    """Petra has two periods (the first with a note), Olle one share for the whole project, Nina none."""
    petra = OrganisationMemberFactory(project=world.project, group=OrganisationMember.Group.COORDINATION,
                                      name="Petra Periodsson", share_of_time=Decimal("40"))
    OrganisationMemberShare.objects.create(member=petra, share_percent=Decimal("25.50"), valid_from=dt.date(2026, 7, 1))
    OrganisationMemberShare.objects.create(member=petra, share_percent=Decimal("50.00"), valid_from=dt.date(2026, 1, 1),
                                           valid_to=dt.date(2026, 6, 30), note="hälften medfinansiering")
    olle = OrganisationMemberFactory(project=world.project, group=OrganisationMember.Group.STEERING,
                                     name="Olle Heltidsson", share_of_time=Decimal("12.50"))
    nina = OrganisationMemberFactory(project=world.project, group=OrganisationMember.Group.REFERENCE,
                                     name="Nina Ingensson", share_of_time=None)
    return petra, olle, nina


def test_periods_come_in_date_order_with_swedish_dates_and_decimal_comma(seats):
    petra, olle, nina = seats
    with translation.override("sv"):
        periods, whole, nothing = share_of_time(petra), share_of_time(olle), share_of_time(nina)
    assert [p.text for p in periods.periods] == [FIRST, SECOND]
    assert periods.whole == ""  # the periods replace the share for the whole project
    assert periods.lines == [f"{FIRST} (hälften medfinansiering)", SECOND]
    assert (whole.periods, whole.lines) == ((), [WHOLE])
    assert (nothing.periods, nothing.lines, nothing.text) == ((), ["–"], "–")


def test_in_english_the_months_follow_the_page_and_the_percent_the_house_format(seats):
    with translation.override("en"):
        first = share_of_time(seats[0]).periods[0]
    assert first.text == f"50{NBSP}% 1 jan 2026–30 jun 2026"


def test_the_project_page_lists_each_period_and_the_one_share(client, world, seats):
    petra, olle, nina = seats
    client.force_login(world.reference)
    html = client.get(world.project.get_absolute_url()).content.decode()
    first, second = petra.shares.order_by("valid_from")
    assert re.search(rf'id="membershare-{first.pk}"[^>]*>\s*{FIRST} <span class="muted">\(hälften medfinansiering\)',
                     html)
    assert re.search(rf'id="membershare-{second.pk}"[^>]*>\s*{SECOND}\s', html)
    assert f"({WHOLE} av heltid)" in html
    assert "40" + NBSP + "% av heltid" not in html  # Petra's share for the whole project gave way to her periods
    nina_item = re.search(rf'id="member-{nina.pk}".*?</li>', html, re.S).group(0)
    assert "av heltid" not in nina_item and "membershare-" not in nina_item


def _print_cell(html, name):
    row = re.search(rf"<tr><td>{name}</td>.*?</tr>", html, re.S).group(0)
    return re.search(r'<td data-label="Andel av arbetstiden" class="num">(.*?)</td>', row, re.S).group(1)


def test_the_printable_plan_shows_each_period_on_its_own_line(client, world, seats):
    client.force_login(world.funder)
    html = client.get(reverse("projects:print", args=[world.project.pk])).content.decode()
    assert _print_cell(html, "Petra Periodsson") == f"{FIRST} (hälften medfinansiering)<br>{SECOND}"
    assert _print_cell(html, "Olle Heltidsson") == WHOLE
    assert _print_cell(html, "Nina Ingensson") == "–"


def word_share_cells(response) -> dict:
    """Name → the text of its share-of-time cell, read back from the Word file's organisation tables."""
    from docx import Document  # python-docx, as the export itself loads it

    document = Document(io.BytesIO(response.content))
    cells = {}
    for table in document.tables:
        header = [cell.text for cell in table.rows[0].cells]
        if header[-1:] == ["Andel av arbetstiden"]:
            cells.update({row.cells[0].text: row.cells[-1].text for row in table.rows[1:]})
    return cells


def test_the_word_file_shows_each_period_on_its_own_line(client, world, seats):
    client.force_login(world.coordinator)
    response = client.get(reverse("projects:export_docx", args=[world.project.pk]))
    assert response.status_code == 200
    cells = word_share_cells(response)
    assert cells["Petra Periodsson"] == f"{FIRST} (hälften medfinansiering)\n{SECOND}"
    assert cells["Olle Heltidsson"] == WHOLE
    assert cells["Nina Ingensson"] == "–"


def _add_seats(world, n):
    for i in range(n):
        member = OrganisationMemberFactory(project=world.project, name=f"Ledamot {i}")
        OrganisationMemberShare.objects.create(member=member, share_percent=10, valid_from=dt.date(2025, 1, 1),
                                               valid_to=dt.date(2025, 12, 31))
        OrganisationMemberShare.objects.create(member=member, share_percent=20, valid_from=dt.date(2026, 1, 1))


@pytest.mark.parametrize("n", [2, 20])
def test_the_printable_plan_reads_every_seats_periods_in_one_query(client, world, django_assert_num_queries, n):
    _add_seats(world, n)
    client.force_login(world.coordinator)
    # As test_print's count (an empty plan: no goals' target groups or work packages, no indicator values to
    # prefetch, each skipped): session, user, project (+owner, funder), roles, goals, work packages (+responsible,
    # leader), their milestones, target groups, goals, the menu's two questions, municipalities, partners, target
    # groups, key persons, indicators, organisation members (+organisation), their shares of time per period,
    # funding applications
    with django_assert_num_queries(17):
        response = client.get(reverse("projects:print", args=[world.project.pk]))
    assert response.content.decode().count(f"10{NBSP}% 1 jan 2025–31 dec 2025<br>20{NBSP}% från 1 jan 2026") == n


@pytest.mark.parametrize("n", [2, 20])
def test_the_project_page_reads_every_seats_periods_in_one_query(client, world, django_assert_num_queries, n):
    _add_seats(world, n)
    client.force_login(world.coordinator)
    # As test_plan_page's count less the queries Django skips on an empty plan (goals' target groups and work
    # packages, indicator values); the seats' periods are one query however many seats there are.
    with django_assert_num_queries(19):
        response = client.get(world.project.get_absolute_url())
    assert response.content.decode().count(f"20{NBSP}% från 1 jan 2026") == n
