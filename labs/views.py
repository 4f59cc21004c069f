from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.rules import require
from grportal.form_restore import keeps_typing, restore
from grportal.forms import apply_validation_error
from grportal.locking import StaleEdit
from projects.sections import Section

from .forms import ActivityForm, LabForm, MethodForm, PhaseChangeForm, ReturnForm
from .models import Activity, Attachment, Lab, Method
from .permissions import can_create_lab, can_log_activity, can_view_lab
from .review import conflict_for
from .selectors import lab_leads, lab_target_group_totals, lab_totals
from .services import (
    activity_approve,
    activity_create,
    activity_return,
    activity_submit,
    activity_update,
    attachment_add,
    lab_change_phase,
    lab_update,
    method_create,
    method_update,
)

TIMELINE_LENGTH = 50  # the lab page's timeline; older activities are in the activity log, filtered by lab


def get_lab_for_user(request, pk) -> Lab:
    """The lab if the person may see it; 404 otherwise (another municipality's lab does not leak)."""
    lab = get_object_or_404(Lab.objects.select_related("project", "municipality", "work_package"), pk=pk)
    require(request.user, "labs.view_lab", lab, hide=True)
    return lab


def get_activity_for_user(request, pk) -> Activity:
    activity = get_object_or_404(
        Activity.objects.select_related("lab", "lab__project", "lab__municipality"), pk=pk)
    require(request.user, "labs.view_lab", activity.lab, hide=True)
    return activity


def project_labs_section(request, project):
    labs = [lab for lab in Lab.objects.for_list().filter(project=project) if can_view_lab(request.user, lab)]
    may_create = can_create_lab(request.user, project)  # "Nytt labb", also when the project has no lab yet
    if not labs and not may_create:
        return None
    return Section("labs/partials/project_section.html", {"labs": labs, "project": project,
                                                          "may_create": may_create}, order=20)


def my_labs(request):
    recent = Prefetch("activities", to_attr="recent_activities",
                      queryset=Activity.objects.order_by("-date", "-pk")[:3])  # sliced per lab, one query
    labs = list(Lab.objects.visible_to(request.user).for_list().prefetch_related(recent))
    for lab in labs:  # the steering group sees labs but does not log in them: no button that ends in 403
        lab.may_log = can_log_activity(request.user, lab)
    return render(request, "labs/my_labs.html", {"labs": labs})


def lab_detail(request, pk):
    lab = get_lab_for_user(request, pk)
    activities = lab.activities.for_timeline()[:TIMELINE_LENGTH]
    totals = lab_totals(lab)
    return render(request, "labs/lab_detail.html", {
        "lab": lab, "activities": activities, "totals": totals,
        "more_activities": max(totals["logged"] - TIMELINE_LENGTH, 0),
        "target_group_totals": lab_target_group_totals(lab),
        "phase_changes": list(lab.phase_changes.all()[:20]),
        "cycle": [(value, label, value == lab.phase) for value, label in Lab.Phase.choices],
        "phase_step": Lab.Phase.values.index(lab.phase) + 1 if lab.phase in Lab.Phase.values else None,
        "phase_steps": len(Lab.Phase.choices),
        "phase_form": PhaseChangeForm(initial={"phase": lab.phase}),
    })


def _initial_for(lab, user) -> dict:
    """Sensible defaults: today (the model's default), the lab's place, the type the person used last."""
    initial = {"place": lab.place}
    last = Activity.objects.filter(lab=lab, created_by=user).order_by("-created_at").values(
        "kind", "municipality_id").first()
    if last:
        initial["kind"] = last["kind"]
        if lab.kind == Lab.Kind.REGIONAL and last["municipality_id"]:
            initial["municipality"] = last["municipality_id"]  # a lab on tour often stays a while
    return initial


def _save_attachment(request, form, activity) -> None:
    upload = form.cleaned_data.get("attachment")
    if upload:
        attachment_add(activity=activity, upload=upload, uploaded_by=request.user)


