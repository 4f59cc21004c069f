"""All writes to meetings and decisions: atomic, validated, refused when based on an older version (StaleEdit)."""

from django.db import transaction

from grportal.locking import claim_version

from .models import Decision, Meeting


@transaction.atomic
def meeting_create(meeting: Meeting, user) -> Meeting:
    meeting.created_by = user
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(meeting: Meeting, expected_version) -> Meeting:
    meeting.full_clean()
    claim_version(meeting, expected_version)
    meeting.save()  # through the model: the dashboards' cache hears of it (signals.py)
    return meeting


@transaction.atomic
def decision_create(decision: Decision) -> Decision:
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def decision_update(decision: Decision, expected_version) -> Decision:
    decision.full_clean()
    claim_version(decision, expected_version)
    decision.save()
    return decision
