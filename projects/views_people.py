"""The project's "People and roles" page: who has which role, with a way to remove each (after a confirmation).

For the people who may give roles (projects.invite_person: the project's coordinators and administrators). Others
who see the project get 403; those who do not, 404. The roles other apps own come from projects/people.py.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.rules import has, require

from .models import Project, ProjectMembership
from .people import PersonRow, people_actions, people_from_sources
from .roles import forget_roles
from .services import membership_remove
from .views import get_project_for_user


def _people_project(request, pk) -> Project:
    project = get_project_for_user(request, pk)
    require(request.user, "projects.invite_person", project)
    return project


def membership_rows(project) -> list[PersonRow]:
    """The project's own roles: its memberships, coordinators first."""
    order = {role: index for index, role in enumerate(ProjectMembership.Role.values)}
    memberships = sorted(project.memberships.select_related("user", "user__organisation"),
                         key=lambda m: (order.get(m.role, 99), str(m.user).lower()))
    return [PersonRow(person=m.user, role=m.get_role_display(), where=_("The project"),
                      remove_url=reverse("projects:membership_remove", args=[project.pk, m.pk]), order=order[m.role])
            for m in memberships]


def project_people(request, pk):
    project = _people_project(request, pk)
    return render(request, "projects/project_people.html", {
        "project": project,
        "rows": membership_rows(project) + people_from_sources(project),
        "actions": people_actions(project),
        "coordinators": project.memberships.filter(role=ProjectMembership.Role.COORDINATOR).count(),
    })


@require_http_methods(["GET", "POST"])
def membership_remove_view(request, pk, membership_pk):
    """Asks first; the POST removes the role (projects.services.membership_remove: never the last coordinator)."""
    project = _people_project(request, pk)
    membership = get_object_or_404(project.memberships.select_related("user"), pk=membership_pk)
    error = ""
    if request.method == "POST":
        try:
            membership_remove(membership=membership)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            forget_roles(membership.user)
            forget_roles(request.user)
            messages.success(request, _("%(name)s is no longer %(role)s in the project.") % {
                "name": membership.user, "role": membership.get_role_display().lower()})
            if not has(request.user, "projects.invite_person", project):  # they removed their own role
                return redirect("projects:list")
            return redirect("projects:people", pk=project.pk)
    return render(request, "projects/people_remove.html", {
        "project": project, "person": membership.user, "role": membership.get_role_display(),
        "where": _("The project"), "error": error,
    }, status=400 if error else 200)
