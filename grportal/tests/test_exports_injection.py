"""Every CSV and XLSX the portal writes, with text that a spreadsheet would run as a formula in every field a
person types: no cell of the downloaded file is a formula, and the numbers and dates beside them stay numbers
and dates (CSV/formula injection, issue 13)."""

import csv
import datetime as dt
import io
import re
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.tests.factories import OrganisationFactory
from budgets.tests.factories import ActualCostFactory, BudgetFactory, CostLineFactory
from labs.models import Activity, Method, TargetGroupCount
from labs.tests.factories import ActivityFactory
from projects.models import TargetGroup
from seminars.tests.factories import RegistrationFactory, SeminarFactory, SeriesFactory

pytestmark = pytest.mark.django_db

PAYLOADS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]
# What a spreadsheet runs when a cell starts with it (a newline too: an XML reader may turn \r into \n).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
NEGATIVE_NUMBER = re.compile(r"-\d+(,\d+)?")
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


@dataclass
class Export:
    url: str
    fmt: str  # "csv" or "xlsx"
    numbers: list = field(default_factory=list)  # XLSX: numeric cells that must be there; CSV: fields as written
    dates: list = field(default_factory=list)  # XLSX: date cells that must be there; CSV: fields as written
    formats: dict = field(default_factory=dict)  # XLSX: value -> the number format its cells keep


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(dt.datetime(2025, 6, 1, 12, 0, tzinfo=STOCKHOLM), tick=False):
        yield


def budget_outcome_xlsx(world, payload):
    project = world.project
    project.title = payload
    project.save()
    organisation = OrganisationFactory(name=payload)
    budget = BudgetFactory(project=project, name=payload)
    CostLineFactory(budget=budget, organisation=organisation, amount=D("100000.00"))
    ActualCostFactory(project=project, organisation=organisation, date=dt.date(2025, 3, 1), amount=D("1234.50"))
    municipality = world.lab.municipality
    municipality.name = payload + " kommun"
    municipality.save()
    ActivityFactory(lab=world.lab, date=dt.date(2025, 2, 1), status=Activity.Status.SUBMITTED,
                    co_financed_hours=D("10.50"))
    return Export(reverse("budgets:outcome_export", args=[project.pk]), "xlsx",
                  numbers=[100000, 1234.5, 10.5], dates=[dt.datetime(2025, 6, 1)],
                  formats={1234.5: '#,##0.00 "kr"', dt.datetime(2025, 6, 1): "yyyy-mm-dd"})


def _activity(world, payload):
    lab = world.lab
    lab.name = payload
    lab.save()
    lab.methods.set([Method.objects.create(name=payload)])
    lab.municipality.name = payload + " kommun"
    lab.municipality.save()
    activity = ActivityFactory(lab=lab, title=payload, place=payload, lessons=payload, date=dt.date(2025, 3, 1),
                               participants_total=12, co_financed_hours=D("24.50"))
    group = TargetGroup.objects.create(project=world.project, name=payload)
    TargetGroupCount.objects.create(activity=activity, target_group=group, count=3)


def activity_log_csv(world, payload):
    _activity(world, payload)
    return Export(reverse("labs:activity_log") + "?format=csv", "csv", numbers=["12", "24,50"],
                  dates=["2025-03-01"])


def activity_log_xlsx(world, payload):
    _activity(world, payload)
    return Export(reverse("labs:activity_log") + "?format=xlsx", "xlsx", numbers=[12, 24.5],
                  dates=[dt.datetime(2025, 3, 1)])


def _seminar(world, payload):
    start = timezone.make_aware(dt.datetime(2025, 9, 18, 13, 0))
    seminar = SeminarFactory(project=world.project, series=SeriesFactory(title=payload), title=payload,
                             starts_at=start, ends_at=start + dt.timedelta(hours=3), food_served=True)
    RegistrationFactory(seminar=seminar, name=payload, email=payload + "@example.se", organisation=payload,
                        dietary_needs=payload, accessibility_needs=payload,
                        attended_at=timezone.make_aware(dt.datetime(2025, 9, 18, 12, 57)))
    return seminar


def registrations_csv(world, payload):
    seminar = _seminar(world, payload)
    return Export(reverse("seminars:registrations", args=[seminar.pk]) + "?export=csv", "csv",
                  dates=["2025-09-18 12:57"])


def registrations_xlsx(world, payload):
    seminar = _seminar(world, payload)
    return Export(reverse("seminars:registrations", args=[seminar.pk]) + "?export=xlsx", "xlsx",
                  dates=[dt.datetime(2025, 9, 18, 12, 57)])


def catering_csv(world, payload):
    seminar = _seminar(world, payload)
    return Export(reverse("seminars:catering", args=[seminar.pk]) + "?export=csv", "csv", numbers=["1"],
                  dates=["2025-09-18 13:00"])


EXPORTS = [budget_outcome_xlsx, activity_log_csv, activity_log_xlsx, registrations_csv, registrations_xlsx,
           catering_csv]


def csv_fields(content: bytes) -> list[str]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    return [value for row in csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";") for value in row]


def check_csv(content: bytes, payload: str, export: Export):
    values = csv_fields(content)
    for value in values:
        # Only a number may start with a minus; everything else that would run is prefixed with an apostrophe.
        assert not value.startswith(FORMULA_START) or NEGATIVE_NUMBER.fullmatch(value), repr(value)
    assert any(value.startswith("'" + payload.lstrip()) or value.startswith("'" + payload) for value in values)
    for expected in export.numbers + export.dates:
        assert expected in values


def check_xlsx(content: bytes, payload: str, export: Export):
    workbook = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    for cell in cells:
        assert cell.data_type != "f", f"{cell.coordinate}: {cell.value!r} is a formula"
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
            # A text that looks like a formula, stored as text and marked so that editing it keeps it text.
            assert cell.data_type == "s" and cell.quotePrefix, f"{cell.coordinate}: {cell.value!r} is not neutralised"
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    tail = payload[1:]  # a tab or a carriage return may come back as another kind of white space
    assert any(text.lstrip("'")[1:].startswith(tail) for text in texts), f"{payload!r} never reached the file"
    numbers = [cell.value for cell in cells if cell.data_type == "n" and cell.value is not None]
    dates = [cell.value for cell in cells if cell.is_date]
    for expected in export.numbers:
        assert expected in numbers
    for expected in export.dates:
        assert expected in dates
    for value, number_format in export.formats.items():
        assert {cell.number_format for cell in cells if cell.value == value} == {number_format}


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("build", EXPORTS, ids=lambda build: build.__name__)
def test_no_cell_of_any_export_runs_as_a_formula(client, world, build, payload):
    export = build(world, payload)
    client.force_login(world.coordinator)
    response = client.get(export.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    if export.fmt == "csv":
        assert response["Content-Type"].startswith("text/csv")
        check_csv(response.content, payload, export)
    else:
        assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
        check_xlsx(response.content, payload, export)


@pytest.mark.parametrize("build", [activity_log_xlsx, registrations_xlsx], ids=lambda build: build.__name__)
def test_a_control_character_pasted_into_a_text_does_not_break_the_xlsx(client, world, build):
    """openpyxl refuses the control characters XML cannot hold (a vertical tab pasted from Word): dropped."""
    export = build(world, "Ada\x0bAndersson")
    client.force_login(world.coordinator)
    response = client.get(export.url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "AdaAndersson" in [cell.value for row in sheet.iter_rows() for cell in row]
