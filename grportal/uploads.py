"""The one upload check: a file is judged by what its bytes are, not by its name (a renamed .exe is not a photo),
and by its size. Each caller says what it allows in an `UploadPolicy` (labs: photos and documents on an activity,
seminars: documentation such as slides); infrastructure, so it imports no app of ours."""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class FileType:
    """One kind of file accepted: the bytes it starts with (None for an Office/OpenDocument file, which is a zip
    checked for its manifest), the content type it is stored with and the names it may have."""

    content_type: str
    extensions: tuple[str, ...]
    magic: bytes | None = None
    kind: str = "document"


JPEG = FileType("image/jpeg", (".jpg", ".jpeg"), b"\xff\xd8\xff", kind="photo")
PNG = FileType("image/png", (".png",), b"\x89PNG\r\n\x1a\n", kind="photo")
PDF = FileType("application/pdf", (".pdf",), b"%PDF-")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
PPTX = FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",))
ODT = FileType("application/vnd.oasis.opendocument.text", (".odt",))
ODP = FileType("application/vnd.oasis.opendocument.presentation", (".odp",))


@dataclass(frozen=True)
class UploadPolicy:
    """What one caller accepts: the file types, the setting that holds the largest size in bytes (read at each check,
    so tests may change it), and the caller's own words for a file too large (`%(size)s`, `%(limit)s`) and for one
    of the wrong type (`%(name)s`), lazily translated."""

    types: tuple[FileType, ...]
    max_bytes_setting: str
    too_large_message: str
    bad_type_message: str

    def max_bytes(self) -> int:
        return getattr(settings, self.max_bytes_setting)

    @property
    def accept(self) -> str:
        """The `accept` attribute of the file input: a hint for the phone's file picker (the server checks anyway)."""
        images = [t.content_type for t in self.types if t.content_type.startswith("image/")]
        return ",".join(images + [extension for t in self.types for extension in t.extensions])

    def check(self, upload) -> FileType:
        """The type of an acceptable upload; ValidationError with a message for the person otherwise."""
        limit = self.max_bytes()
        if upload.size > limit:
            raise ValidationError(
                str(self.too_large_message) % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="too_large",
            )
        if upload.size == 0:
            raise ValidationError(_("The file is empty."), code="empty")
        extension = _extension(upload.name)
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        for file_type in self.types:
            if extension not in file_type.extensions:
                continue
            if file_type.magic is not None and head.startswith(file_type.magic):
                return file_type
            if file_type.magic is None and head.startswith(ZIP_MAGIC) and _is_office(upload):
                return file_type
        raise ValidationError(str(self.bad_type_message) % {"name": upload.name}, code="bad_type")


def _extension(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _is_office(upload) -> bool:
    """An Office Open XML or OpenDocument file: a zip with its manifest ([Content_Types].xml or mimetype)."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names or "mimetype" in names
