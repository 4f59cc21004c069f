"""The steering group's open decisions and latest meeting."""

from django.db.models import Q
from django.urls import reverse

from ..models import Decision, Meeting


def _decision_dict(decision: Decision) -> dict:
    return {
        "pk": decision.pk, "text": decision.text, "status": decision.status,
        "status_label": decision.get_status_display(), "due_date": decision.due_date,
        "responsible": decision.responsible,
        "meeting_id": decision.meeting_id, "meeting_date": decision.meeting.date,
        "meeting_title": str(decision.meeting),
        "project": decision.meeting.project.title if decision.meeting.project_id else "",
        "changes": _changed(decision),
    }


def _changed(decision: Decision) -> dict | None:
    if decision.budget_id:
        return {"label": str(decision.budget), "url": reverse("budgets:detail", args=[decision.budget_id])}
    if decision.work_package_id:
        wp = decision.work_package
        return {"label": f"{wp.code} {wp.title}", "url": reverse("projects:detail", args=[wp.project_id])}
    if decision.project_id:
        return {"label": decision.project.title, "url": decision.project.get_absolute_url()}
    return None


def _meetings_for(project_ids, include_portfolio: bool):
    q = Q(project_id__in=project_ids)
    if include_portfolio:
        q |= Q(project__isnull=True)
    return Meeting.objects.filter(q)


def open_decisions(project_ids, include_portfolio: bool, limit: int = 20) -> list[dict]:
    decisions = (Decision.objects.filter(status=Decision.Status.OPEN,
                                         meeting__in=_meetings_for(project_ids, include_portfolio))
                 .select_related("meeting__project", "project", "work_package", "budget")
                 .order_by("due_date", "meeting__date", "pk")[:limit])
    return [_decision_dict(d) for d in decisions]


def latest_meeting(project_ids, include_portfolio: bool) -> dict | None:
    meeting = _meetings_for(project_ids, include_portfolio).select_related("project").order_by("-date", "-pk").first()
    if meeting is None:
        return None
    decisions = meeting.decisions.select_related("project", "work_package", "budget").order_by("pk")
    for d in decisions:
        d.meeting = meeting
    return {"pk": meeting.pk, "title": str(meeting), "date": meeting.date,
            "project": meeting.project.title if meeting.project_id else "",
            "agenda": meeting.agenda_list, "attendee_count": len(meeting.attendee_list),
            "decisions": [_decision_dict(d) for d in decisions]}
