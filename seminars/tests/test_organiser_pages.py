"""Organiser pages: who may open them, the counts for reports, the caterer's counts, and query counts."""

import csv
import datetime as dt
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from projects.tests.factories import MembershipFactory, ProjectFactory
from seminars.models import Registration
from seminars.retention import retention_run
from seminars.selectors import catering_counts, seminar_counts
from seminars.tests.factories import ProgrammeItemFactory, RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def seminar(world):
    start = timezone.now() + dt.timedelta(days=30)
    return SeminarFactory(project=world.project, starts_at=start, ends_at=start + dt.timedelta(hours=3),
                          food_served=True)


# --- Permissions ---------------------------------------------------------------------------------------

def organiser_pages(seminar):
    item = ProgrammeItemFactory(seminar=seminar)
    registration = RegistrationFactory(seminar=seminar)
    from seminars.models import Documentation

    doc = Documentation.objects.create(seminar=seminar, name="x.pdf", content_type="application/pdf", size=1,
                                       file="private/seminars/x.pdf")
    get = [reverse(name, args=[seminar.pk]) for name in (
        "seminars:edit", "seminars:registrations", "seminars:check_in", "seminars:catering", "seminars:programme",
        "seminars:documentation", "seminars:feedback_overview")]
    get += [reverse("seminars:programme_item", args=[seminar.pk, item.pk]),
            reverse("seminars:registrations", args=[seminar.pk]) + "?export=csv",
            reverse("seminars:catering", args=[seminar.pk]) + "?export=csv"]
    post = [reverse("seminars:check_in_toggle", args=[seminar.pk, registration.pk]),
            reverse("seminars:programme_item_move", args=[seminar.pk, item.pk]),
            reverse("seminars:programme_item_delete", args=[seminar.pk, item.pk]),
            reverse("seminars:document_publish", args=[doc.pk]),
            reverse("seminars:document_delete", args=[doc.pk]),
            reverse("seminars:feedback_overview", args=[seminar.pk])]
    return get, post


@pytest.mark.parametrize("role", ["coordinator", "staff"])
def test_the_projects_coordinators_and_staff_open_every_organiser_page(client, world, seminar, role):
    get, _post = organiser_pages(seminar)
    client.force_login(getattr(world, role))
    for url in get:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["steering", "reference", "funder", "lead", "other_lead", "outsider",
                                  "other_coordinator"])
def test_everyone_else_gets_not_found_and_changes_nothing(client, world, seminar, role):
    if role == "other_coordinator":
        person = world.outsider
        MembershipFactory(project=ProjectFactory(), user=person, role="coordinator")
    else:
        person = getattr(world, role)
    get, post = organiser_pages(seminar)
    client.force_login(person)
    for url in get:
        assert client.get(url).status_code == 404, url
    for url in post:
        assert client.post(url, {"direction": "up", "public": "1"}).status_code == 404, url
    assert seminar.programme.count() == 1 and seminar.documentation.get().is_public is False
    assert not seminar.registrations.filter(attended_at__isnull=False).exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, seminar):
    get, post = organiser_pages(seminar)
    for url in get + post:
        response = client.post(url) if url in post else client.get(url)
        assert response.status_code == 302 and response.url.startswith("/konto/login/"), url


def test_only_coordinators_and_staff_may_create_a_seminar_and_only_for_their_own_projects(client, world):
    client.force_login(world.lead)
    assert client.get(reverse("seminars:new")).status_code == 403
    client.force_login(world.coordinator)
    other = ProjectFactory()
    data = {"title": "Nytt seminarium", "starts_at": "2027-03-11T09:00", "ends_at": "2027-03-11T12:00",
            "place": "GR", "capacity": "60", "project": other.pk}
    response = client.post(reverse("seminars:new"), data)
    assert response.status_code == 400 and 'id="id_project_error"' in response.content.decode()
    response = client.post(reverse("seminars:new"), {**data, "project": world.project.pk, "step_free_access": "on",
                                                     "hearing_loop": "on", "interpretation": "Teckenspråkstolk"})
    assert response.status_code == 302
    created = world.project.seminars.get(title="Nytt seminarium")
    assert (created.step_free_access, created.hearing_loop, created.interpretation) == (True, True, "Teckenspråkstolk")


