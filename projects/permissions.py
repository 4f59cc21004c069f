"""Named rules for projects. Views, templates and querysets use these alike.

What each role sees of the plan page:
- projects.view_project (everyone with a role, lab leads of its labs, staff): the whole plan as it is
  agreed: facts, goals, target groups, key persons, indicators with recorded values, work packages
  with milestones, and the organisation. Funders and the reference group read the plan they fund or
  advise on; lab leads work in it.
- projects.view_internal (coordinators, steering group, staff): also the funding applications (one
  funder does not see what was asked of another) and the change history of every item (who changed
  what, when).
- projects.edit_project (coordinators, staff): add, change, delete and restore plan items.
- projects.create_project (staff, and anyone who coordinates a project): start a new project.
"""

from accounts.rules import rule

from .models import ProjectMembership

Role = ProjectMembership.Role


def roles_on(user, project) -> set[str]:
    cache = getattr(user, "_project_roles_cache", None)
    if cache is None:
        cache = user._project_roles_cache = {}
    if project.pk not in cache:
        cache[project.pk] = set(
            ProjectMembership.objects.filter(user=user, project=project).values_list("role", flat=True)
        )
    return cache[project.pk]


def is_coordinator(user, project) -> bool:
    return Role.COORDINATOR in roles_on(user, project)


@rule("projects.view_project")
def can_view_project(user, project) -> bool:
    if user.is_staff or roles_on(user, project):
        return True
    return project.labs.filter(leads=user).exists()


@rule("projects.edit_project")
def can_edit_project(user, project) -> bool:
    return user.is_staff or is_coordinator(user, project)


@rule("projects.view_internal")
def can_view_internal(user, project) -> bool:
    """Work in progress (labs, budgets, reports in the making): not for funders or the reference group."""
    return user.is_staff or bool(roles_on(user, project) & {Role.COORDINATOR, Role.STEERING})


@rule("projects.invite_person")
def can_invite_person(user, project) -> bool:
    return user.is_staff or is_coordinator(user, project)


def coordinates_any_project(user) -> bool:
    return ProjectMembership.objects.filter(user=user, role=Role.COORDINATOR).exists()


@rule("projects.create_project")
def can_create_project(user) -> bool:
    return user.is_staff or coordinates_any_project(user)
