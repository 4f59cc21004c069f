"""Documentation uploads are checked by what the bytes are, not by the name (as labs/attachments.py does for
activity attachments; seminars may not import labs, so the small check is repeated here for documents only)."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = (b"%PDF-", "application/pdf", {".pdf"})
OFFICE = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}


def max_bytes() -> int:
    return settings.SEMINARS_DOCUMENT_MAX_BYTES


def _extension(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_document(upload) -> str:
    """The content type of an acceptable document; ValidationError with a message for the person otherwise."""
    if upload.size > max_bytes():
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s. Save the slides as PDF or make the pictures smaller.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())}, code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    extension = _extension(upload.name)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    magic, content_type, extensions = PDF
    if head.startswith(magic) and extension in extensions:
        return content_type
    if extension in OFFICE and head.startswith(b"PK\x03\x04") and _is_office(upload):
        return OFFICE[extension]
    raise ValidationError(
        _("“%(name)s” is not a document we accept (PDF, PowerPoint, Word, Excel, ODT, ODP), "
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
