"""Importing a ledger export: every row checked and shown, nothing booked until confirmed, all or nothing."""

import datetime as dt
import io
from decimal import Decimal as D
from unittest import mock

import pytest
from django.db import IntegrityError
from django.urls import reverse
from openpyxl import Workbook

from budgets import ledger, services
from budgets.models import ActualCost, CostLine, ImportBatch
from budgets.tests.factories import BudgetFactory

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "datum;kategori;organisation;beskrivning;belopp\n"
    "2025-03-31;Personnel;Ale;Lön projektledare;104 130,00\n"
    "2025-04-12;travel;Ale;Resor;1234.50\n"
)


@pytest.fixture
def ale():
    from accounts.models import Organisation

    ale, _ = Organisation.objects.get_or_create(name="Ale", defaults={"kind": Organisation.Kind.MUNICIPALITY})
    Organisation.objects.filter(org_number="212000-1355").exclude(pk=ale.pk).update(org_number="")
    ale.org_number = "212000-1355"
    ale.save()
    return ale


def upload(client, project, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("budgets:import_upload", args=[project.pk]),
                       {"file": SimpleUploadedFile(name, content)})


def test_a_good_csv_is_previewed_then_booked_on_confirmation(client, world, ale):
    client.force_login(world.coordinator)
    response = upload(client, world.project, "huvudbok.csv", GOOD_CSV.encode())
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert not ActualCost.objects.exists()  # nothing booked by the upload
    page = client.get(response.url)
    assert page.status_code == 200
    assert "104\u00a0130,00\u00a0kr" in page.content.decode()
    response = client.post(response.url)
    assert response.status_code == 302
    costs = sorted(ActualCost.objects.values_list("date", "category", "organisation__name", "amount"))
    assert costs == [
        (dt.date(2025, 3, 31), CostLine.Category.PERSONNEL, "Ale", D("104130.00")),
        (dt.date(2025, 4, 12), CostLine.Category.TRAVEL, "Ale", D("1234.50")),
    ]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    # confirming twice books nothing more
    again = client.post(reverse("budgets:import_preview", args=[world.project.pk, batch.pk]))
    assert again.status_code == 400
    assert ActualCost.objects.count() == 2


def test_bad_rows_are_refused_with_their_reason_and_nothing_is_booked(client, world, ale):
    bad = (
        "datum;kategori;organisation;belopp\n"
        "2025-03-31;Personnel;Ale;100,00\n"
        "31/3/2025;Personnel;Ale;100,00\n"          # date format
        "2025-03-31;Snacks;Ale;100,00\n"            # category
        "2025-03-31;travel;Ingen kommun;100,00\n"   # organisation
        "2025-03-31;travel;Ale;12,345\n"            # amount below öre
        "2027-01-01;travel;212000-1355;100\n"       # outside the project period (by org-number)
    )
    client.force_login(world.coordinator)
    response = upload(client, world.project, "bad.csv", bad.encode())
    batch = ImportBatch.objects.get()
    reasons = [row["error"] for row in batch.rows]
    assert reasons[0] == ""
    assert "-MM-DD" in reasons[1]  # YYYY-MM-DD, in Swedish ÅÅÅÅ-MM-DD
    assert "Snacks" in reasons[2]
    assert "Ingen kommun" in reasons[3]
    assert "12,345" in reasons[4]
    assert "2027-01-01" in reasons[5]
    page = client.get(response.url).content.decode()
    assert "5 rows cannot be imported" in page or "5 rader" in page
    assert client.post(response.url).status_code == 400
    assert not ActualCost.objects.exists()


def test_an_xlsx_export_reads_like_the_csv(client, world, ale):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Datum", "Kategori", "Organisation", "Beskrivning", "Belopp"])
    sheet.append([dt.datetime(2025, 5, 2), "Resor", "Ale", "Tåg", 1234.5])
    sheet.append([dt.date(2025, 5, 3), "Lokaler", "ale", "Hyra", 50000])
    data = io.BytesIO()
    workbook.save(data)
    client.force_login(world.coordinator)
    response = upload(client, world.project, "huvudbok.xlsx", data.getvalue())
    batch = ImportBatch.objects.get()
    assert [row["error"] for row in batch.rows] == ["", ""], batch.rows
    client.post(response.url)
    assert sorted(ActualCost.objects.values_list("amount", flat=True)) == [D("1234.50"), D("50000.00")]


