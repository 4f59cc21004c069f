"""Writes of standalone lessons learned (labs.Lesson): record, change, delete. Keyword-only, atomic, full_clean()
first; a change or a deletion based on an older version is refused with StaleEdit (grportal.locking)."""

from django.db import transaction

from grportal.locking import claim_version

from .models import Lesson

# What a lesson form may set (the project and lab say where it belongs; created_by is the person recording it).
LESSON_FIELDS = ("project", "lab", "title", "text", "effect", "themes", "contact_name", "contact_organisation",
                 "contact_email", "recorded_on")


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - set(LESSON_FIELDS)
    if unknown:
        raise TypeError(f"Not a lesson field: {', '.join(sorted(unknown))}")


@transaction.atomic
def lesson_create(*, created_by, **fields) -> Lesson:
    """Record a lesson learned outside any activity, with the contact person who still knows the matter."""
    _check_fields(fields)
    lesson = Lesson(created_by=created_by, **fields)
    lesson.full_clean()
    lesson.save()
    return lesson


@transaction.atomic
def lesson_update(*, lesson: Lesson, expected_version: int | None = None, **fields) -> Lesson:
    """Change a lesson; StaleEdit if someone saved it since the form was opened."""
    _check_fields(fields)
    for name, value in fields.items():
        setattr(lesson, name, value)
    lesson.full_clean()
    claim_version(lesson, expected_version)
    lesson.save()
    return lesson


@transaction.atomic
def lesson_delete(*, lesson: Lesson, expected_version: int | None = None) -> None:
    """Delete a lesson; StaleEdit if it was changed (or deleted) since the page asking to delete it was opened."""
    claim_version(lesson, expected_version)
    lesson.delete()