def _save(request, form, save):
    """Run the service; a domain error lands next to its field and everything typed stays. A save refused because
    someone else saved first shows theirs against what was typed (grportal.locking)."""
    try:
        return save()
    except ValidationError as error:
        apply_validation_error(form, error)
        return None
    except StaleEdit as stale:
        form.refuse(stale)
        return None


def _status(form) -> int:
    if getattr(form, "conflict", None):
        return 409
    return 400 if form.errors else 200


# After a save, the lab page says which happened and what comes next (lab_detail.html reads ?sparad=<pk>).
SAVED_PARAM = "sparad"
SUBMIT = "submit"  # the value of the "Save and submit" button (name="action"); any other saves without submitting


def _saved_message(activity, submitted: bool) -> str:
    title = {"title": activity.title}
    if submitted:
        return _("The activity “%(title)s” is submitted to the coordinator, who reviews it.") % title
    if activity.status == Activity.Status.DRAFT:
        return _("The draft “%(title)s” is saved. It does not show in any summary until you submit it.") % title
    if activity.status == Activity.Status.RETURNED:
        return _("Your changes to “%(title)s” are saved. It does not show in any summary until you submit it "
                 "again.") % title
    return _("Your changes to “%(title)s” are saved.") % title


def _after_save(activity):
    return redirect(f"{reverse('labs:detail', args=[activity.lab_id])}?{SAVED_PARAM}={activity.pk}")


def _save_activity(request, form, write, submit: bool):
    """Save (write()), submit when asked and store the attachment, in one transaction: when submitting fails,
    nothing is saved and the reason is shown on the form with everything typed."""
    try:
        with transaction.atomic():
            activity = write()
            if submit:
                activity = activity_submit(activity=activity, submitted_by=request.user)
            _save_attachment(request, form, activity)
            return activity
    except ValidationError as error:
        apply_validation_error(form, error)
    except StaleEdit as stale:
        form.refuse(stale)
    return None


@keeps_typing
@require_http_methods(["GET", "POST"])
def activity_new(request, lab_pk):
    lab = get_lab_for_user(request, lab_pk)
    require(request.user, "labs.log_activity", lab)
    form = ActivityForm(request.POST or None, request.FILES or None, initial=_initial_for(lab, request.user), lab=lab)
    restore(request, form)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == SUBMIT
        activity = _save_activity(request, form, lambda: activity_create(
            lab=lab, created_by=request.user, **form.service_kwargs()), submit)
        if activity:
            messages.success(request, _saved_message(activity, submit))
            return _after_save(activity)
    return render(request, "labs/activity_form.html", {"lab": lab, "form": form, "may_submit": True},
                  status=_status(form))


@keeps_typing
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = get_activity_for_user(request, pk)
    require(request.user, "labs.edit_activity", activity)
    form = ActivityForm(request.POST or None, request.FILES or None, instance=activity, lab=activity.lab)
    restore(request, form)
    # A draft or a returned activity is saved and submitted, or kept as a draft; a submitted or approved one
    # (only a coordinator may still change it) is just saved.
    may_submit = activity.can_be_submitted
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == SUBMIT
        saved = _save_activity(request, form, lambda: activity_update(
            activity=activity, expected_version=form.expected_version, **form.service_kwargs()), submit)
        if saved:
            messages.success(request, _saved_message(saved, submit))
            return _after_save(saved)
    history = activity.history.select_related("history_user").order_by("-history_date", "-history_id")[:30]
    return render(request, "labs/activity_form.html", {
        "lab": activity.lab, "form": form, "activity": activity, "attachments": activity.attachments.all(),
        "history": history, "may_submit": may_submit,
    }, status=_status(form))


@require_POST
def activity_send(request, pk):
    activity = get_activity_for_user(request, pk)
    require(request.user, "labs.edit_activity", activity)
    try:
        activity = activity_submit(activity=activity, submitted_by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _saved_message(activity, submitted=True))
    return _after_save(activity)


def _posted_version(request) -> int | None:
    """The version of the activity the lab page showed (its hidden `version`); None when not posted."""
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


