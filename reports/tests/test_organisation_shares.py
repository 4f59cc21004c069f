"""The report's organisation lists each seat's share of time as the plan does (projects/shares_of_time.py): the periods
when the seat has them, the one share otherwise, "–" for none; and every surface prints the same text."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import OrganisationMember, OrganisationMemberShare
from projects.tests.factories import OrganisationMemberFactory
from reports.content import build_content
from reports.rendering import render_html, snapshot

NBSP = "\u00a0"
FIRST = f"50{NBSP}% 1 jan 2026–30 jun 2026"
SECOND = f"25,5{NBSP}% från 1 jul 2026"
WHOLE = f"12,5{NBSP}%"
NOTE = "hälften medfinansiering"


@pytest.fixture
def seats(world):
    """Petra has two periods (the first with a note), Olle one share for the whole project, Nina none."""
    petra = OrganisationMemberFactory(project=world.project, group=OrganisationMember.Group.COORDINATION,
                                      name="Petra Periodsson", share_of_time=Decimal("40"))
    OrganisationMemberShare.objects.create(member=petra, share_percent=Decimal("50.00"), valid_from=dt.date(2026, 1, 1),
                                           valid_to=dt.date(2026, 6, 30), note=NOTE)
    OrganisationMemberShare.objects.create(member=petra, share_percent=Decimal("25.50"), valid_from=dt.date(2026, 7, 1))
    OrganisationMemberFactory(project=world.project, group=OrganisationMember.Group.STEERING, name="Olle Heltidsson",
                              share_of_time=Decimal("12.50"))
    OrganisationMemberFactory(project=world.project, group=OrganisationMember.Group.REFERENCE, name="Nina Ingensson",
                              share_of_time=None)
    return world


def _content(world):
    return build_content(report_type_key="vinnova_progress", project=world.project,
                         period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31))


def _seats_in(content) -> dict:
    project = next(s["content"] for s in content["sections"] if s["key"] == "project")
    return {m["name"]: m["share"] for group in project["groups"] for m in group["members"]}


def test_the_report_content_holds_each_period_the_one_share_or_nothing(seats):
    shares = _seats_in(snapshot(_content(seats)))  # as frozen with the PDF
    assert [p["text"] for p in shares["Petra Periodsson"]["periods"]] == [FIRST, SECOND]
    assert shares["Petra Periodsson"]["lines"] == [f"{FIRST} ({NOTE})", SECOND]
    assert shares["Olle Heltidsson"] == {"whole": WHOLE, "lines": [WHOLE], "periods": []}
    assert shares["Nina Ingensson"] == {"whole": "", "lines": ["–"], "periods": []}


def _report_cell(html, name):
    row = re.search(rf"<tr><td>{name}</td>.*?</tr>", html, re.S).group(0)
    return re.findall(r'<td class="num">(.*?)</td>', row, re.S)[-1]


def test_the_reports_organisation_table_prints_each_period_on_its_own_line(seats):
    html = render_html(_content(seats))
    assert _report_cell(html, "Petra Periodsson") == f"{FIRST} ({NOTE})<br>{SECOND}"
    assert _report_cell(html, "Olle Heltidsson") == WHOLE
    assert _report_cell(html, "Nina Ingensson") == "–"


def test_the_page_the_print_the_word_file_and_the_report_print_the_same_shares(client, seats):
    from docx import Document  # python-docx, as the export itself loads it

    client.force_login(seats.coordinator)
    page = client.get(seats.project.get_absolute_url()).content.decode()
    printed = client.get(reverse("projects:print", args=[seats.project.pk])).content.decode()
    word_file = Document(io.BytesIO(client.get(reverse("projects:export_docx", args=[seats.project.pk])).content))
    word = "\n".join(cell.text for table in word_file.tables for row in table.rows for cell in row.cells)
    report = render_html(_content(seats))
    surfaces = {"page": page, "print": printed, "word": word, "report": report}
    for text in (FIRST, SECOND, WHOLE, NOTE):
        assert [name for name, body in surfaces.items() if text not in body] == [], text
    # Not the page's old ISO dates anywhere (each surface's cell is pinned in full in the tests above).
    assert [name for name, body in surfaces.items() if "2026-06-30" in body or "2026-07-01" in body] == []
