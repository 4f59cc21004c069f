"""The portfolio side of projects: the filterable list, copying a project, the printable plan and the time plan."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.rules import has, require
from grportal.forms import apply_validation_error

from .copying import copy_title, project_copy
from .export_docx import DOCX_TYPE, plan_document
from .filters import ProjectFilter
from .models import IndicatorValue, Milestone, OrganisationMember, Project
from .shares_of_time import with_shares_of_time
from .timeplan import build_timeplan

PAGE_SIZE = 25
PAGE_PARAM = "sida"


def _project_for_user(request, pk) -> Project:
    """The project if the person may see it; 404 otherwise, so its existence does not leak."""
    project = get_object_or_404(Project.objects.select_related("owner", "funder"), pk=pk)
    require(request.user, "projects.view_project", project, hide=True)
    return project


def project_list(request):
    visible = Project.objects.visible_to(request.user)
    filterset = ProjectFilter(request.GET or None, queryset=visible, request=request)
    if filterset.is_bound and filterset.is_valid():
        projects = filterset.qs
    else:
        projects = visible
    page = Paginator(projects.for_list(), PAGE_SIZE).get_page(request.GET.get(PAGE_PARAM))
    query = request.GET.copy()
    query.pop(PAGE_PARAM, None)
    filtered = any(query.values())
    return render(request, "projects/project_list.html", {
        "filter": filterset, "page": page, "projects": page.object_list, "filtered": filtered,
        "query": query.urlencode(), "page_param": PAGE_PARAM,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "may_create": has(request.user, "projects.create_project"),
    })


class ProjectCopyForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title of the new project"), max_length=200)
    short_name = forms.CharField(label=gettext_lazy("Short name"), max_length=40, required=False)
    start_date = forms.DateField(
        label=gettext_lazy("Start"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Every date in the plan (period, work packages, milestones) moves with the start."),
    )


@require_http_methods(["GET", "POST"])
def project_copy_view(request, pk):
    source = _project_for_user(request, pk)
    require(request.user, "projects.edit_project", source)
    initial = {"title": copy_title(source)[:200], "start_date": source.start_date}
    form = ProjectCopyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            copy = project_copy(source=source, copied_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The project is copied. You are the coordinator of the copy."))
            return redirect(copy)
    return render(request, "projects/project_copy.html", {"project": source, "form": form})


def _timeplan_packages(project):
    return project.work_packages.prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by(
        "due_date", "pk")))


def plan_contents(request, project) -> dict:
    """Every part of the plan the person may see, for the printable page and the Word file alike."""
    may_see_internal = has(request.user, "projects.view_internal", project)
    goals = list(project.goals.prefetch_related("target_groups", "work_packages"))
    children = {}
    for goal in goals:
        children.setdefault(goal.parent_id, []).append(goal)
    known = {g.pk for g in goals}
    roots = [g for g in goals if g.parent_id is None or g.parent_id not in known]
    tree = []

    def walk(goal, depth):
        tree.append((goal, depth))
        for child in children.get(goal.pk, []):
            walk(child, depth + 1)

    for goal in roots:
        walk(goal, 0)
    work_packages = list(_timeplan_packages(project).select_related("responsible", "local_leader").prefetch_related(
        "target_groups", "goals"))
    members = with_shares_of_time(project.organisation_members.select_related("organisation"))
    groups = [(label, [m for m in members if m.group == value]) for value, label in OrganisationMember.Group.choices]
    return {
        "project": project,
        "municipalities": list(project.municipalities.all()),
        "partners": list(project.partners.select_related("organisation")),
        "goal_tree": tree,
        "target_groups": list(project.target_groups.all()),
        "key_persons": list(project.key_persons.select_related("organisation")),
        "work_packages": work_packages,
        "project_indicators": [i for i in project.indicators.prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("period_start"))).select_related(
            "goal", "work_package")],
        "organisation_groups": [(label, rows) for label, rows in groups if rows],
        "applications": list(project.applications.select_related("funder")) if may_see_internal else None,
        "timeplan": build_timeplan(project, work_packages, today=timezone.localdate()),
        "printed_at": timezone.localtime(),
    }


def project_print(request, pk):
    """The whole plan on one page, laid out for paper (and for saving as PDF from the browser)."""
    project = _project_for_user(request, pk)
    context = plan_contents(request, project)
    context["may_copy"] = has(request.user, "projects.edit_project", project)
    return render(request, "projects/project_print.html", context)


def project_export_docx(request, pk):
    """The same plan as a Word file, for coordinators who keep working on an application in Word."""
    project = _project_for_user(request, pk)
    content = plan_document(plan_contents(request, project))
    name = slugify(project.short_name or project.title)[:60] or f"projekt-{project.pk}"
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}-plan.docx"'
    return response
