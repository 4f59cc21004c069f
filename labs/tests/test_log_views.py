"""The activity log across labs (filters, CSV and XLSX of what is filtered, formula cells neutralised)
and the bank of lessons learned."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grportal.exports import neutralise
from labs.models import Activity, Method, TargetGroupCount
from labs.tests.factories import ActivityFactory
from projects.models import TargetGroup

APPROVED = Activity.Status.APPROVED


@pytest.fixture
def log(world):
    young = TargetGroup.objects.create(project=world.project, name="Unga")
    ale = ActivityFactory(lab=world.lab, title="=HYPERLINK(\"http://evil\")", date=dt.date(2025, 3, 1))
    TargetGroupCount.objects.create(activity=ale, target_group=young, count=3)
    kungalv = ActivityFactory(lab=world.other_lab, title="Intervju Björkås", kind=Activity.Kind.INTERVIEW,
                              date=dt.date(2025, 5, 1))
    return ale, kungalv, young


def titles(response):
    return [a.title for a in response.context["activities"]]


def test_the_coordinator_sees_every_lab_and_filters_by_target_group(client, world, log):
    ale, kungalv, young = log
    client.force_login(world.coordinator)
    url = reverse("labs:activity_log")
    assert set(titles(client.get(url))) == {ale.title, kungalv.title}
    assert titles(client.get(url, {"target_group": young.pk})) == [ale.title]
    assert titles(client.get(url, {"municipality": world.other_lab.municipality_id})) == [kungalv.title]
    assert titles(client.get(url, {"kind": "interview", "date_from": "2025-04-01"})) == [kungalv.title]
    assert titles(client.get(url, {"date_to": "2025-04-01"})) == [ale.title]


def test_a_lab_lead_sees_only_their_labs_activities(client, world, log):
    client.force_login(world.other_lead)
    assert titles(client.get(reverse("labs:activity_log"))) == ["Intervju Björkås"]


def test_filtering_by_a_lab_the_person_cannot_see_is_refused_not_leaked(client, world, log):
    client.force_login(world.other_lead)
    response = client.get(reverse("labs:activity_log"), {"lab": world.lab.pk})
    assert response.context["filter"].errors
    assert "=HYPERLINK" not in response.content.decode()


def test_the_csv_export_holds_what_is_filtered_with_formulas_neutralised(client, world, log):
    client.force_login(world.coordinator)
    response = client.get(reverse("labs:activity_log"), {"lab": world.lab.pk, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][5] == "'=HYPERLINK(\"http://evil\")"
    assert "Unga: 3" in rows[1]


def test_the_xlsx_export_holds_what_is_filtered_as_text(client, world, log):
    client.force_login(world.coordinator)
    response = client.get(reverse("labs:activity_log"), {"municipality": world.lab.municipality_id,
                                                         "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    # the text as typed, in a string cell (not a formula) marked as text the way Excel marks a typed '=…
    assert rows[1][5] == "=HYPERLINK(\"http://evil\")"
    assert sheet.cell(row=2, column=6).data_type == "s" and sheet.cell(row=2, column=6).quotePrefix


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_cells_that_a_spreadsheet_would_run_are_neutralised(value):
    assert neutralise(value) == "'" + value


def test_ordinary_cells_and_numbers_are_left_alone():
    assert neutralise("Workshop") == "Workshop" and neutralise(-3) == -3


@pytest.fixture
def lessons(world):
    ska = Method.objects.get_or_create(name="Social konsekvensanalys")[0]
    world.lab.methods.set([ska])
    mine = ActivityFactory(lab=world.lab, title="Dialog med unga", lessons="Bjud in via fritidsgården",
                           lesson_themes="courage,time")
    theirs_approved = ActivityFactory(lab=world.other_lab, title="Markanvisning", status=APPROVED,
                                      lessons="Ta med juristen från början", lesson_themes="competence")
    theirs_draft = ActivityFactory(lab=world.other_lab, title="Utkast", lessons="Inte klart än")
    return mine, theirs_approved, theirs_draft, ska


def lesson_titles(response):
    return {a.title for a in response.context["lessons"]}


def test_a_lead_finds_their_own_lessons_and_approved_lessons_from_other_labs(client, world, lessons):
    client.force_login(world.lead)
    assert lesson_titles(client.get(reverse("labs:lessons"))) == {"Dialog med unga", "Markanvisning"}


def test_the_lessons_bank_filters_by_theme_method_municipality_and_words(client, world, lessons):
    _, _, _, ska = lessons
    client.force_login(world.coordinator)
    url = reverse("labs:lessons")
    assert lesson_titles(client.get(url, {"theme": "time"})) == {"Dialog med unga"}
    assert lesson_titles(client.get(url, {"method": ska.pk})) == {"Dialog med unga"}
    assert lesson_titles(client.get(url, {"municipality": world.other_lab.municipality_id})) == {
        "Markanvisning", "Utkast"}
    assert lesson_titles(client.get(url, {"q": "juristen början"})) == {"Markanvisning"}


def test_a_funder_contact_sees_no_lessons_from_labs_they_do_not_see(client, world, lessons):
    client.force_login(world.outsider)
    assert lesson_titles(client.get(reverse("labs:lessons"))) == set()


def test_a_coordinator_opts_in_and_out_of_the_weekly_digest(client, world):
    from labs.models import DigestSubscription

    client.force_login(world.coordinator)
    client.post(reverse("labs:digest"), {"subscribe": "1"})
    assert DigestSubscription.objects.filter(user=world.coordinator).exists()
    client.post(reverse("labs:digest"), {"subscribe": "0"})
    assert not DigestSubscription.objects.exists()


def test_my_labs_shows_each_labs_last_three_activities(client, world):
    for day in range(1, 6):
        ActivityFactory(lab=world.lab, title=f"Möte {day}", date=dt.date(2025, 1, day))
    client.force_login(world.lead)
    response = client.get(reverse("labs:mine"))
    (lab,) = response.context["labs"]
    assert [a.title for a in lab.recent_activities] == ["Möte 5", "Möte 4", "Möte 3"]


def test_my_labs_offers_the_log_button_only_where_the_person_may_log(client, world):
    client.force_login(world.steering)  # sees the project's labs, does not log in them
    html = client.get(reverse("labs:mine")).content.decode()
    assert world.lab.name in html
    assert reverse("labs:activity_new", args=[world.lab.pk]) not in html
    client.force_login(world.lead)
    html = client.get(reverse("labs:mine")).content.decode()
    assert reverse("labs:activity_new", args=[world.lab.pk]) in html


def test_the_filters_offer_all_rather_than_dashes(client, world):
    client.force_login(world.coordinator)
    for url in (reverse("labs:activity_log"), reverse("labs:lessons")):
        html = client.get(url).content.decode()
        assert "---------" not in html
        assert '<option value="" selected>Alla</option>' in html


def test_the_lab_page_links_to_the_older_activities_it_leaves_out(client, world, settings):
    from labs import views

    settings.LANGUAGE_CODE = "en"
    ActivityFactory.create_batch(3, lab=world.lab)
    client.force_login(world.lead)
    link = f'{reverse("labs:activity_log")}?lab={world.lab.pk}'
    assert link not in client.get(reverse("labs:detail", args=[world.lab.pk])).content.decode()
    views.TIMELINE_LENGTH, original = 2, views.TIMELINE_LENGTH
    try:
        response = client.get(reverse("labs:detail", args=[world.lab.pk]))
    finally:
        views.TIMELINE_LENGTH = original
    assert len(response.context["activities"]) == 2
    assert link in response.content.decode()


def test_the_csv_writes_hours_with_a_decimal_comma_for_swedish_excel(client, world):
    from decimal import Decimal

    ActivityFactory(lab=world.lab, co_financed_hours=Decimal("24.50"))
    client.force_login(world.coordinator)
    response = client.get(reverse("labs:activity_log"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert "24,50" in rows[1]
