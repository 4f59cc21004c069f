"""All writes to meetings and decisions: atomic, validated, refused when based on an older version."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .models import Decision, Meeting

def _save_versioned(instance, expected_version, fields):
    model = type(instance)
    if expected_version is None:
        raise ValidationError(_("The form is missing its version. Reload the page and try again."))
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **{name: getattr(instance, name) for name in fields})
    if not updated:
        raise ValidationError(_("Someone else saved this in the meantime. Reload the page to see their "
                                "changes, then make yours again."))
    instance.version = expected_version + 1
    # update() sends no signal: tell the dashboards' cache explicitly.
    from .selectors import bump_generation

    bump_generation()
    transaction.on_commit(bump_generation)
    return instance


MEETING_FIELDS = ["project", "date", "title", "attendees", "agenda", "notes"]
DECISION_FIELDS = ["text", "status", "responsible", "due_date", "project", "work_package", "budget"]


@transaction.atomic
def meeting_create(meeting: Meeting, user) -> Meeting:
    meeting.created_by = user
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(meeting: Meeting, expected_version) -> Meeting:
    meeting.full_clean()
    return _save_versioned(meeting, expected_version, MEETING_FIELDS)


@transaction.atomic
def decision_create(decision: Decision) -> Decision:
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def decision_update(decision: Decision, expected_version) -> Decision:
    decision.full_clean()
    return _save_versioned(decision, expected_version, DECISION_FIELDS)
