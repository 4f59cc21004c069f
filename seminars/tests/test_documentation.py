"""Slides and notes attached by organisers: checked by content, stored privately, downloaded per permission."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from seminars.models import Documentation
from seminars.tests.factories import SeminarFactory
from seminars.tests.utils import sv

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pptx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p/>")
    return buffer.getvalue()


@pytest.fixture
def seminar(world):
    return SeminarFactory(project=world.project)


def upload(client, seminar, name, content, public=False):
    data = {"file": SimpleUploadedFile(name, content)}
    if public:
        data["is_public"] = "on"
    return client.post(reverse("seminars:documentation", args=[seminar.pk]), data)


@pytest.mark.parametrize(("name", "content", "content_type"), [
    ("bilder.pdf", PDF, "application/pdf"),
    ("bilder.pptx", pptx_bytes(), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
])
def test_an_organiser_uploads_slides_which_are_stored_privately(client, world, seminar, settings, name, content,
                                                                 content_type):
    client.force_login(world.coordinator)
    assert upload(client, seminar, name, content).status_code == 302
    doc = Documentation.objects.get()
    assert (doc.name, doc.content_type, doc.size, doc.is_public) == (name, content_type, len(content), False)
    assert doc.file.name.startswith(f"private/seminars/{seminar.pk}/")
    assert Path(settings.MEDIA_ROOT, doc.file.name).read_bytes() == content


@pytest.mark.parametrize(("name", "content"), [
    ("virus.pdf", b"MZ\x90\x00 a renamed program"),
    ("bilder.pptx", b"PK\x03\x04 not really a zip"),
    ("bild.png", b"\x89PNG\r\n\x1a\n photos of people are not documentation"),
    ("tom.pdf", b""),
])
def test_a_file_that_is_not_a_document_is_refused_with_a_message(client, world, seminar, name, content):
    client.force_login(world.coordinator)
    response = upload(client, seminar, name, content)
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert not Documentation.objects.exists()


@override_settings(SEMINARS_DOCUMENT_MAX_BYTES=100)
def test_a_file_over_the_size_limit_is_refused(client, world, seminar):
    client.force_login(world.coordinator)
    response = upload(client, seminar, "stor.pdf", PDF + b"x" * 200)
    assert response.status_code == 400
    assert "100" in response.content.decode()
    assert not Documentation.objects.exists()


def test_a_private_document_goes_only_to_the_organisers(client, world, seminar):
    client.force_login(world.coordinator)
    upload(client, seminar, "anteckningar.pdf", PDF)
    url = reverse("seminars:document_download", args=[Documentation.objects.get().pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    for person in (world.steering, world.lead, world.outsider):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/konto/login/")
    assert sv("anteckningar.pdf") not in client.get(reverse("seminars:public", args=[seminar.pk])).content.decode()


def test_a_public_document_is_listed_on_the_public_page_and_downloadable_by_anyone(client, world, seminar):
    client.force_login(world.coordinator)
    upload(client, seminar, "bilder.pdf", PDF, public=True)
    doc = Documentation.objects.get()
    client.logout()
    assert "bilder.pdf" in client.get(reverse("seminars:public", args=[seminar.pk])).content.decode()
    assert client.get(reverse("seminars:document_download", args=[doc.pk])).status_code == 200


def test_the_organiser_makes_a_document_private_again_and_deletes_it(client, world, seminar, settings,
                                                                    django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    upload(client, seminar, "bilder.pdf", PDF, public=True)
    doc = Documentation.objects.get()
    client.post(reverse("seminars:document_publish", args=[doc.pk]), {"public": "0"})
    doc.refresh_from_db()
    assert doc.is_public is False
    path = Path(settings.MEDIA_ROOT, doc.file.name)
    client.force_login(world.steering)
    assert client.post(reverse("seminars:document_delete", args=[doc.pk])).status_code == 404
    assert client.post(reverse("seminars:document_publish", args=[doc.pk]), {"public": "1"}).status_code == 404
    assert path.exists()
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("seminars:document_delete", args=[doc.pk]))
    assert not Documentation.objects.exists()
    assert not path.exists()
