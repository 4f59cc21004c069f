"""An activity's length (Activity.duration_minutes, how long it went on: not the co-financed working hours) is shown
wherever the activity is, written by one function (grportal.numbers.duration_text, "2 h 30 min"): the activity log,
the lab page, the review inbox's card and the admin; the log's CSV and XLSX hold it as a number of minutes."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grportal.numbers import duration_text
from labs.models import Activity
from labs.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

LENGTH = "2\u00a0h\u00a030\u00a0min"  # 150 minutes, as the house writes it (non-breaking spaces)
LENGTH_COLUMN = 7  # in the exports: after the place


@pytest.fixture
def activities(world):
    """A submitted activity of two and a half hours, and one whose length nobody gave."""
    timed = ActivityFactory(lab=world.lab, title="Workshop om markanvisning", duration_minutes=150,
                            status=Activity.Status.SUBMITTED, date=dt.date(2025, 3, 1))
    untimed = ActivityFactory(lab=world.lab, title="Intervju utan tid", duration_minutes=None,
                              status=Activity.Status.SUBMITTED, date=dt.date(2025, 2, 1))
    return timed, untimed


def length_cells(html: str) -> list[str]:
    """The texts of the table cells labelled with the length (the log and the lab page), in page order."""
    return re.findall(r'<td[^>]*data-label="Längd"[^>]*>(.*?)</td>', html, flags=re.S)


def length_facts(html: str) -> list[str]:
    """The lengths of the activity cards (labs/partials/activity_facts.html), in page order."""
    return re.findall(r"<dt>Längd</dt><dd>(.*?)</dd>", html, flags=re.S)


def page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_one_function_writes_the_length_as_every_page_shows_it():
    assert duration_text(150) == LENGTH


def test_the_activity_log_shows_each_activitys_length_in_its_own_column(client, world, activities):
    html = page(client, world.coordinator, reverse("labs:activity_log"))
    assert '<th scope="col">Längd</th>' in html
    assert length_cells(html) == [LENGTH, "–"]  # newest first; a dash where no length was given


def test_the_lab_page_shows_each_activitys_length(client, world, activities):
    html = page(client, world.lead, reverse("labs:detail", args=[world.lab.pk]))
    assert '<th scope="col">Längd</th>' in html
    assert length_cells(html) == [LENGTH, "–"]


def test_the_review_inbox_card_shows_the_length(client, world, activities):
    html = page(client, world.coordinator, reverse("labs:review"))
    assert sorted(length_facts(html)) == sorted([LENGTH, "–"])
    card = html[html.index(f'id="activity-{activities[0].pk}"'):]
    assert length_facts(card)[0] == LENGTH


def test_the_admin_lists_and_shows_the_length(client, world, activities):
    world.staff.is_superuser = True
    world.staff.save()
    changelist = page(client, world.staff, reverse("admin:labs_activity_changelist"))
    assert re.search(r'<td class="field-length">' + LENGTH + "</td>", changelist)
    change = page(client, world.staff, reverse("admin:labs_activity_change", args=[activities[0].pk]))
    assert re.search(r'<div class="readonly">' + LENGTH + "</div>", change)


def test_the_csv_holds_the_length_in_minutes_under_a_swedish_header(client, world, activities):
    rows = csv_rows(client, world)
    assert rows[0][LENGTH_COLUMN] == "längd i minuter"
    assert rows[0][LENGTH_COLUMN - 1] == "Plats" and rows[0][LENGTH_COLUMN + 1] == "Status"
    assert [row[LENGTH_COLUMN] for row in rows[1:]] == ["150", ""]


def test_the_xlsx_holds_the_length_as_a_number_of_minutes(client, world, activities):
    client.force_login(world.coordinator)
    response = client.get(reverse("labs:activity_log"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][LENGTH_COLUMN] == "längd i minuter"
    assert [row[LENGTH_COLUMN] for row in rows[1:]] == [150, None]  # a number a spreadsheet adds up


def csv_rows(client, world) -> list[list[str]]:
    client.force_login(world.coordinator)
    response = client.get(reverse("labs:activity_log"), {"format": "csv"})
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
