"""Named rules for labs and their activity log."""

from accounts.rules import rule
from projects.permissions import can_view_internal, is_coordinator


def leads(user, lab) -> bool:
    cache = getattr(user, "_labs_led_cache", None)
    if cache is None:
        cache = user._labs_led_cache = set(user.labs_led.values_list("pk", flat=True))
    return lab.pk in cache


def prime_project_roles(user, project_ids) -> None:
    """Fill projects.permissions' per-request role cache for many projects in one query, so a list that asks
    a rule per lab (My labs) does not ask the database once per project."""
    from projects.models import ProjectMembership

    if not user.is_authenticated:
        return
    cache = getattr(user, "_project_roles_cache", None)
    if cache is None:
        cache = user._project_roles_cache = {}
    missing = {pk for pk in project_ids if pk not in cache}
    if not missing:
        return
    for pk in missing:
        cache[pk] = set()
    for project_id, role in ProjectMembership.objects.filter(user=user, project_id__in=missing).values_list(
            "project_id", "role"):
        cache[project_id].add(role)


@rule("labs.view_lab")
def can_view_lab(user, lab) -> bool:
    return leads(user, lab) or can_view_internal(user, lab.project)


@rule("labs.log_activity")
def can_log_activity(user, lab) -> bool:
    return user.is_staff or leads(user, lab) or is_coordinator(user, lab.project)


@rule("labs.edit_activity")
def can_edit_activity(user, activity) -> bool:
    """Coordinators may always correct; a lead edits only until the activity is submitted."""
    if user.is_staff or is_coordinator(user, activity.lab.project):
        return True
    return leads(user, activity.lab) and not activity.is_locked_for_lead


@rule("labs.edit_lab")
def can_edit_lab(user, lab) -> bool:
    """The lab's settings (method, place, partners, target groups) are kept by the project's coordinators."""
    return user.is_staff or is_coordinator(user, lab.project)


@rule("labs.review_activity")
def can_review_activity(user, activity) -> bool:
    """Coordinators approve, return and reopen activities."""
    return user.is_staff or is_coordinator(user, activity.lab.project)


@rule("labs.change_phase")
def can_change_phase(user, lab) -> bool:
    return user.is_staff or leads(user, lab) or is_coordinator(user, lab.project)


@rule("labs.subscribe_digest")
def can_subscribe_digest(user, obj=None) -> bool:
    """The weekly digest is for coordinators (of any project) and administrators."""
    from projects.models import ProjectMembership

    return user.is_staff or ProjectMembership.objects.filter(
        user=user, role=ProjectMembership.Role.COORDINATOR).exists()


@rule("labs.edit_methods")
def can_edit_methods(user, obj=None) -> bool:
    """The method catalogue is kept by coordinators (of any project) and administrators."""
    from projects.models import ProjectMembership

    return user.is_staff or ProjectMembership.objects.filter(
        user=user, role=ProjectMembership.Role.COORDINATOR).exists()
