"""The one upload check (grportal/uploads.py), on its own: a policy accepts a file by its bytes and its name together,
within the size in its setting, and says why it refuses in the caller's words."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from grportal import uploads

TOO_LARGE = "%(size)s is over %(limit)s"
BAD_TYPE = "%(name)s is not accepted"
PHOTOS_AND_DOCUMENTS = uploads.UploadPolicy(
    types=(uploads.JPEG, uploads.PNG, uploads.PDF, uploads.DOCX, uploads.ODT),
    max_bytes_setting="TEST_UPLOAD_MAX_BYTES", too_large_message=TOO_LARGE, bad_type_message=BAD_TYPE,
)
DOCUMENTS = uploads.UploadPolicy(
    types=(uploads.PDF, uploads.PPTX, uploads.ODP),
    max_bytes_setting="TEST_UPLOAD_MAX_BYTES", too_large_message=TOO_LARGE, bad_type_message=BAD_TYPE,
)

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
PDF = b"%PDF-1.7\n%%EOF\n"


def zipped(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


OOXML = zipped("[Content_Types].xml", "word/document.xml")
OPENDOCUMENT = zipped("mimetype", "content.xml")


@pytest.fixture(autouse=True)
def limit(settings):
    settings.TEST_UPLOAD_MAX_BYTES = 1000
    return settings


def check(policy, name, content):
    upload = SimpleUploadedFile(name, content)
    file_type = policy.check(upload)
    assert upload.tell() == 0, "the check leaves the file at its start, ready to be stored"
    return file_type


@pytest.mark.parametrize(("name", "content", "content_type", "kind"), [
    ("tavla.jpg", JPEG, "image/jpeg", "photo"),
    ("TAVLA.JPEG", JPEG, "image/jpeg", "photo"),
    ("tavla.png", PNG, "image/png", "photo"),
    ("anteckningar.pdf", PDF, "application/pdf", "document"),
    ("program.docx", OOXML, uploads.DOCX.content_type, "document"),
    ("program.odt", OPENDOCUMENT, uploads.ODT.content_type, "document"),
])
def test_a_file_whose_bytes_match_its_name_is_accepted_with_its_type(name, content, content_type, kind):
    file_type = check(PHOTOS_AND_DOCUMENTS, name, content)
    assert (file_type.content_type, file_type.kind) == (content_type, kind)


@pytest.mark.parametrize(("name", "content"), [
    ("bild.png", b"MZ\x90\x00\x03" + b"\x00" * 64),  # a program renamed to a photo
    ("bild.jpg", PDF),  # a PDF named as a photo
    ("bild.png", JPEG),  # a photo of the other kind
    ("rapport.docx", zipped("virus.js")),  # a zip that is not an Office document
    ("rapport.docx", b"PK\x03\x04 not really a zip"),
    ("rapport.pdf", OOXML),
    ("rapport", PDF),  # no extension
    ("bilder.pptx", zipped("[Content_Types].xml")),  # an Office type this policy does not take
])
def test_a_file_whose_bytes_do_not_match_an_allowed_name_is_refused_naming_it(name, content):
    with pytest.raises(ValidationError) as refused:
        check(PHOTOS_AND_DOCUMENTS, name, content)
    assert refused.value.code == "bad_type"
    assert refused.value.messages == [BAD_TYPE % {"name": name}]


def test_each_policy_takes_only_its_own_types():
    assert check(DOCUMENTS, "bilder.odp", OPENDOCUMENT).content_type == uploads.ODP.content_type
    with pytest.raises(ValidationError):
        check(DOCUMENTS, "bild.png", PNG)
    with pytest.raises(ValidationError):
        check(PHOTOS_AND_DOCUMENTS, "bilder.odp", OPENDOCUMENT)


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as refused:
        check(DOCUMENTS, "tom.pdf", b"")
    assert refused.value.code == "empty"


def test_the_size_limit_is_read_from_the_setting_at_each_check(limit):
    assert check(DOCUMENTS, "precis.pdf", PDF + b"x" * (1000 - len(PDF))).content_type == "application/pdf"
    with pytest.raises(ValidationError) as refused:
        check(DOCUMENTS, "stor.pdf", PDF + b"x" * 2000)
    assert refused.value.code == "too_large"
    assert "1000" in refused.value.messages[0].replace("\xa0", "").replace(" ", "")
    limit.TEST_UPLOAD_MAX_BYTES = 5000
    assert check(DOCUMENTS, "stor.pdf", PDF + b"x" * 2000).content_type == "application/pdf"


def test_the_file_picker_hint_lists_the_image_types_then_every_extension():
    assert PHOTOS_AND_DOCUMENTS.accept == "image/jpeg,image/png,.jpg,.jpeg,.png,.pdf,.docx,.odt"
    assert DOCUMENTS.accept == ".pdf,.pptx,.odp"


def test_the_apps_policies_are_what_their_pages_promise():
    from labs.models import Attachment
    from seminars.models import Documentation

    assert Attachment.UPLOADS.accept == "image/jpeg,image/png,.jpg,.jpeg,.png,.pdf,.docx,.xlsx,.pptx,.odt"
    assert Attachment.UPLOADS.max_bytes_setting == "LABS_ATTACHMENT_MAX_BYTES"
    assert Documentation.UPLOADS.accept == ".pdf,.pptx,.docx,.xlsx,.odt,.odp"
    assert Documentation.UPLOADS.max_bytes_setting == "SEMINARS_DOCUMENT_MAX_BYTES"
