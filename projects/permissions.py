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
from .roles import roles_for

Role = ProjectMembership.Role


def is_coordinator(user, project) -> bool:
    return roles_for(user).is_coordinator(project)


def coordinates_any_project(user) -> bool:
    return roles_for(user).coordinates_any_project


@rule("projects.view_project")
def can_view_project(user, project) -> bool:
    """As Project.objects.visible_to(): staff, a role on the project, a lead of one of its labs, its finance
    support."""
    roles = roles_for(user)
    return roles.is_staff or roles.sees_project(project)


@rule("projects.edit_project")
def can_edit_project(user, project) -> bool:
    return user.is_staff or is_coordinator(user, project)


@rule("projects.view_internal")
def can_view_internal(user, project) -> bool:
    """Work in progress (labs, budgets, reports in the making): not for funders or the reference group."""
    roles = roles_for(user)
    return roles.is_staff or project.pk in roles.internal


@rule("projects.invite_person")
def can_invite_person(user, project) -> bool:
    return user.is_staff or is_coordinator(user, project)


@rule("projects.create_project")
def can_create_project(user) -> bool:
    return user.is_staff or coordinates_any_project(user)


@rule("accounts.add_organisation")
def can_add_organisation(user) -> bool:
    """A new organisation (a partner missing from the plan editor's lists): anyone who coordinates a project, and
    administrators. Declared here, not in accounts: accounts is the bottom layer and cannot read project roles."""
    return user.is_staff or coordinates_any_project(user)
