from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.invitations import invitation_create
from accounts.rules import has, require

from .forms import ProjectInviteForm
from .models import Project, ProjectMembership
from .plan_items import ADD_LABELS
from .plan_page import plan_for_page
from .sections import sections_for
from .timeplan import build_timeplan


def get_project_for_user(request, pk) -> Project:
    """The project if the person may see it; 404 otherwise, so its existence does not leak."""
    project = get_object_or_404(Project.objects.select_related("owner", "funder"), pk=pk)
    require(request.user, "projects.view_project", project, hide=True)
    return project


def plan_context(request, project) -> dict:
    """What the plan part of the project page needs (also re-rendered alone after an inline edit)."""
    internal = has(request.user, "projects.view_internal", project)
    plan = plan_for_page(project, internal=internal)
    return {
        "project": project,
        "plan": plan,
        # Part of the plan, so an inline change of a work package's dates or milestones redraws it at once.
        "timeplan": build_timeplan(project, plan["work_packages"], today=timezone.localdate()),
        "municipalities": project.municipalities.all(),
        "may_edit": has(request.user, "projects.edit_project", project),
        "may_view_internal": internal,
        "add_labels": ADD_LABELS,
        "today": timezone.localdate(),
    }


def project_detail(request, pk):
    project = get_project_for_user(request, pk)
    return render(request, "projects/project_detail.html", plan_context(request, project) | {
        "sections": sections_for(request, project),
    })


@require_http_methods(["GET", "POST"])
def project_invite(request, pk):
    project = get_project_for_user(request, pk)
    require(request.user, "projects.invite_person", project)
    form = ProjectInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        organisation = form.cleaned_data["organisation"]
        if organisation is None and role == ProjectMembership.Role.FUNDER_CONTACT:
            # Funder contacts see the reports addressed to their organisation, so they need one.
            organisation = project.funder
        invitation_create(
            email=form.cleaned_data["email"], full_name=form.cleaned_data["full_name"], invited_by=request.user,
            organisation=organisation, target="projects.project", target_id=project.pk, role=role,
        )
        messages.success(request, _("The invitation is sent to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect(project)
    return render(request, "projects/project_invite.html", {"project": project, "form": form})
