"""Labs without /admin/: coordinators start labs in their projects and invite or remove the labs' leads.
The settings page itself is labs.views.lab_edit."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.rules import require
from projects.models import Project

from .forms import LabForm, LabLeadInviteForm
from .models import Lab
from .services import lab_create, lead_invite, lead_remove
from .views import _save, _status, get_lab_for_user


def lab_form_fields(form) -> dict:
    """The cleaned data in the shape lab_create and lab_update take."""
    return {name: value for name, value in form.cleaned_data.items() if name != "version"}


@require_http_methods(["GET", "POST"])
def lab_new(request, project_pk):
    """Nytt labb: a coordinator starts a local or a regional lab in the project."""
    project = get_object_or_404(Project, pk=project_pk)
    require(request.user, "projects.view_project", project, hide=True)
    require(request.user, "labs.create_lab", project)
    form = LabForm(request.POST or None, instance=Lab(project=project))
    if request.method == "POST" and form.is_valid():
        lab = _save(request, form, lambda: lab_create(project=project, created_by=request.user,
                                                      **lab_form_fields(form)))
        if lab:
            messages.success(request, _("The lab “%(name)s” is created. Invite its lab leads here.")
                             % {"name": lab.name})
            return redirect("labs:edit", pk=lab.pk)
    return render(request, "labs/lab_form.html", {"form": form, "project": project}, status=_status(form))


@require_http_methods(["GET", "POST"])
def lead_invite_view(request, pk):
    """Bjud in labbledare: an email invitation; the role is granted when the person accepts."""
    lab = get_lab_for_user(request, pk)
    require(request.user, "labs.edit_lab", lab)
    form = LabLeadInviteForm(request.POST or None, lab=lab)
    if request.method == "POST" and form.is_valid():
        lead_invite(lab=lab, email=form.cleaned_data["email"], full_name=form.cleaned_data["full_name"],
                    organisation=form.cleaned_data["organisation"], invited_by=request.user)
        messages.success(request, _("The invitation to lead %(lab)s is sent to %(email)s.")
                         % {"lab": lab.name, "email": form.cleaned_data["email"]})
        return redirect("labs:edit", pk=lab.pk)
    return render(request, "labs/lead_invite.html", {"lab": lab, "form": form}, status=_status(form))


@require_POST
def lead_remove_view(request, pk, user_pk):
    """Ta bort som labbledare: the person keeps their account and what they logged, not the role."""
    lab = get_lab_for_user(request, pk)
    require(request.user, "labs.edit_lab", lab)
    person = get_object_or_404(get_user_model(), pk=user_pk, labs_led=lab)
    lead_remove(lab=lab, user=person)
    messages.success(request, _("%(person)s no longer leads %(lab)s.") % {"person": person, "lab": lab.name})
    return redirect("labs:edit", pk=lab.pk)
