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


def next_meeting(project, today) -> Meeting | None:
    """The project's next steering-group meeting: the first on or after today."""
    return Meeting.objects.next_per_project([project.pk], today).first()


def next_meetings(project_ids, today) -> dict[int, Meeting]:
    """The next meeting of each of the projects that has one, by project id (next_meeting for many). One query,
    none without projects."""
    ids = set(project_ids)
    if not ids:
        return {}
    return {m.project_id: m for m in Meeting.objects.next_per_project(ids, today)}


def agenda_line(text: str) -> str:
    """One agenda item: one line, spaces collapsed (so the same flag compares equal to what is on the agenda)."""
    return " ".join(str(text).split())


@transaction.atomic
def add_to_agenda(meeting: Meeting, text: str, expected_version) -> bool:
    """Append `text` as one line to the meeting's agenda. False (and nothing saved) when the line is already
    there; StaleEdit when the meeting was saved after the person loaded the page."""
    line = agenda_line(text)
    if line in meeting.agenda_list:
        return False
    claim_version(meeting, expected_version)
    meeting.agenda = f"{meeting.agenda.rstrip()}\n{line}" if meeting.agenda.strip() else line
    meeting.full_clean()
    meeting.save()  # through the model: the dashboards' cache hears of it (signals.py)
    return True
