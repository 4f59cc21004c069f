"""Uploads are checked by what the bytes are, not by the name: a renamed .exe is not a photo."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# (magic prefix, content type, kind, extensions accepted for it)
SIGNATURES = [
    (b"\xff\xd8\xff", "image/jpeg", "photo", {".jpg", ".jpeg"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", "photo", {".png"}),
    (b"%PDF-", "application/pdf", "document", {".pdf"}),
]
OFFICE = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
}


def max_bytes() -> int:
    return getattr(settings, "LABS_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def _extension(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(upload) -> tuple[str, str]:
    """(kind, content type) of an acceptable upload; ValidationError with a message for the person otherwise."""
    if upload.size > max_bytes():
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s. Make it smaller (a photo can be resized).")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())}, code="too_large",
        )
    extension = _extension(upload.name)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type, kind, extensions in SIGNATURES:
        if head.startswith(magic):
            if extension not in extensions:
                break
            return kind, content_type
    else:
        if extension in OFFICE and head.startswith(b"PK\x03\x04") and _is_office(upload):
            return "document", OFFICE[extension]
    raise ValidationError(
        _("“%(name)s” is not a photo (JPEG, PNG) or a document (PDF, Word, Excel, PowerPoint, ODT), "
          "or its content does not match its name.") % {"name": upload.name}, code="bad_type",
    )


def _is_office(upload) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names or "mimetype" in names
