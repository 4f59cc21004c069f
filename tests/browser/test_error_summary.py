"""After a failed submit the error summary has focus (static/js/error-summary.js), so a keyboard or screen-reader
user starts at what to correct; each of its links puts focus in its field, a group of checkboxes included."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _in_view(locator) -> bool:
    return locator.evaluate(
        "element => { const box = element.getBoundingClientRect();"
        " return box.top > -1 && box.bottom < window.innerHeight + 1; }")  # sub-pixel layout


def test_a_failed_submit_starts_the_keyboard_at_the_summary_and_its_links_reach_the_fields(
        page, demo, log_in, check_page, sv):
    log_in(demo.coordinator)
    page.goto(f"/labb/nytt/{demo.project.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("New lab"))
    check_page("the new-lab form")
    create = page.get_by_role("button", name=sv("Create the lab"))
    create.focus()
    page.keyboard.press("Enter")  # nothing filled in: no name, no method

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert _in_view(summary.locator("h2"))
    check_page("the new-lab form with errors")

    page.keyboard.press("Tab")
    name_link = summary.locator("a[href='#id_name']")
    expect(summary.locator("a").first).to_be_focused()
    expect(name_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_name")).to_be_focused()
    assert _in_view(page.locator("label[for='id_name']"))

    # The methods are a group of checkboxes: nothing on the page has the link's id, the first checkbox gets focus.
    assert page.locator("#id_methods").count() == 0
    page.keyboard.press("Shift+Tab")
    methods_link = summary.locator("a[href='#id_methods']")
    methods_link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_methods_0")).to_be_focused()
    assert _in_view(page.locator("fieldset", has=page.locator("#id_methods_0")).locator("legend"))


def test_a_summary_brought_in_by_htmx_gets_focus(page, demo, log_in, check_page, sv):
    log_in(demo.coordinator)
    page.goto(f"/labb/nytt/{demo.project.pk}/")
    check_page("the new-lab form")
    page.locator("#id_name").focus()
    # What HTMX does with a swapped-in response (the same swap and htmx:load as after a request).
    page.evaluate("""() => htmx.swap("#main", '<div class="error-summary" role="alert" tabindex="-1">'
        + '<h2>Rätta</h2><ul><li><a href="#id_name">Namn: fyll i</a></li></ul></div>', {swapStyle: "afterbegin"})""")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#id_name")).to_be_focused()