# --- Counts for reports ---------------------------------------------------------------------------------

def populate_counts(seminar):
    at = seminar.starts_at
    RegistrationFactory(seminar=seminar, gender="woman", sector="public", organisation="Ale kommun", attended_at=at,
                        dietary_needs="Vegan")
    RegistrationFactory(seminar=seminar, gender="woman", sector="public", organisation="Ale kommun",
                        dietary_needs=" vegan ")
    RegistrationFactory(seminar=seminar, gender="man", sector="civil", organisation="Räddningsmissionen",
                        attended_at=at, dietary_needs="Glutenfri")
    RegistrationFactory(seminar=seminar, gender="", sector="academia", organisation="Chalmers", attended_at=at)
    RegistrationFactory(seminar=seminar, gender="woman", sector="private", organisation="", status=Status.CANCELLED,
                        dietary_needs="Vegan")
    RegistrationFactory(seminar=seminar, gender="man", sector="public", organisation="Ale kommun",
                        status=Status.WAITING, dietary_needs="Vegan")


def rows(breakdown):
    return [(b.label, b.registered, b.attended) for b in breakdown]


def test_counts_by_gender_sector_and_organisation_with_the_40_60_verdict(seminar):
    populate_counts(seminar)
    counts = seminar_counts(seminar)
    assert (counts.registered, counts.waiting, counts.attended) == (4, 1, 3)
    # Labels are shown in the portal's language, Swedish by default.
    assert sorted(rows(counts.by_gender)) == [("", 1, 1), ("Kvinna", 2, 1), ("Man", 1, 1)]
    assert sorted(rows(counts.by_sector)) == [("Akademi", 1, 1), ("Civilsamhälle", 1, 1), ("Offentlig sektor", 2, 1)]
    assert rows(counts.by_organisation) == [("Ale kommun", 2, 1), ("Chalmers", 1, 1), ("Räddningsmissionen", 1, 1)]
    assert counts.balanced_registered is False  # 2 women, 1 man: men 33 %
    assert counts.balanced_attended is True  # 1 woman, 1 man


@override_settings(GRPORTAL_RETENTION_REGISTRATIONS_DAYS=10)
def test_the_report_counts_survive_retention(seminar):
    populate_counts(seminar)
    before = seminar_counts(seminar)
    retention_run(now=seminar.ends_at + dt.timedelta(days=11))
    assert not seminar.registrations.exclude(name="", email="", dietary_needs="").exists()
    after = seminar_counts(seminar)
    assert (rows(after.by_gender), rows(after.by_sector), rows(after.by_organisation)) == \
        (rows(before.by_gender), rows(before.by_sector), rows(before.by_organisation))
    assert (after.registered, after.attended, after.balanced_registered, after.balanced_attended) == \
        (before.registered, before.attended, before.balanced_registered, before.balanced_attended)


def test_the_registrations_page_shows_the_three_breakdowns(client, world, seminar):
    populate_counts(seminar)
    client.force_login(world.coordinator)
    html = client.get(reverse("seminars:registrations", args=[seminar.pk])).content.decode()
    assert "Räddningsmissionen" in html and "Chalmers" in html


def test_the_caterer_gets_counts_and_never_names(client, world, seminar):
    populate_counts(seminar)
    assert catering_counts(seminar) == (4, [("vegan", 2), ("glutenfri", 1)])
    client.force_login(world.coordinator)
    html = client.get(reverse("seminars:catering", args=[seminar.pk])).content.decode()
    response = client.get(reverse("seminars:catering", args=[seminar.pk]) + "?export=csv")
    text = response.content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert ["vegan", "2"] in lines and ["glutenfri", "1"] in lines
    for registration in seminar.registrations.all():
        assert registration.name not in html and registration.name not in text
        assert registration.email not in html and registration.email not in text


