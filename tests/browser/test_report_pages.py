"""The coordinator writes a Vinnova progress report's texts, generates it, watches it finish and publishes it;
the Vinnova contact then finds it. axe-core on every report page."""

import datetime as dt
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from reports.models import Report
from reports.rendering import report_render

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queued(monkeypatch):
    ids = []
    monkeypatch.setattr("reports.services.render_report", SimpleNamespace(delay=ids.append))
    monkeypatch.setattr("reports.services.notify_publication", SimpleNamespace(delay=lambda report_id: None))
    return ids


def test_coordinator_writes_generates_and_publishes_and_the_funder_downloads(
    page, demo, log_in, check_page, screenshot, sv, queued
):
    from accounts.models import User

    log_in(demo.coordinator)
    page.goto(demo.project.get_absolute_url())
    check_page("the project page")
    page.get_by_role("link", name=sv("Write a funder report (Vinnova, Länsstyrelsen, ESF) "
                                     "and see every version")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Reports to funders"))
    check_page("the project's reports page")
    screenshot("reports-project")

    first_year = f"{demo.calendar.date(dt.date(2017, 12, 1))} – {demo.calendar.date(dt.date(2018, 11, 30))}"
    page.get_by_role("link", name=sv("Vinnova progress report") + " " + first_year).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Vinnova progress report"))
    check_page("the draft of the Vinnova progress report")
    screenshot("reports-draft")
    summary = page.get_by_label(sv("Summary"), exact=True)
    expect(summary).to_contain_text("fem lokala innovationslabb")
    summary.fill("Första året: fem labb i gång, åtta workshops.")
    page.get_by_role("button", name=sv("Generate report")).click()

    expect(page.locator("#report-status .badge").first).to_have_text(sv("Queued"))
    check_page("a queued report")
    screenshot("reports-queued")
    navigations = len(page.visited)
    (report_id,) = queued
    report_render(report_id=report_id)  # the worker

    download = page.get_by_role("link", name=sv("Download PDF"))
    expect(download).to_be_visible(timeout=10_000)  # the status block polls every 3 s
    assert len(page.visited) == navigations, "the status should update without a page load"
    expect(page.locator("#report-announcer")).to_contain_text(sv("Ready"))
    check_page("a finished report")
    screenshot("reports-done")
    assert Report.objects.get(pk=report_id).texts["summary"].startswith("Första året")

    page.get_by_role("button", name=sv("Publish to the funder")).click()
    expect(page.locator(".badge-published").first).to_be_visible()
    check_page("a published report")

    page.context.clear_cookies()
    log_in(User.objects.get(email="vinnova@demo.grportal.se"))
    page.goto(f"/rapporter/projekt/{demo.project.pk}/")
    check_page("the reports page as the Vinnova contact")
    screenshot("reports-funder")
    expect(page.get_by_role("link", name=sv("Download PDF"))).to_have_count(1)
    expect(page.get_by_role("button", name=sv("Publish to the funder"))).to_have_count(0)
    with page.expect_download() as info:
        page.get_by_role("link", name=sv("Download PDF")).click()
    with open(info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_the_report_pages_that_say_no_pass_axe_too(page, demo, log_in, check_page, screenshot, sv, queued):
    """Refused input, a failed report, a broken shared link and the funder's view of a report: WCAG 2.1 AA."""

    from django.utils import timezone

    from accounts.models import User

    log_in(demo.coordinator)
    page.goto(f"/rapporter/projekt/{demo.project.pk}/")
    check_page("the project's reports page")
    page.get_by_label(sv("Period from")).fill("2019-06-30")
    page.get_by_label(sv("Period to")).fill("2019-01-01")
    page.get_by_role("button", name=sv("Start writing")).click()
    expect(page.get_by_text(sv("The period cannot end before it starts.")).first).to_be_visible()
    check_page("a new draft refused for its period")

    page.goto(demo.project.get_absolute_url())
    check_page("the project page")
    page.locator(".report-form").get_by_label(sv("Period from")).fill("2019-06-30")
    page.locator(".report-form").get_by_label(sv("Period to")).fill("2019-01-01")
    page.get_by_role("button", name=sv("Generate progress report")).click()
    expect(page.get_by_text(sv("The period cannot end before it starts.")).first).to_be_visible()
    check_page("a report request refused for its period")
    assert not Report.objects.exists() and queued == []

    failed = Report.objects.create(
        project=demo.project, report_type="vinnova_progress",
        period_start=demo.calendar.date(dt.date(2017, 12, 1)), period_end=demo.calendar.date(dt.date(2018, 11, 30)),
        addressed_to=demo.project.funder, requested_by=demo.coordinator,
        status=Report.Status.FAILED, failure_reason="Det gick inte att skapa rapporten: tidsgränsen passerades.",
        finished_at=timezone.now(),
    )
    page.goto(f"/rapporter/{failed.pk}/")
    expect(page.get_by_role("alert")).to_contain_text("tidsgränsen passerades")
    check_page("a failed report")
    screenshot("reports-failed")

    page.context.clear_cookies()
    page.goto("/rapporter/delad/inte-en-riktig-lank/")
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("The link does not work"))
    check_page("a shared link that does not work")

    report_render(report_id=Report.objects.create(
        project=demo.project, report_type="vinnova_progress",
        period_start=demo.calendar.date(dt.date(2017, 12, 1)), period_end=demo.calendar.date(dt.date(2018, 11, 30)),
        addressed_to=demo.project.funder, requested_by=demo.coordinator,
    ).pk)
    published = Report.objects.get(status=Report.Status.DONE)
    Report.objects.filter(pk=published.pk).update(published_at=timezone.now(), published_by=demo.coordinator)
    log_in(User.objects.get(email="vinnova@demo.grportal.se"))
    page.goto(f"/rapporter/{published.pk}/")
    expect(page.get_by_role("link", name=sv("Download PDF"))).to_be_visible()
    expect(page.get_by_role("button", name=sv("Publish to the funder"))).to_have_count(0)
    check_page("a published report as the Vinnova contact")
    screenshot("reports-funder-detail")
