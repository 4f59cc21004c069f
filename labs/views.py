from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.rules import require
from projects.sections import Section

from .forms import ActivityForm
from .models import Activity, Lab
from .permissions import can_view_lab
from .services import activity_create, activity_submit, activity_update


def get_lab_for_user(request, pk) -> Lab:
    """The lab if the person may see it; 404 otherwise (another municipality's lab does not leak)."""
    lab = get_object_or_404(Lab.objects.select_related("project", "municipality", "method", "work_package"), pk=pk)
    require(request.user, "labs.view_lab", lab, hide=True)
    return lab


def get_activity_for_user(request, pk) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("lab", "lab__project"), pk=pk)
    require(request.user, "labs.view_lab", activity.lab, hide=True)
    return activity


def project_labs_section(request, project):
    labs = [lab for lab in Lab.objects.for_list().filter(project=project) if can_view_lab(request.user, lab)]
    if not labs:
        return None
    return Section("labs/partials/project_section.html", {"labs": labs}, order=20)


def my_labs(request):
    labs = Lab.objects.visible_to(request.user).for_list()
    return render(request, "labs/my_labs.html", {"labs": labs})


def lab_detail(request, pk):
    lab = get_lab_for_user(request, pk)
    activities = lab.activities.for_list()[:50]
    return render(request, "labs/lab_detail.html", {"lab": lab, "activities": activities})


def _initial_for(lab, user) -> dict:
    """Sensible defaults: today (the model's default), the lab's place, the type the person used last."""
    initial = {"place": lab.place}
    last = Activity.objects.filter(lab=lab, created_by=user).order_by("-created_at").values_list("kind", flat=True).first()
    if last:
        initial["kind"] = last
    return initial


@require_http_methods(["GET", "POST"])
def activity_new(request, lab_pk):
    lab = get_lab_for_user(request, lab_pk)
    require(request.user, "labs.log_activity", lab)
    form = ActivityForm(request.POST or None, initial=_initial_for(lab, request.user))
    if request.method == "POST" and form.is_valid():
        activity = activity_create(lab=lab, created_by=request.user, **form.cleaned_data)
        messages.success(request, _("The activity “%(title)s” is saved as a draft.") % {"title": activity.title})
        return redirect("labs:detail", pk=lab.pk)
    return render(request, "labs/activity_form.html", {"lab": lab, "form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = get_activity_for_user(request, pk)
    require(request.user, "labs.edit_activity", activity)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        activity_update(activity=activity, **form.cleaned_data)
        messages.success(request, _("Your changes are saved."))
        return redirect("labs:detail", pk=activity.lab_id)
    return render(request, "labs/activity_form.html", {"lab": activity.lab, "form": form, "activity": activity},
                  status=400 if form.errors else 200)


@require_POST
def activity_send(request, pk):
    activity = get_activity_for_user(request, pk)
    require(request.user, "labs.edit_activity", activity)
    try:
        activity_submit(activity=activity)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The activity is submitted to the coordinator."))
    return redirect("labs:detail", pk=activity.lab_id)
