"""Named rules for seminars: staff and the coordinators of the seminar's project organise it."""

from accounts.rules import rule
from projects.permissions import coordinates_any_project, is_coordinator


@rule("seminars.create_seminar")
def can_create_seminar(user, obj=None) -> bool:
    return user.is_staff or coordinates_any_project(user)


@rule("seminars.organise_seminar")
def can_organise_seminar(user, seminar) -> bool:
    """Edit, see the registrations, check people in, export, upload documentation."""
    if user.is_staff:
        return True
    return seminar.project_id is not None and is_coordinator(user, seminar.project_id)
