from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.invitations import invitation_create
from accounts.rules import require

from .forms import ProjectInviteForm
from .models import Project, ProjectMembership
from .sections import sections_for


def get_project_for_user(request, pk) -> Project:
    """The project if the person may see it; 404 otherwise, so its existence does not leak."""
    project = get_object_or_404(Project.objects.select_related("owner", "funder"), pk=pk)
    require(request.user, "projects.view_project", project, hide=True)
    return project


def project_list(request):
    projects = Project.objects.visible_to(request.user).for_list()
    page = Paginator(projects, 25).get_page(request.GET.get("sida"))
    return render(request, "projects/project_list.html", {"page": page})


def project_detail(request, pk):
    project = get_project_for_user(request, pk)
    return render(request, "projects/project_detail.html", {
        "project": project,
        "work_packages": project.work_packages.for_project_page(),
        "municipalities": project.municipalities.all(),
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
