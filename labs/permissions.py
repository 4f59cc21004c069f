"""Named rules for labs and their activity log."""

from accounts.rules import rule
from projects.permissions import coordinates_any_project, is_coordinator
from projects.roles import roles_for

from .models import Lab
from .querysets import works_with_labs


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


@rule("labs.view_lesson")
def can_view_lesson(user, lesson) -> bool:
    """As Lesson.objects.visible_to(): staff and everyone who works with labs (leads, coordinators, steering
    group) see every standalone lesson, as they see every approved activity lesson."""
    roles = roles_for(user)
    return roles.is_staff or works_with_labs(roles)


@rule("labs.add_lesson")
def can_add_lesson(user) -> bool:
    """"Ny lärdom": staff, anyone who coordinates a project and anyone who leads a lab (where the lesson may be
    recorded is asked of labs.edit_lesson for the project and lab chosen)."""
    roles = roles_for(user)
    return roles.is_staff or bool(roles.coordinates or roles.labs_led)


@rule("labs.edit_lesson")
def can_edit_lesson(user, lesson) -> bool:
    """A standalone lesson (also one not yet saved: may it be recorded there) is kept by the project's coordinators
    and, for a lab's lesson, by the lab's leads; a lesson of the whole project by the coordinators alone."""
    roles = roles_for(user)
    if roles.is_staff or lesson.project_id in roles.coordinates:
        return True
    return lesson.lab_id is not None and lesson.lab_id in roles.labs_led
