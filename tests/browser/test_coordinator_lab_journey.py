"""The whole way without /admin/: a coordinator starts a regional lab ("på turné") with two methods and invites a
new lab lead by email; the invitee accepts through the emailed link and, on a 390×844 phone, logs and sends in an
activity (where it was held: the regional lab has no municipality of its own); the coordinator follows the start
page into the review inbox and approves it. Once with the pointer, once by keyboard only. axe-core checks every page.

The clicks of the coordinator from the start page to the approved activity and the taps and typed characters of
the lead from the start page to the submitted activity are printed (run with -s) and asserted.
"""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import expect

from grportal.testing.browser import InputCounter
from labs.models import Activity, Lab, Method
from projects.models import Project
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLOW = 20_000  # ms: the test machine is shared
LAB_NAME = "Labb på turné: trygghet i kollektivtrafiken"
INVITEE = "ny.labbledare@lerum.se"
INVITEE_NAME = "Lina Labbledare"
PASSWORD = "Kvarnbacken-2026!"
TITLE = "Workshop på busstationen"


def _project_runs_today(demo):
    """The demo project ran 2017–2019: move it to cover today, so today's activity needs no reason."""
    today = timezone.localdate()
    Project.objects.filter(pk=demo.project.pk).update(start_date=today - dt.timedelta(days=365),
                                                      end_date=today + dt.timedelta(days=365))


def _two_methods():
    return list(Method.objects.order_by("name")[:2])


def _invitation_link() -> str:
    """The link in the invitation email (the locmem backend in tests: django.core.mail.outbox)."""
    messages = [m for m in mail.outbox if INVITEE in m.to]
    assert messages, [m.to for m in mail.outbox]
    match = re.search(r"https?://\S+/inbjudan/([\w-]+)/", messages[-1].body)
    assert match, messages[-1].body
    return urlsplit(match.group(0)).path  # the email names the portal's public address; this is the live server


def _review_link_name(waiting: int) -> str:
    with translation.override("sv"):
        return translation.ngettext("Review %(counter)s activity", "Show all %(counter)s activities to review",
                                    waiting) % {"counter": waiting}


def _no_admin(page):
    assert not [url for url in page.visited if "/admin/" in url], page.visited


