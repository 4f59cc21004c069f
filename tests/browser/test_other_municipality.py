"""Another municipality's lab does not exist for a lab lead: the 404 page, nothing leaks."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lab_lead_gets_the_not_found_page_for_another_municipalitys_lab(page, demo, log_in, check_page, screenshot, sv):
    log_in(demo.lead)

    response = page.goto(f"/labb/{demo.other_lab.pk}/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("The page could not be found"))
    expect(page.locator("body")).not_to_contain_text(demo.other_lab.name)
    expect(page).to_have_title(re.compile(re.escape(sv("Page not found"))))
    check_page("the 404 page")
    screenshot("not-found")
    page.get_by_role("link", name=sv("Go to the start page")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anna")
    check_page("the start page after the 404 page")


def test_another_municipalitys_activity_and_attachment_are_not_found_either(page, demo, log_in, check_page, sv):
    from django.core.files.base import ContentFile

    from labs.models import Attachment

    activity = demo.other_lab.activities.first()
    attachment = Attachment(activity=activity, name="protokoll.pdf", kind="document", content_type="application/pdf",
                            size=8)
    attachment.file.save("protokoll.pdf", ContentFile(b"%PDF-1.7"), save=True)
    log_in(demo.lead)
    for url in (f"/labb/aktiviteter/{activity.pk}/redigera/", f"/labb/bilagor/{attachment.pk}/",
                f"/labb/{demo.other_lab.pk}/aktiviteter/ny/"):
        response = page.goto(url)
        assert response.status == 404, url
        expect(page.get_by_role("heading", level=1)).to_have_text(sv("The page could not be found"))
        expect(page.locator("body")).not_to_contain_text(activity.title)
        check_page(f"the 404 page for {url}")
