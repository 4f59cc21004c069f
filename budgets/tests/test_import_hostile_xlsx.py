"""A ledger workbook whose XML declares a document type (entities: expansion, a file read from the server) is
refused next to the file field, in Swedish, and nothing is stored: never an error page."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from budgets.models import ImportBatch

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"
DOCTYPES = {
    "external entity": ('<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;"),
    "entity expansion": ('<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
                         "&b;"),
    "bare doctype": ("<!DOCTYPE worksheet>", "Ale"),
}


def ledger_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Datum", "Kategori", "Organisation", "Belopp"])
    sheet.append(["2025-05-02", "Resor", "Ale", 100])
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()


def with_doctype(xlsx: bytes, part: str, doctype: str, organisation: str) -> bytes:
    """The same .xlsx zip with a DOCTYPE after the XML declaration (if any) of one part (and, in the sheet, the
    organisation cell replaced by an entity reference)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == part:
                text = data.decode()
                declaration_end = text.index("?>") + 2 if text.startswith("<?xml") else 0
                text = text[:declaration_end] + doctype + text[declaration_end:]
                data = text.replace(">Ale<", f">{organisation}<").encode()
            target.writestr(info, data)
    return out.getvalue()


def upload(client, project, content):
    return client.post(reverse("budgets:import_upload", args=[project.pk]),
                       {"file": SimpleUploadedFile("huvudbok.xlsx", content)})


@pytest.mark.parametrize("kind", DOCTYPES)
def test_a_ledger_workbook_with_a_dtd_is_refused_in_swedish_next_to_the_file_field(client, world, kind):
    doctype, organisation = DOCTYPES[kind]
    hostile = with_doctype(ledger_workbook(), SHEET, doctype, organisation)
    assert zipfile.ZipFile(io.BytesIO(hostile)).testzip() is None  # a real, intact .xlsx zip
    client.force_login(world.coordinator)

    response = upload(client, world.project, hostile)  # the portal speaks Swedish unless asked otherwise

    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert errors[0].startswith("Filen går inte att läsa som en Excel-arbetsbok"), errors
    assert "Filen går inte att läsa som en Excel-arbetsbok" in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("part", ["xl/workbook.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels"])
def test_a_dtd_in_any_part_of_the_workbook_is_refused(client, world, part):
    client.force_login(world.coordinator)

    response = upload(client, world.project,
                      with_doctype(ledger_workbook(), part, '<!DOCTYPE x [<!ENTITY y "z">]>', "Ale"))

    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert not ImportBatch.objects.exists()


def test_the_same_workbook_without_a_dtd_is_read(client, world):
    from accounts.models import Organisation

    Organisation.objects.get_or_create(name="Ale", defaults={"kind": Organisation.Kind.MUNICIPALITY})
    client.force_login(world.coordinator)

    response = upload(client, world.project, ledger_workbook())

    assert response.status_code == 302
    assert ImportBatch.objects.get().rows[0]["values"]["organisation"] == "Ale"