def test_a_coordinator_starts_a_regional_lab_and_approves_its_first_activity(page, demo, log_in, check_page, sv):
    _project_runs_today(demo)
    methods = _two_methods()
    municipality = "Lerum"

    # 1. The coordinator: project page → "Nytt labb" → a regional lab with two methods → invite a lead.
    log_in(demo.coordinator)
    page.goto(demo.project.get_absolute_url())
    check_page("the project page")
    page.get_by_role("link", name=sv("New lab"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("New lab"))
    check_page("the new lab form")
    page.locator("#id_name").fill(LAB_NAME)
    page.get_by_label(sv("Regional lab on tour between municipalities")).check()
    for method in methods:
        page.locator(f'input[name="methods"][value="{method.pk}"]').check()
    page.get_by_role("button", name=sv("Create the lab")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Lab settings"), timeout=SLOW)
    check_page("the new lab's settings page")
    lab = Lab.objects.get(name=LAB_NAME)
    assert lab.kind == Lab.Kind.REGIONAL and lab.municipality is None
    assert set(lab.methods.all()) == set(methods)

    page.get_by_role("link", name=sv("Invite a lab lead")).click()
    check_page("the invite form")
    page.locator("#id_email").fill(INVITEE)
    page.locator("#id_full_name").fill(INVITEE_NAME)
    page.get_by_role("button", name=sv("Send invitation")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Lab settings"), timeout=SLOW)
    expect(page.get_by_text(INVITEE).first).to_be_visible()
    check_page("the settings page with the invitation pending")

    # 2. The invitee opens the emailed link and creates the account: now the lab's lead.
    link = _invitation_link()
    page.context.clear_cookies()
    page.goto(link)
    check_page("the invitation page")
    expect(page.locator("#id_full_name")).to_have_value(INVITEE_NAME)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name=sv("Create account")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lina", timeout=SLOW)
    check_page("the new lead's start page")
    assert lab.leads.filter(email=INVITEE).exists()

    # 3. On a phone, from the start page to a submitted activity: every tap and character counts.
    page.set_viewport_size(PHONE)
    page.reload()
    check_page("the new lead's start page on a phone")
    lead = InputCounter(page)
    lead.tap(page.get_by_role("link", name=f"{sv('Log an activity')} – {LAB_NAME}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Log an activity"))
    check_page("the activity form of a regional lab on a phone")
    kind = page.locator("#id_kind")
    if kind.input_value() != "workshop":
        lead.choose(kind, value="workshop")
    lead.type(page.locator("#id_title"), TITLE)
    lead.choose(page.locator("#id_municipality"), label=municipality)
    lead.type(page.locator("#id_participants_total"), "12")
    lead.type(page.locator("#id_participants_women"), "7")
    lead.type(page.locator("#id_participants_men"), "5")
    lead.type(page.locator("#id_duration_hours"), "2")
    lead.tap(page.get_by_role("button", name="Spara och skicka in", exact=True))
    expect(page.get_by_role("status")).to_contain_text(
        f"Aktiviteten ”{TITLE}” är inskickad till samordnaren, som granskar den.", timeout=SLOW)
    check_page("the regional lab's page after submitting on a phone")
    activity = Activity.objects.get(title=TITLE)
    assert activity.status == Activity.Status.SUBMITTED and activity.lab == lab
    assert activity.municipality.name == municipality

    # 4. The coordinator: start page → review inbox → approve. Every click counts.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()
    log_in(demo.coordinator)
    page.goto("/")
    check_page("the coordinator's start page")
    clicks = InputCounter(page)
    waiting = Activity.objects.filter(status=Activity.Status.SUBMITTED, lab__project=demo.project).count()
    clicks.tap(page.get_by_role("link", name=_review_link_name(waiting)))
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Review activities"))
    check_page("the review inbox")
    article = page.locator(f"#activity-{activity.pk}")
    clicks.tap(article.get_by_role("button", name=re.compile(rf"^{sv('Approve')}\W+{re.escape(TITLE)}$")))
    expect(article).to_have_attribute("data-status", "approved", timeout=SLOW)
    check_page("the review inbox after the approval")
    activity.refresh_from_db()
    assert activity.status == Activity.Status.APPROVED

    # 5. Never through /admin/.
    _no_admin(page)
    print(f"\nPointer: the coordinator made {clicks.taps} clicks from the start page to an approved activity; the lead "
          f"{lead.taps} taps and {lead.characters} characters from the start page to a submitted activity (390x844)")
    assert clicks.taps == 2
    assert lead.characters == len(TITLE) + len("12") + len("7") + len("5") + len("2")


def test_the_same_journey_by_keyboard_only(page, demo, log_in, check_page, sv):
    _project_runs_today(demo)
    methods = _two_methods()
    municipality = Lab._meta.get_field("municipality").related_model.objects.get(name="Lerum")
    keys = InputCounter(page)

    # 1. The coordinator, from the project page.
    log_in(demo.coordinator)
    page.goto(demo.project.get_absolute_url())
    check_page("the project page")
    keys.tab_to(page.get_by_role("link", name=sv("New lab"), exact=True))
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("New lab"))
    check_page("the new lab form")
    keys.tab_to(page.locator("#id_name"))
    keys.type_focused(LAB_NAME)
    kinds = page.locator('input[name="kind"]')
    keys.press("Tab")
    expect(kinds.first).to_be_focused()  # a radio group is one tab stop: its first (checked) radio
    regional = page.locator(f'input[name="kind"][value="{Lab.Kind.REGIONAL}"]')
    for _ in range(kinds.count()):
        if regional.is_checked():
            break
        keys.press("ArrowDown")
    expect(regional).to_be_checked()
    expect(regional).to_be_focused()
    for method in methods:
        box = page.locator(f'input[name="methods"][value="{method.pk}"]')
        keys.tab_to(box)
        keys.press("Space")
        expect(box).to_be_checked()
    keys.tab_to(page.get_by_role("button", name=sv("Create the lab")))
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Lab settings"), timeout=SLOW)
    check_page("the new lab's settings page")
    lab = Lab.objects.get(name=LAB_NAME)
    assert lab.kind == Lab.Kind.REGIONAL and set(lab.methods.all()) == set(methods)

    keys.tab_to(page.get_by_role("link", name=sv("Invite a lab lead")))
    keys.press("Enter")
    expect(page).to_have_url(re.compile(r"/labbledare/bjud-in/$"), timeout=SLOW)
    expect(page.get_by_role("button", name=sv("Send invitation"))).to_be_visible()
    check_page("the invite form")
    send = page.get_by_role("button", name=sv("Send invitation"))
    keys.tab_to(send)
    keys.press("Enter")  # nothing typed: refused, with the error summary and the error next to the field
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible(timeout=SLOW)
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    check_page("the invite form with an error")
    # The summary's link takes the keyboard to the field.
    keys.tab_to(summary.locator("a[href='#id_email']"))
    keys.press("Enter")
    email = page.locator("#id_email")
    expect(email).to_be_focused()
    keys.type_focused(INVITEE)
    keys.tab_to(page.locator("#id_full_name"))
    keys.type_focused(INVITEE_NAME)
    keys.tab_to(send)
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Lab settings"), timeout=SLOW)
    expect(page.get_by_role("status")).to_contain_text(INVITEE)
    check_page("the settings page with the invitation pending")

    # 2. The invitee, by keyboard.
    link = _invitation_link()
    page.context.clear_cookies()
    page.goto(link)
    check_page("the invitation page")
    keys.tab_to(page.locator("#id_password1"))
    keys.type_focused(PASSWORD)
    keys.tab_to(page.locator("#id_password2"))
    keys.type_focused(PASSWORD)
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lina", timeout=SLOW)
    check_page("the new lead's start page")
    assert lab.leads.filter(email=INVITEE).exists()

    # 3. On a phone-sized screen, from the start page to a submitted activity.
    page.set_viewport_size(PHONE)
    page.reload()
    check_page("the new lead's start page on a phone")
    keys = InputCounter(page)
    keys.tab_to(page.get_by_role("link", name=f"{sv('Log an activity')} – {LAB_NAME}"))
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Log an activity"))
    check_page("the activity form of a regional lab on a phone")
    kind = page.locator("#id_kind")
    if kind.input_value() != "workshop":
        keys.tab_to(kind)
        keys.arrow_to(kind, "workshop")
    keys.tab_to(page.locator("#id_title"))
    keys.type_focused(TITLE)
    where = page.locator("#id_municipality")
    keys.tab_to(where)
    keys.arrow_to(where, str(municipality.pk), limit=80)
    for field, number in [("participants_total", "12"), ("participants_women", "7"), ("participants_men", "5"),
                          ("duration_hours", "2")]:
        keys.tab_to(page.locator(f"#id_{field}"))
        keys.type_focused(number)
    keys.tab_to(page.get_by_role("button", name="Spara och skicka in", exact=True))
    keys.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(
        f"Aktiviteten ”{TITLE}” är inskickad till samordnaren, som granskar den.", timeout=SLOW)
    check_page("the regional lab's page after submitting on a phone")
    activity = Activity.objects.get(title=TITLE)
    assert activity.status == Activity.Status.SUBMITTED and activity.municipality == municipality
    lead_presses, lead_characters = keys.presses, keys.characters

    # 4. The coordinator, from the start page, approves in the inbox.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()
    log_in(demo.coordinator)
    page.goto("/")
    check_page("the coordinator's start page")
    keys = InputCounter(page)
    waiting = Activity.objects.filter(status=Activity.Status.SUBMITTED, lab__project=demo.project).count()
    keys.tab_to(page.get_by_role("link", name=_review_link_name(waiting)))
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Review activities"))
    check_page("the review inbox")
    article = page.locator(f"#activity-{activity.pk}")
    keys.tab_to(article.get_by_role("button", name=re.compile(rf"^{sv('Approve')}\W+{re.escape(TITLE)}$")))
    keys.press("Enter")
    expect(article).to_have_attribute("data-status", "approved", timeout=SLOW)
    expect(page.locator("#review-announcer")).to_contain_text(TITLE)
    # Focus goes on to an activity still waiting (the demo has more), not back to the top of the page.
    expect(page.locator("[data-review-item][data-status=submitted] h3:focus")).to_have_count(1, timeout=SLOW)
    check_page("the review inbox after the approval")
    activity.refresh_from_db()
    assert activity.status == Activity.Status.APPROVED

    _no_admin(page)
    print(f"\nKeyboard: the coordinator pressed {keys.presses} keys from the start page to an approved activity; "
          f"the lead {lead_presses} key presses and {lead_characters} characters from the start page to a "
          "submitted activity (390x844)")