def test_dietary_needs_are_not_stored_when_no_food_is_served(client, world):
    from seminars.services import registration_create

    start = timezone.now() + dt.timedelta(days=3)
    seminar = SeminarFactory(project=world.project, starts_at=start, ends_at=start + dt.timedelta(hours=1),
                             food_served=False)
    registration = registration_create(seminar_id=seminar.pk, name="A", email="a@example.se", sector="public",
                                       dietary_needs="Vegan")
    assert registration.dietary_needs == ""


def test_consent_to_invitations_is_a_separate_unticked_box(client, seminar):
    html = client.get(reverse("seminars:public", args=[seminar.pk])).content.decode()
    box = html[html.index('name="consents_to_invitations"') - 200:html.index('name="consents_to_invitations"') + 200]
    assert "checked" not in box
    assert "<fieldset>" in html[html.index('name="consents_to_invitations"') - 600:html.index(
        'name="consents_to_invitations"')]


def test_the_privacy_text_gives_the_retention_time_from_the_setting(client, seminar, settings):
    settings.GRPORTAL_RETENTION_REGISTRATIONS_DAYS = 123
    html = client.get(reverse("seminars:public", args=[seminar.pk])).content.decode()
    assert "123" in html and "6.1 e" in html


# --- Query counts -------------------------------------------------------------------------------------

SIZES = [2, 20]


def populate(seminar, n):
    for i in range(n):
        RegistrationFactory(seminar=seminar, gender="woman" if i % 2 else "man", organisation=f"Organisation {i}",
                            attended_at=seminar.starts_at if i % 3 else None)
        RegistrationFactory(seminar=seminar, status=Status.WAITING)