@require_POST
def activity_approve_view(request, pk):
    activity = get_activity_for_user(request, pk)
    require(request.user, "labs.review_activity", activity)
    try:
        activity_approve(activity=activity, expected_version=_posted_version(request))
    except StaleEdit:  # the lab page is shown again as it is now, with the reason the approval was refused
        messages.error(request, _("The activity has been changed since you opened the page, so it was not "
                                  "approved. Check it as it is now and decide again."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The activity is approved."))
    return redirect("labs:detail", pk=activity.lab_id)


@require_http_methods(["GET", "POST"])
def activity_return_view(request, pk):
    """Return (or reopen) an activity to its lead with a reason the lead sees on the lab page."""
    activity = get_activity_for_user(request, pk)
    require(request.user, "labs.review_activity", activity)
    form = ReturnForm(request.POST or None, initial={"version": activity.version})
    if request.method == "POST" and form.is_valid():
        seen = form.cleaned_data["version"]
        try:
            activity_return(activity=activity, reason=form.cleaned_data["reason"], expected_version=seen)
        except ValidationError as error:
            apply_validation_error(form, error)
        except StaleEdit as stale:  # shown as saved now; returning again is deciding on that, knowingly
            form.conflict = conflict_for(stale, seen)
            if stale.current is not None:
                activity = stale.current
                data = form.data.copy()
                data["version"] = str(activity.version)
                form.data = data
        else:
            messages.success(request, _("The activity is returned to the lab lead."))
            return redirect("labs:detail", pk=activity.lab_id)
    return render(request, "labs/activity_return.html", {"activity": activity, "lab": activity.lab, "form": form},
                  status=_status(form))


@require_POST
def lab_phase(request, pk):
    lab = get_lab_for_user(request, pk)
    require(request.user, "labs.change_phase", lab)
    form = PhaseChangeForm(request.POST)
    if form.is_valid():
        lab_change_phase(lab=lab, changed_by=request.user, **form.cleaned_data)
        messages.success(request, _("The lab's phase is updated."))
    else:
        messages.error(request, _("The phase was not changed: choose a phase and a valid date."))
    return redirect("labs:detail", pk=lab.pk)


def attachment_download(request, pk):
    """Files leave only through here, after the same visibility check as the lab page."""
    attachment = get_object_or_404(Attachment.objects.select_related("activity__lab__project"), pk=pk)
    require(request.user, "labs.view_lab", attachment.activity.lab, hide=True)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=attachment.name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def method_list(request):
    """The method catalogue labs test methods from; coordinators keep it."""
    methods = Method.objects.annotate(lab_count=Count("lab"))
    return render(request, "labs/method_list.html", {"methods": methods})


@require_http_methods(["GET", "POST"])
def method_edit(request, pk=None):
    require(request.user, "labs.edit_methods")
    method = get_object_or_404(Method, pk=pk) if pk else None
    form = MethodForm(request.POST or None, instance=method)
    if request.method == "POST" and form.is_valid():
        data = {"name": form.cleaned_data["name"], "description": form.cleaned_data["description"]}
        saved = _save(request, form, lambda: method_update(method=method, expected_version=form.expected_version,
                                                           **data) if method else method_create(**data))
        if saved:
            messages.success(request, _("The method “%(name)s” is saved.") % {"name": saved.name})
            return redirect("labs:methods")
    return render(request, "labs/method_form.html", {"form": form, "method": method}, status=_status(form))


@require_http_methods(["GET", "POST"])
def lab_edit(request, pk):
    lab = get_lab_for_user(request, pk)
    require(request.user, "labs.edit_lab", lab)
    form = LabForm(request.POST or None, instance=lab)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        if _save(request, form, lambda: lab_update(lab=lab, expected_version=form.expected_version,
                                                   changed_by=request.user, **data)):
            messages.success(request, _("The lab's settings are saved."))
            return redirect("labs:detail", pk=lab.pk)
    return render(request, "labs/lab_form.html", {"form": form, "lab": lab, "project": lab.project,
                                                  **lab_leads(lab)}, status=_status(form))
