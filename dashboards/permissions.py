"""Named rules for the dashboards and the steering group's meetings."""

from accounts.rules import rule
from projects.permissions import can_view_internal

from .querysets import coordinated_project_ids, internal_project_ids


@rule("dashboards.view_portfolio")
def can_view_portfolio(user) -> bool:
    """Administrators, and coordinators and steering-group members (who see their own projects only)."""
    return user.is_staff or bool(internal_project_ids(user))


@rule("dashboards.view_project")
def can_view_project_dashboard(user, project) -> bool:
    return can_view_internal(user, project)


@rule("dashboards.view_meetings")
def can_view_meetings(user) -> bool:
    return user.is_staff or bool(internal_project_ids(user))


@rule("dashboards.add_meeting")
def can_add_meeting(user) -> bool:
    return user.is_staff or bool(coordinated_project_ids(user))


@rule("dashboards.view_meeting")
def can_view_meeting(user, meeting) -> bool:
    if user.is_staff:
        return True
    if meeting.project_id is None:
        return bool(internal_project_ids(user))
    return meeting.project_id in internal_project_ids(user)


@rule("dashboards.edit_meeting")
def can_edit_meeting(user, meeting) -> bool:
    """Administrators; a project meeting also its coordinators, a portfolio meeting any coordinator."""
    if user.is_staff:
        return True
    coordinated = coordinated_project_ids(user)
    if meeting.project_id is None:
        return bool(coordinated)
    return meeting.project_id in coordinated