@pytest.mark.parametrize("n", SIZES)
def test_the_registrations_list_makes_the_same_queries_for_2_and_20(client, world, seminar, n,
                                                                    django_assert_num_queries):
    populate(seminar, n)
    client.force_login(world.coordinator)
    # session, user, seminar (+series, project), the person's roles on the project, the registrations,
    # counts: waiting, by gender, by sector, by organisation; the menu's two ("leads a lab?", "coordinates or
    # sits on a steering group?")
    with django_assert_num_queries(9):
        response = client.get(reverse("seminars:registrations", args=[seminar.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") >= 2 * n


@pytest.mark.parametrize("n", SIZES)
def test_the_check_in_page_makes_the_same_queries_for_2_and_20(client, world, seminar, n,
                                                               django_assert_num_queries):
    populate(seminar, n)
    client.force_login(world.coordinator)
    # session, user, seminar (+series, project), the person's roles on the project, the seated registrations,
    # how many of them are checked in, the menu's two
    with django_assert_num_queries(6):
        response = client.get(reverse("seminars:check_in", args=[seminar.pk]))
    assert response.content.decode().count("check-in-button") == n
    # The HTMX search: the list only, without the count (the menu's two run for fragments too).
    with django_assert_num_queries(5):
        client.get(reverse("seminars:check_in", args=[seminar.pk]), {"q": "Deltagare"}, HTTP_HX_REQUEST="true")
    registration = seminar.registrations.seated().first()
    # session, user, seminar, roles, the registration, its update, the new count, the menu's two
    with django_assert_num_queries(7):
        client.post(reverse("seminars:check_in_toggle", args=[seminar.pk, registration.pk]), HTTP_HX_REQUEST="true")


def test_a_coordinator_creates_a_series_and_a_duplicate_title_is_refused(client, world):
    from seminars.models import Series

    url = reverse("seminars:series_new")
    client.force_login(world.lead)
    assert client.post(url, {"title": "Lärande träffar"}).status_code == 403
    client.force_login(world.coordinator)
    assert client.post(url, {"title": "Lärande träffar", "description": ""}).status_code == 302
    response = client.post(url, {"title": "Lärande träffar", "description": "igen"})
    assert response.status_code == 400 and 'id="id_title_error"' in response.content.decode()
    assert Series.objects.filter(title="Lärande träffar").count() == 1


# --- Filters and exports ------------------------------------------------------------------------------

def sv(msgid):
    from django.utils import translation

    with translation.override("sv"):
        return translation.gettext(msgid)


def export_rows(client, seminar, fmt, **filters):
    response = client.get(reverse("seminars:registrations", args=[seminar.pk]), {**filters, "export": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        assert response["Content-Type"].startswith("text/csv")
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    from openpyxl import load_workbook

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active

    def text(cell):
        # A text marked as text (the quote prefix, never a formula) reads as Excel shows it when edited: '=…
        if cell.value is None:
            return ""
        if isinstance(cell.value, dt.datetime):  # a real time cell, in Swedish local time
            return cell.value.strftime("%Y-%m-%d %H:%M")
        assert cell.data_type != "f"
        return "'" + cell.value if cell.quotePrefix else str(cell.value)

    return [[text(cell) for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_follows_the_filters_and_is_safe_to_open_in_a_spreadsheet(client, world, seminar, fmt):
    from django.utils import timezone as tz

    at = tz.make_aware(dt.datetime(2027, 3, 3, 8, 57))
    RegistrationFactory(seminar=seminar, name="=HYPERLINK(\"http://x\")", email="a@example.se", sector="civil",
                        gender="woman", attended_at=at, dietary_needs="Vegan", consents_to_invitations=True)
    RegistrationFactory(seminar=seminar, name="Bo Berg", email="bo@example.se", status=Status.WAITING)
    RegistrationFactory(seminar=seminar, name="Cissi Ek", email="cissi@example.se", status=Status.CANCELLED)
    client.force_login(world.coordinator)

    table = export_rows(client, seminar, fmt)
    header, body = table[0], table[1:]
    assert header == ["namn", "e-postadress", "organisation", "sektor", "kön", "status", "incheckad", "specialkost",
                      "behov av tillgänglighet", sv("Wants invitations")]  # the portal's language, Swedish
    assert len(body) == 3
    # A formula is written as text; choices as their labels; the time in Swedish local time.
    assert body[0] == ["'=HYPERLINK(\"http://x\")", "a@example.se", "Ale kommun", "Civilsamhälle", "Kvinna",
                       "Anmäld", "2027-03-03 08:57", "Vegan", "", sv("Yes")]

    assert [row[0] for row in export_rows(client, seminar, fmt, status="waiting")[1:]] == ["Bo Berg"]
    assert [row[0] for row in export_rows(client, seminar, fmt, q="cissi")[1:]] == ["Cissi Ek"]
    assert [row[1] for row in export_rows(client, seminar, fmt, attended="yes")[1:]] == ["a@example.se"]
    # Those who asked for invitations to future seminars: the list to invite from.
    assert [row[1] for row in export_rows(client, seminar, fmt, invitations="yes")[1:]] == ["a@example.se"]
    assert len(export_rows(client, seminar, fmt, invitations="no")) == 3


def test_the_list_filters_by_name_status_and_attendance(client, world, seminar):
    RegistrationFactory(seminar=seminar, name="Alva Ek", attended_at=seminar.starts_at,
                        accessibility_needs="Teckenspråkstolk")
    RegistrationFactory(seminar=seminar, name="Bo Berg", status=Status.WAITING, organisation="Chalmers")
    client.force_login(world.coordinator)
    url = reverse("seminars:registrations", args=[seminar.pk])
    assert "Teckenspråkstolk" in client.get(url).content.decode()  # the organiser can book the interpreter

    def names(**filters):
        html = client.get(url, filters).content.decode()
        return [n for n in ("Alva Ek", "Bo Berg") if f"<td>{n}</td>" in html]

    assert names() == ["Alva Ek", "Bo Berg"]
    assert names(q="chalmers") == ["Bo Berg"]
    assert names(status="waiting") == ["Bo Berg"]
    assert names(attended="yes") == ["Alva Ek"]
    assert names(attended="no") == ["Bo Berg"]
    assert names(status="nonsense") == ["Alva Ek", "Bo Berg"]  # an unknown choice filters nothing, no error
    assert names(invitations="yes") == []


# --- The public page ------------------------------------------------------------------------------------

@pytest.mark.parametrize("n", SIZES)
def test_the_public_page_makes_the_same_queries_for_2_and_20_items_and_registrations(
        client, seminar, n, django_assert_num_queries):
    from seminars.models import Documentation

    for i in range(n):
        ProgrammeItemFactory(seminar=seminar)
        RegistrationFactory(seminar=seminar)
        Documentation.objects.create(seminar=seminar, name=f"{i}.pdf", content_type="application/pdf", size=1,
                                     file=f"private/seminars/{i}.pdf", is_public=True)
    # An anonymous visitor (no session): the seminar (+series, project), its programme, its public documents,
    # the number of seats taken
    with django_assert_num_queries(4):
        response = client.get(reverse("seminars:public", args=[seminar.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and html.count("<li><span class=\"time\">") == n
    assert "Deltagare" not in html and "@example.se" not in html  # no one's registration shows on the page


def test_one_tap_checks_in_and_the_count_above_the_search_follows(client, world, seminar):
    alva = RegistrationFactory(seminar=seminar, name="Alva Ek")
    RegistrationFactory(seminar=seminar, name="Bo Berg")
    RegistrationFactory(seminar=seminar, name="Väntande Vera", status=Status.WAITING)
    client.force_login(world.coordinator)
    page = client.get(reverse("seminars:check_in", args=[seminar.pk]), {"q": "alva"}).content.decode()
    assert "Alva Ek" in page and "Bo Berg" not in page and "Väntande Vera" not in page
    assert '<p id="check-in-count">' in page

    toggle = reverse("seminars:check_in_toggle", args=[seminar.pk, alva.pk])
    fragment = client.post(toggle, HTTP_HX_REQUEST="true").content.decode()
    alva.refresh_from_db()
    assert alva.attended_at is not None
    assert 'aria-pressed="true"' in fragment and 'hx-swap-oob="true"' in fragment
    counter = fragment[fragment.index('<p id="check-in-count"'):]
    assert ">1 " in counter and " 2 " in counter  # 1 of the 2 with a seat
    # A second tap undoes it (a mistaken tap at the door), without JavaScript too.
    assert client.post(toggle).status_code == 302
    alva.refresh_from_db()
    assert alva.attended_at is None
    # Someone on the waiting list has no seat, so cannot be checked in.
    waiting = seminar.registrations.get(status=Status.WAITING)
    assert client.post(reverse("seminars:check_in_toggle", args=[seminar.pk, waiting.pk])).status_code == 404


@pytest.mark.parametrize("n", SIZES)
def test_the_seminar_list_links_organisers_to_their_seminars_only(client, world, n, django_assert_num_queries):
    start = timezone.now() + dt.timedelta(days=30)
    own = [SeminarFactory(project=world.project, starts_at=start, ends_at=start + dt.timedelta(hours=2))
           for _ in range(n)]
    others = [SeminarFactory(project=ProjectFactory(), starts_at=start, ends_at=start + dt.timedelta(hours=2))
              for _ in range(n)]
    url = reverse("seminars:list")
    client.force_login(world.coordinator)
    # session, user, the seminars (+series, project), which of them the person organises, "coordinates any
    # project?" (the New seminar button), the menu's two
    with django_assert_num_queries(5):
        html = client.get(url).content.decode()
    for seminar in own:
        assert reverse("seminars:registrations", args=[seminar.pk]) in html
    for seminar in others:
        assert reverse("seminars:public", args=[seminar.pk]) in html
        assert reverse("seminars:registrations", args=[seminar.pk]) not in html
    client.force_login(world.lead)
    html = client.get(url).content.decode()
    assert "/anmalningar/" not in html
