"""Attachments: checked by content and size, stored privately under MEDIA_ROOT, and downloaded only by
people who may see the lab."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grportal.testing.html import field_block
from labs.models import Activity, Attachment
from labs.tests.factories import ACTIVITY_FORM, PNG, ActivityFactory, AttachmentFactory

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def post_with_file(client, world, upload):
    client.force_login(world.lead)
    return client.post(reverse("labs:activity_new", args=[world.lab.pk]), {**ACTIVITY_FORM, "attachment": upload})


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("tavla.png", PNG, "photo"), ("anteckningar.pdf", PDF, "document"), ("program.docx", docx(), "document"),
])
def test_a_photo_or_document_is_stored_privately_with_the_activity(client, world, name, content, kind):
    response = post_with_file(client, world, SimpleUploadedFile(name, content, content_type="whatever/claimed"))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.name, attachment.size) == (kind, name, len(content))
    path = attachment.file.path
    assert path.startswith(str(settings.MEDIA_ROOT / "private" / "labs"))
    with open(path, "rb") as stored:
        assert stored.read() == content


def test_a_program_renamed_to_a_photo_is_refused_and_nothing_typed_is_lost(client, world):
    disguised = SimpleUploadedFile("bild.png", b"MZ\x90\x00\x03" + b"\x00" * 64, content_type="image/png")
    response = post_with_file(client, world, disguised)
    assert response.status_code == 400
    assert not Activity.objects.exists() and not Attachment.objects.exists()
    html = response.content.decode()
    assert "bild.png" in field_block(html, "attachment") and "errorlist" in field_block(html, "attachment")
    assert 'value="Workshop om markanvisning"' in field_block(html, "title")


def test_a_pdf_named_as_a_photo_is_refused(client, world):
    response = post_with_file(client, world, SimpleUploadedFile("bild.jpg", PDF))
    assert response.status_code == 400
    assert not Attachment.objects.exists()


def test_a_zip_that_is_not_an_office_document_is_refused(client, world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.js", "alert(1)")
    assert post_with_file(client, world, SimpleUploadedFile("rapport.docx", buffer.getvalue())).status_code == 400


def test_an_oversized_file_is_refused_with_the_limit_in_the_message(client, world, settings):
    settings.LABS_ATTACHMENT_MAX_BYTES = 1000
    response = post_with_file(client, world, SimpleUploadedFile("stor.png", PNG + b"\x00" * 2000))
    assert response.status_code == 400
    assert not Attachment.objects.exists()
    assert "1000" in field_block(response.content.decode(), "attachment").replace("\xa0", " ").replace(" ", "")
    assert 'value="Workshop om markanvisning"' in field_block(response.content.decode(), "title")
    assert 'value="12"' in field_block(response.content.decode(), "participants_total")


def test_the_lab_lead_downloads_an_attachment(client, world):
    attachment = AttachmentFactory(activity=ActivityFactory(lab=world.lab))
    client.force_login(world.lead)
    response = client.get(reverse("labs:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("role", ["other_lead", "funder", "reference", "outsider"])
def test_people_who_may_not_see_the_lab_get_404_for_its_attachments(client, world, role):
    attachment = AttachmentFactory(activity=ActivityFactory(lab=world.lab))
    client.force_login(getattr(world, role))
    assert client.get(reverse("labs:attachment_download", args=[attachment.pk])).status_code == 404


def test_attachments_are_listed_on_the_lab_page(client, world):
    attachment = AttachmentFactory(activity=ActivityFactory(lab=world.lab), name="whiteboard.png")
    client.force_login(world.lead)
    html = client.get(reverse("labs:detail", args=[world.lab.pk])).content.decode()
    assert reverse("labs:attachment_download", args=[attachment.pk]) in html and "whiteboard.png" in html


def test_the_file_picker_suggests_the_accepted_types(client, world):
    client.force_login(world.lead)
    html = client.get(reverse("labs:activity_new", args=[world.lab.pk])).content.decode()
    assert 'accept="image/jpeg,image/png,' in field_block(html, "attachment")
