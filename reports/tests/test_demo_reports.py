"""The demo project produces a Vinnova progress report and a Länsstyrelsen account with the demo's real figures."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from accounts.models import User
from labs.models import Activity
from projects.models import Project
from reports.content import gender_verdict
from reports.models import Report, ReportDraft
from reports.registry import get_report_type
from reports.rendering import report_render
from reports.services import report_request
from seminars.models import Registration, Seminar


@pytest.fixture
def demo_project(db, monkeypatch, settings):
    settings.DEBUG = True
    monkeypatch.setattr("reports.tasks.render_report.delay", lambda report_id: None)
    call_command("load_demo", quiet_logins=True)
    return Project.objects.get(short_name="SISP")


def _generate(project, report_type):
    draft = ReportDraft.objects.get(project=project, report_type=report_type)
    coordinator = User.objects.get(email="samordnare@demo.grportal.se")
    report, _ = report_request(project=project, requested_by=coordinator, period_start=draft.period_start,
                               period_end=draft.period_end, report_type=report_type, draft=draft)
    report = report_render(report_id=report.pk)
    assert report.status == Report.Status.DONE, report.failure_reason
    with report.file.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return report, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _sv(msgid):
    with translation.override("sv"):
        return gettext(msgid)


def test_the_demo_vinnova_progress_report_holds_the_figures_the_data_implies(demo_project):
    report, text = _generate(demo_project, "vinnova_progress")
    draft = report.draft

    activities = Activity.objects.filter(lab__project=demo_project, status__in=["submitted", "approved"],
                                         date__range=(draft.period_start, draft.period_end))
    total = sum(a.participants_total for a in activities)
    women = sum(a.participants_women for a in activities)
    men = sum(a.participants_men for a in activities)
    other = sum(a.participants_other for a in activities)
    assert total > 0
    expected = _sv("Participants: %(total)s in all, %(women)s women, %(men)s men, %(other)s other or not stated.") % {
        "total": total, "women": women, "men": men, "other": other}
    assert expected in text
    verdict = gender_verdict(women, men)
    assert _sv("Gender-balanced" if verdict["balanced"] else "Not gender-balanced") in text
    # Every section of Vinnova's list, in order, with Vinnova's public-summary headings.
    positions = [text.find(f"{n}. {_sv(str(spec.title.__str__()))}") for n, spec in
                 enumerate(get_report_type("vinnova_progress").section_specs(), start=1)]
    assert -1 not in positions and positions == sorted(positions)
    for heading in ("Purpose and goals", "Expected effects and results", "Planned approach and implementation"):
        assert _sv(heading) in text
    # The coordinator's texts, with Swedish letters intact.
    assert "Projektet har under första året startat fem lokala innovationslabb" in text
    # Seminars in the period: registered and attended.
    seminar = Seminar.objects.filter(project=demo_project, starts_at__date__range=(draft.period_start,
                                                                                   draft.period_end)).first()
    if seminar is not None:
        seated = Registration.objects.filter(seminar=seminar, status="registered")
        attended = seated.filter(attended_at__isnull=False).count()
        assert seminar.title in text
        assert f"{_sv('Total')} {seated.count()} {attended}" in text
    assert "Sida 1 av" in text or "Page 1 of" in text
    assert report.addressed_to.name == "Vinnova"
    # The costs also in Vinnova's five categories, adding up to the budget's booked total.
    from decimal import Decimal

    from grportal.templatetags.grportal import kr
    budget = next(s for s in report.content_snapshot["sections"] if s["key"] == "budget")["content"]
    categories = budget["funder_categories"]
    assert [c["number"] for c in categories] == ["1", "2", "3", "4", "5"]
    assert sum(Decimal(c["actual"]) for c in categories) == Decimal(budget["total"]["actual"]) > 0
    flat = text.replace("\u00a0", " ")
    assert _sv("Per Vinnova cost category") in flat
    for category in categories:
        assert f"{category['number']} {category['label']}" in flat
        assert kr(Decimal(category["actual"])).replace("\u00a0", " ") in flat


def test_the_demo_lansstyrelsen_report_has_the_financial_account_and_the_account_of_use(demo_project):
    report, text = _generate(demo_project, "lansstyrelsen_account")

    assert report.addressed_to.name == "Länsstyrelsen Västra Götaland"
    for key in ("use_of_funds", "financial_account", "signature"):
        spec = get_report_type("lansstyrelsen_account")
        assert _sv(str(next(s.title for s in spec.section_specs() if s.key == key))) in text
    assert "Medlen har finansierat delprojektledning" in text
    budget = next(s for s in report.content_snapshot["sections"] if s["key"] == "financial_account")["content"]
    assert budget["available"] and budget["by_category"]
    # The first category's booked amount, formatted the Swedish way (non-breaking spaces, "kr").
    from decimal import Decimal

    from grportal.templatetags.grportal import kr
    flat = text.replace("\u00a0", " ")
    assert kr(Decimal(budget["by_category"][0]["actual"])).replace("\u00a0", " ") in flat
    # First what Länsstyrelsen itself finances, as the financial account asks.
    (funds,) = budget["funder_rows"]
    assert "Länsstyrelsen Västra Götaland" in funds["label"]
    assert kr(Decimal(funds["amount"])).replace("\u00a0", " ") in flat
