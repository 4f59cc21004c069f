"""Named rules for labs and their activity log."""

from accounts.rules import rule
from projects.permissions import coordinates_any_project, is_coordinator
from projects.roles import roles_for

from .models import Lab


def leads(user, lab) -> bool:
    return lab.pk in roles_for(user).labs_led


def labs_led_by(user):
    """The role source (projects.roles): the labs the person leads."""
    return Lab.objects.filter(leads=user)


@rule("labs.view_lab")
def can_view_lab(user, lab) -> bool:
    """As Lab.objects.visible_to() (labs.querysets.lab_access_q): staff, its leads, the project's coordinators and
    steering group."""
    roles = roles_for(user)
    return roles.is_staff or lab.project_id in roles.internal or lab.pk in roles.labs_led


@rule("labs.log_activity")
def can_log_activity(user, lab) -> bool:
    return user.is_staff or is_coordinator(user, lab.project_id) or leads(user, lab)


@rule("labs.edit_activity")
def can_edit_activity(user, activity) -> bool:
    """Coordinators may always correct; a lead edits only until the activity is submitted."""
    if user.is_staff or is_coordinator(user, activity.lab.project_id):
        return True
    return leads(user, activity.lab) and not activity.is_locked_for_lead


@rule("labs.edit_lab")
def can_edit_lab(user, lab) -> bool:
    """The lab's settings (methods, place, partners, target groups) and its leads (invite, remove) are kept by the
    project's coordinators."""
    return user.is_staff or is_coordinator(user, lab.project_id)


@rule("labs.create_lab")
def can_create_lab(user, project) -> bool:
    """A new lab in a project ("Nytt labb") is started by the project's coordinators."""
    return user.is_staff or is_coordinator(user, project.pk)


@rule("labs.review_activity")
def can_review_activity(user, activity) -> bool:
    """Coordinators approve, return and reopen activities."""
    return user.is_staff or is_coordinator(user, activity.lab.project_id)


@rule("labs.review_inbox")
def can_use_review_inbox(user, obj=None) -> bool:
    """The review inbox (labs:review) is for coordinators (of any project) and administrators; it lists only the
    activities they may review (labs.review_activity), and each approval or return asks that rule again."""
    return user.is_staff or coordinates_any_project(user)


@rule("labs.change_phase")
def can_change_phase(user, lab) -> bool:
    return user.is_staff or is_coordinator(user, lab.project_id) or leads(user, lab)


@rule("labs.subscribe_digest")
def can_subscribe_digest(user, obj=None) -> bool:
    """The weekly digest is for coordinators (of any project) and administrators."""
    return user.is_staff or coordinates_any_project(user)


@rule("labs.edit_methods")
def can_edit_methods(user, obj=None) -> bool:
    """The method catalogue is kept by coordinators (of any project) and administrators."""
    return user.is_staff or coordinates_any_project(user)
