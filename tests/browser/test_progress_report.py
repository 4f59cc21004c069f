"""The coordinator asks for a progress report and downloads the PDF when the page says it is ready."""

from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from reports.models import Report
from reports.rendering import report_render

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queued(monkeypatch):
    """Report ids handed to the (absent) worker: the test plays the worker, so the page has to wait for it."""
    ids = []
    monkeypatch.setattr("reports.services.render_report", SimpleNamespace(delay=ids.append))
    return ids


def test_coordinator_generates_a_progress_report_and_the_row_turns_into_a_download(
    page, demo, log_in, check_page, screenshot, sv, queued
):
    log_in(demo.coordinator)
    page.goto("/")
    check_page("the coordinator's start page")
    screenshot("home-coordinator")
    page.get_by_role("link", name=demo.project.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.project.title)
    check_page("the project page")
    screenshot("project")

    page.get_by_role("button", name=sv("Generate progress report")).click()

    row = page.locator(".report-row")
    expect(row).to_have_count(1)
    expect(row.locator(".badge")).to_have_text(sv("Queued"))
    expect(row.get_by_role("link", name=sv("Download PDF"))).to_have_count(0)
    expect(page.locator("#report-announcer")).to_be_empty()
    check_page("the project page with a queued report")
    navigations = len(page.visited)

    (report_id,) = queued
    report_render(report_id=report_id)  # the worker finishes

    download_link = row.get_by_role("link", name=sv("Download PDF"))
    expect(download_link).to_be_visible(timeout=8_000)  # the row polls every 2 s
    expect(row.locator(".badge")).to_have_text(sv("Ready"))
    # announced once, in the live region that was on the page before the row changed
    expect(page.locator("#report-announcer[aria-live='polite']")).to_contain_text(sv("Ready"))
    assert len(page.visited) == navigations, "the row should update without a page load"
    check_page("the project page with a ready report")
    screenshot("project-report-ready")

    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.suggested_filename.endswith(".pdf")
    assert Report.objects.get(pk=report_id).status == Report.Status.DONE