def test_a_file_that_is_not_a_ledger_is_refused_next_to_the_field(client, world):
    client.force_login(world.coordinator)
    response = upload(client, world.project, "notes.csv", b"hello;world\n1;2\n")
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    response = upload(client, world.project, "broken.xlsx", b"not a zip")
    assert response.status_code == 400
    response = upload(client, world.project, "image.png", b"\x89PNG")
    assert response.status_code == 400
    assert not ImportBatch.objects.exists()


def test_a_failure_half_way_leaves_nothing_booked(world, ale):
    rows = ledger.check_rows(ledger.read_rows("l.csv", GOOD_CSV.encode()), project=world.project,
                             organisations=[ale])
    batch = services.import_preview(project=world.project, file_name="l.csv", rows=rows, user=world.coordinator)
    with mock.patch("budgets.services.ImportBatch.save", side_effect=IntegrityError("disk full")):
        with pytest.raises(IntegrityError):
            services.import_confirm(batch=batch, user=world.coordinator)
    assert not ActualCost.objects.exists()
    assert ImportBatch.objects.get().status == ImportBatch.Status.PREVIEW


def test_only_editors_may_import(client, world, ale):
    BudgetFactory(project=world.project)
    for person, expected in [(world.steering, 403), (world.funder, 404), (world.lead, 404), (world.outsider, 404)]:
        client.force_login(person)
        assert upload(client, world.project, "l.csv", GOOD_CSV.encode()).status_code == expected
    assert not ImportBatch.objects.exists()
    client.force_login(world.coordinator)
    upload(client, world.project, "l.csv", GOOD_CSV.encode())
    batch = ImportBatch.objects.get()
    client.force_login(world.steering)
    assert client.post(reverse("budgets:import_preview", args=[world.project.pk, batch.pk])).status_code == 403
    assert not ActualCost.objects.exists()


@pytest.mark.parametrize(("text", "amount"), [
    ("1 234,50", D("1234.50")), ("1\u00a0234,50 kr", D("1234.50")), ("1.234,50", D("1234.50")),
    ("−250", D("-250")), ("1234.5", D("1234.5")), (1234.5, D("1234.5")), (7, D("7")),
])
def test_amounts_in_swedish_and_plain_notation(text, amount):
    assert ledger._amount(text) == amount


def test_a_row_that_no_longer_passes_stops_the_whole_import_with_a_reason(client, world, ale):
    # Two good rows at upload; the second is then changed (a category the portal no longer has). Confirming
    # books neither, says which row, and is not a server error.
    rows = ledger.check_rows(ledger.read_rows("l.csv", GOOD_CSV.encode()), project=world.project,
                             organisations=[ale])
    rows[1]["values"]["category"] = "snacks"
    batch = services.import_preview(project=world.project, file_name="l.csv", rows=rows, user=world.coordinator)
    client.force_login(world.coordinator)
    response = client.post(reverse("budgets:import_preview", args=[world.project.pk, batch.pk]))
    assert response.status_code == 400
    assert "3" in response.context["error"]  # the file's line 3 (line 1 is the header)
    assert not ActualCost.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW


def test_finance_support_imports_and_books_by_hand(client, world, ale):
    from budgets.tests.factories import FinanceSupportFactory

    client.force_login(FinanceSupportFactory(project=world.project).user)
    assert client.get(reverse("budgets:outcome", args=[world.project.pk])).status_code == 200
    response = upload(client, world.project, "l.csv", GOOD_CSV.encode())
    assert response.status_code == 302
    assert client.post(response.url).status_code == 302
    # 104 130.00 + 1 234.50 = 105 364.50 booked from the file
    assert sum(ActualCost.objects.values_list("amount", flat=True)) == D("105364.50")
    response = client.post(reverse("budgets:actual_new", args=[world.project.pk]), {
        "date": "2025-05-05", "category": "travel", "organisation": ale.pk, "amount": "0,50"})
    assert response.status_code == 302
    assert sum(ActualCost.objects.values_list("amount", flat=True)) == D("105365.00")
    # finance support on another project: the outcome does not exist for them
    client.force_login(FinanceSupportFactory().user)
    assert upload(client, world.project, "l.csv", GOOD_CSV.encode()).status_code == 404
