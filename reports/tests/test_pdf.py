"""The rendered PDF itself (WeasyPrint, no stand-in): accessible, Swedish, and saying what the data says."""

import datetime as dt
import io

import pytest
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from labs.models import Activity
from labs.tests.factories import ActivityFactory
from reports.models import Report
from reports.registry import REPORT_TYPES
from reports.rendering import report_render


@pytest.fixture
def rendered(world):
    """The world's report for 2025 with two counted activities and one draft (which must not count)."""
    ActivityFactory(lab=world.lab, status=Activity.Status.APPROVED, date=dt.date(2025, 3, 4),
                    title="Workshop på Ale torg för öppna möten",
                    participants_total=17, participants_women=9, participants_men=7, participants_other=1)
    ActivityFactory(lab=world.other_lab, status=Activity.Status.SUBMITTED, date=dt.date(2025, 9, 10),
                    title="Studiebesök i Kungälv",
                    participants_total=8, participants_women=4, participants_men=3, participants_other=1)
    ActivityFactory(lab=world.lab, status=Activity.Status.DRAFT, date=dt.date(2025, 5, 5),
                    title="Utkast som inte räknas", participants_total=100)
    ActivityFactory(lab=world.lab, status=Activity.Status.APPROVED, date=dt.date(2024, 12, 31),
                    title="Före perioden", participants_total=50)
    report = Report.objects.create(project=world.project, period_start=dt.date(2025, 1, 1),
                                   period_end=dt.date(2025, 12, 31), addressed_to=world.project.funder)
    report = report_render(report_id=report.pk)
    assert report.status == Report.Status.DONE, report.failure_reason
    reader = PdfReader(io.BytesIO(report.file.read()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return reader, text


def test_the_report_is_a_tagged_pdf_ua_document_in_swedish_with_its_title(rendered, world):
    reader, _ = rendered
    catalog = reader.trailer["/Root"]

    assert catalog["/Lang"] == "sv"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert world.project.title in reader.metadata.title
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp


def test_the_report_text_keeps_swedish_letters_and_names_the_project(rendered, world):
    _, text = rendered

    assert "samhällsplanering" in text  # the project title: "Social innovation i samhällsplanering"
    assert world.project.title in text
    assert "Workshop på Ale torg för öppna möten" in text
    assert "Studiebesök i Kungälv" in text
    for letter in "åäö":
        assert letter in text


def test_the_report_counts_the_participants_of_submitted_and_approved_activities_in_the_period(rendered):
    _, text = rendered

    with translation.override("sv"):
        expected = gettext(
            "Participants: %(total)s in all, %(women)s women, %(men)s men, %(other)s other or not stated."
        ) % {"total": 25, "women": 13, "men": 10, "other": 2}
        headings = [gettext(h) for h in ("The project and its organisation", "Work packages", "Activities per lab",
                                         "Budget and outcome")]
    assert expected in text
    assert "Utkast som inte räknas" not in text and "Före perioden" not in text
    for heading in headings:  # Swedish once the translations are written, English msgids until then
        assert heading in text


def test_the_report_has_a_table_of_contents_page_numbers_headers_and_charts_with_their_numbers(rendered, world):
    reader, text = rendered

    with translation.override("sv"):
        contents, chart_title = gettext("Contents"), gettext("Participants per lab")
        page_of = gettext("Page") + " %s " + gettext("of") + " %s"
    pages = len(reader.pages)
    assert contents in text
    assert page_of % (1, pages) in text and page_of % (pages, pages) in text
    # The running header names the project and the period on the pages after the first.
    assert text.count(f"{world.project.short_name} · 2025-01-01 – 2025-12-31") >= pages
    # The chart's numbers are also in the table beside it (Labb Ale 17 participants, Labb Kungälv 8).
    assert chart_title in text
    assert "Labb Ale 17" in text and "Labb Kungälv 8" in text
    assert Report.objects.get().pages == pages


@pytest.mark.parametrize("report_type", sorted(REPORT_TYPES))
def test_every_funders_report_renders_with_its_sections_in_order(world, report_type):
    report = Report.objects.create(project=world.project, report_type=report_type, period_start=dt.date(2025, 1, 1),
                                   period_end=dt.date(2025, 12, 31), addressed_to=world.project.funder,
                                   texts={"summary": "Sammanfattning: vi nådde målen i Älvängen."})
    report = report_render(report_id=report.pk)
    assert report.status == Report.Status.DONE, report.failure_reason
    reader = PdfReader(io.BytesIO(report.file.read()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())

    with translation.override("sv"):
        titles = [f"{n}. {gettext(str(spec.title))}" for n, spec in
                  enumerate(REPORT_TYPES[report_type].section_specs(), start=1)]
    # Each title in the contents and then as the section's heading (running headers repeat it later on);
    # the headings in the funder's order.
    positions = [text.find(title, text.find(title) + 1) for title in titles]
    assert all(text.count(title) >= 2 for title in titles), [t for t in titles if text.count(t) < 2]
    assert positions == sorted(positions)
    assert "Sammanfattning: vi nådde målen i Älvängen." in text


def _figures(reader):
    """The tagged PDF's Figure elements (the charts), walking the structure tree."""
    found = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                found.append(node)
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(reader.trailer["/Root"]["/StructTreeRoot"].get_object()["/K"])
    return found


def test_every_chart_is_a_figure_with_alternative_text_holding_its_numbers(rendered):
    reader, _ = rendered
    with translation.override("sv"):
        titles = [gettext("Participants per lab"), gettext("Participants by gender")]

    figures = _figures(reader)
    alts = [str(figure.get("/Alt", "")) for figure in figures]
    assert figures and all(alts), alts  # PDF/UA: no figure without alternative text
    per_lab = next(alt for alt in alts if alt.startswith(titles[0]))
    assert "Labb Ale: 17" in per_lab and "Labb Kungälv: 8" in per_lab
    assert any(alt.startswith(titles[1]) and ": 13" in alt for alt in alts)  # 13 women


def test_the_cover_names_the_addressee(rendered, world):
    _, text = rendered
    with translation.override("sv"):
        label = gettext("Addressed to")
    assert f"{label} {world.project.funder.name}" in text


def test_the_coordinators_text_is_extracted_in_whole_words(world):
    """Running text is not hyphenated: a hyphen the renderer adds would be a character in the extracted text."""
    summary = " ".join(["Samhällsplaneringsförvaltningarnas bostadsförsörjningsprogram och "
                        "socialkonsekvensanalysmetoderna prövades i Älvängen och Öckerö."] * 6)
    report = Report.objects.create(project=world.project, report_type="vinnova_progress",
                                   period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
                                   texts={"summary": summary})
    report = report_render(report_id=report.pk)
    reader = PdfReader(io.BytesIO(report.file.read()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())

    assert summary in text


def test_the_pdf_gives_the_gender_verdict_right_on_the_40_percent_boundary(world):
    """Two women of five in the steering group is exactly 40 %: balanced. Management at 39.9 % of the time: not."""
    from decimal import Decimal

    from projects.models import OrganisationMember
    from reports.models import MemberGender

    G, W, M = OrganisationMember.Group, MemberGender.Gender.WOMAN, MemberGender.Gender.MAN
    for name, group, share, gender in [
        ("Anna", G.STEERING, None, W), ("Berit", G.STEERING, None, W), ("Carl", G.STEERING, None, M),
        ("David", G.STEERING, None, M), ("Erik", G.STEERING, None, M),
        ("Frida", G.COORDINATION, Decimal("39.9"), W), ("Göran", G.COORDINATION, Decimal("60.1"), M),
    ]:
        member = OrganisationMember.objects.create(project=world.project, group=group, name=name, share_of_time=share)
        MemberGender.objects.create(member=member, gender=gender)
    report = Report.objects.create(project=world.project, report_type="vinnova_progress",
                                   period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))
    report = report_render(report_id=report.pk)
    reader = PdfReader(io.BytesIO(report.file.read()))
    # Whitespace and the hyphens of hyphenated table cells (U+2010) say nothing about the figures.
    text = "".join("".join(page.extract_text() for page in reader.pages).split()).replace("\u2010", "")

    with translation.override("sv"):
        steering, management = gettext("Steering group"), gettext("Project management (share of time)")
        yes, no = gettext("Gender-balanced"), gettext("Not gender-balanced")
    squeeze = "".join
    # label, women, men, other, not recorded, women %, men %, verdict
    assert squeeze(f"{steering}2300{40}{60}{yes}".split()) in text
    assert squeeze(f"{management}39,960,10039,960,1{no}".split()) in text
