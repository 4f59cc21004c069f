"""A lab lead records a lesson on its own from the lab page ("Ny lärdom"), first forgetting the contact person, and
finds it in the Erfarenhetsbank with what it led to and who still knows the matter; every page passes axe."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lab_lead_records_a_lesson_from_the_lab_page(page, demo, log_in, check_page, sv):
    log_in(demo.lead)
    page.goto(f"/labb/{demo.lab.pk}/")
    check_page("the lab page")
    page.get_by_role("link", name=sv("New lesson")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("New lesson"))
    expect(page.get_by_label(sv("Lab"))).to_have_value(str(demo.lab.pk))
    check_page("the lesson form")

    page.locator("#id_title").fill("Mötesplats på torget")
    page.locator("#id_text").fill("En synlig lokal gjorde arbetet känt i orten.")
    page.locator("#id_effect").fill("Kommunen hyr lokalen ett år till.")
    page.get_by_label(sv("Innovation")).check()
    page.get_by_role("button", name=sv("Save"), exact=True).click()
    error = sv("Name a contact person who still knows the matter.")
    expect(page.get_by_text(error).first).to_be_visible()
    check_page("the lesson form with an error")

    page.locator("#id_contact_name").fill("Pia Partillesson")
    page.get_by_role("button", name=sv("Save"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/labb/erfarenhetsbank/$"))
    card = page.get_by_role("listitem").filter(has_text="Mötesplats på torget")
    expect(card).to_contain_text("Kommunen hyr lokalen ett år till.")
    expect(card).to_contain_text("Pia Partillesson")
    check_page("the lessons bank with a standalone lesson")
