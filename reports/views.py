import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.rules import has, require
from budgets.selectors import grant_reconciliation
from grportal.forms import apply_validation_error
from grportal.locking import StaleEdit
from projects.models import OrganisationMember
from projects.sections import Section
from projects.views import get_project_for_user

from .forms import DraftForm, DraftStartForm, ReportRequestForm
from .models import MemberGender, Report, ReportDraft, ReportDueDate
from .notifications import report_for_token
from .permissions import can_view_report
from .services import (
    NotPublishable,
    draft_create,
    draft_update,
    report_publish,
    report_request,
    report_restart,
)

# The broker is down: what was saved stays saved, and the failed version says why on the page.
QUEUE_DOWN = gettext_lazy("The report could not be queued right now: the task queue does not answer. Nothing you "
                          "saved is lost; try again in a while.")


def _new_request_form(project):
    return ReportRequestForm(initial={
        "period_start": project.start_date, "period_end": project.end_date, "idempotency_key": uuid.uuid4(),
    })


def _visible_reports(user, project):
    reports = Report.objects.for_list().filter(project=project)
    if not has(user, "projects.view_internal", project):
        # A funder contact: only published reports addressed to their organisation.
        reports = reports.filter(status=Report.Status.DONE, published_at__isnull=False,
                                 addressed_to_id=user.organisation_id)
    return [r for r in reports if can_view_report(user, r)]


def project_reports_section(request, project):
    if not has(request.user, "reports.list_reports", project):
        return None
    reports = _visible_reports(request.user, project)[:5]
    can_generate = has(request.user, "reports.generate", project)
    if not reports and not can_generate:
        return None
    return Section("reports/partials/project_section.html", {
        "reports": reports, "can_generate": can_generate, "form": _new_request_form(project) if can_generate else None,
    }, order=40)


def get_report_for_user(request, pk) -> Report:
    """The report, or 404 for anyone who may not see it (its existence included)."""
    report = get_object_or_404(Report.objects.for_list(), pk=pk)
    require(request.user, "reports.view_report", report, hide=True)
    return report


def get_draft_for_user(request, pk) -> ReportDraft:
    draft = get_object_or_404(ReportDraft.objects.select_related("project"), pk=pk)
    require(request.user, "projects.view_project", draft.project, hide=True)
    require(request.user, "reports.generate", draft.project)
    return draft


@require_GET
def project_reports(request, project_pk):
    """The project's reports: start a draft, the drafts, every generated version, the reporting calendar."""
    project = get_project_for_user(request, project_pk)
    require(request.user, "reports.list_reports", project)
    can_generate = has(request.user, "reports.generate", project)
    internal = has(request.user, "projects.view_internal", project)
    return render(request, "reports/project_reports.html", {
        "project": project,
        "reports": _visible_reports(request.user, project),
        "drafts": list(ReportDraft.objects.filter(project=project)) if can_generate else [],
        "due_dates": list(ReportDueDate.objects.filter(project=project)) if internal else [],
        "can_generate": can_generate,
        "start_form": DraftStartForm(initial={"period_start": project.start_date,
                                              "period_end": min(project.end_date, timezone.localdate())})
        if can_generate else None,
    })


@require_POST
def draft_start(request, project_pk):
    project = get_project_for_user(request, project_pk)
    require(request.user, "reports.generate", project)
    form = DraftStartForm(request.POST)
    if not form.is_valid():
        return render(request, "reports/project_reports.html", {
            "project": project, "reports": _visible_reports(request.user, project),
            "drafts": list(ReportDraft.objects.filter(project=project)),
            "due_dates": list(ReportDueDate.objects.filter(project=project)),
            "can_generate": True, "start_form": form,
        }, status=400)
    draft = draft_create(project=project, user=request.user, **form.cleaned_data)
    return redirect("reports:draft", draft.pk)


def _draft_members(project):
    return list(OrganisationMember.objects.filter(
        project=project, group__in=[OrganisationMember.Group.STEERING, OrganisationMember.Group.COORDINATION],
    ).order_by("group", "name"))


def _pressed_twice(request, form, current) -> bool:
    """Is this the same person's second press of the same form: the draft as saved now is what they typed, saved
    by them? (A double click on "Generate report": the first press saved these texts.)"""
    return current is not None and current.updated_by_id == request.user.pk and not form.differences(current)


@require_http_methods(["GET", "POST"])
def draft_edit(request, pk):
    """Write the report's texts, then "Generate": the texts are saved and a new version is queued."""
    draft = get_draft_for_user(request, pk)
    members = _draft_members(draft.project)
    genders = dict(MemberGender.objects.filter(member__in=members).values_list("member_id", "gender"))
    status = 200
    if request.method == "POST":
        form = DraftForm(request.POST, draft=draft, members=members, genders=genders)
        if form.is_valid():
            saved = True
            try:
                draft = draft_update(draft=draft, expected_version=form.expected_version, texts=form.texts(),
                                     genders=form.genders(), user=request.user)
            except StaleEdit as stale:
                if "generate" in request.POST and _pressed_twice(request, form, stale.current):
                    draft = stale.current  # the first press saved these very texts and asked for the report
                else:
                    form.refuse(stale)
                    status = 409
                    saved = False
            if saved and "generate" in request.POST:
                try:
                    # The form's idempotency key: a second press of the same form finds the first press's report.
                    report, created = report_request(
                        project=draft.project, requested_by=request.user, period_start=draft.period_start,
                        period_end=draft.period_end, report_type=draft.report_type, draft=draft,
                        idempotency_key=form.cleaned_data["idempotency_key"],
                    )
                except ValidationError as exc:
                    apply_validation_error(form, exc)
                    status = 400
                else:
                    if getattr(report, "queue_failed", False):
                        messages.error(request, QUEUE_DOWN)
                        return redirect("reports:draft", draft.pk)
                    if created:
                        messages.success(request, _("The report is queued. This page shows when it is ready; "
                                                    "you may leave and come back."))
                    elif report.status in (Report.Status.QUEUED, Report.Status.RUNNING):
                        messages.info(request, _("The report is already being generated (you pressed “Generate "
                                                 "report” twice). This page shows when it is ready."))
                    return redirect("reports:detail", report.pk)
            elif saved:
                messages.success(request, _("The texts are saved."))
                return redirect("reports:draft", draft.pk)
        else:
            status = 400
    else:
        form = DraftForm(draft=draft, members=members, genders=genders,
                         initial={"version": draft.version, "idempotency_key": uuid.uuid4()})
    return render(request, "reports/draft_form.html", {
        "draft": draft, "project": draft.project, "form": form,
        # The funder reads the current budget's grant lines in the PDF: warn before they contradict the decisions.
        "grant_mismatches": grant_reconciliation([draft.project_id]).get(draft.project_id, []),
        "sections": draft.type.section_specs() if draft.type else [],
        "versions": list(Report.objects.for_list().filter(draft=draft)),
    }, status=status)


@require_POST
def report_generate(request, project_pk):
    project = get_project_for_user(request, project_pk)
    require(request.user, "reports.generate", project)
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        return render(request, "reports/report_request_invalid.html", {"project": project, "form": form}, status=400)
    report, created = report_request(
        project=project, requested_by=request.user,
        period_start=form.cleaned_data["period_start"], period_end=form.cleaned_data["period_end"],
        idempotency_key=form.cleaned_data["idempotency_key"],
    )
    if getattr(report, "queue_failed", False):
        messages.error(request, QUEUE_DOWN)
    elif created:
        messages.success(request, _("The report is queued. This page shows when it is ready; "
                                    "you may leave and come back."))
    return redirect(f"{project.get_absolute_url()}#report-{report.pk}")


@require_GET
def report_detail(request, pk):
    report = get_report_for_user(request, pk)
    internal = has(request.user, "projects.view_internal", report.project)
    versions = []
    if internal:
        versions = list(Report.objects.for_list().filter(
            project=report.project, report_type=report.report_type, period_start=report.period_start,
            period_end=report.period_end,
        ))
    return render(request, "reports/report_detail.html", {
        "report": report, "project": report.project, "versions": versions,
        "can_publish": has(request.user, "reports.generate", report.project),
    })


@require_GET
def report_status(request, pk):
    report = get_report_for_user(request, pk)
    template = "reports/partials/report_status.html" if request.GET.get("part") == "detail" \
        else "reports/partials/report_row.html"
    return render(request, template, {"report": report})


@require_POST
def report_restart_view(request, pk):
    """Queue again a report whose generation stopped (its worker was killed, or no worker took it)."""
    report = get_report_for_user(request, pk)
    require(request.user, "reports.generate", report.project)
    report = report_restart(report_id=report.pk)
    if getattr(report, "queue_failed", False):
        messages.error(request, QUEUE_DOWN)
    elif getattr(report, "restarted", False):
        messages.success(request, _("The generation is restarted. This page shows when the report is ready."))
    return redirect("reports:detail", report.pk)


@require_POST
def report_publish_view(request, pk):
    report = get_report_for_user(request, pk)
    require(request.user, "reports.generate", report.project)
    try:
        report_publish(report=report, user=request.user)
    except NotPublishable as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The report is published. The funder's contacts are told by email."))
    return redirect("reports:detail", report.pk)


def _pdf_response(report):
    if report.status != Report.Status.DONE or not report.file:
        raise Http404
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.download_name(),
                        content_type="application/pdf")


@require_GET
def report_download(request, pk):
    return _pdf_response(get_report_for_user(request, pk))


@login_not_required
@require_GET
def shared_download(request, token):
    """A funder contact without an account downloads a published report through a signed, expiring link."""
    report = report_for_token(token)
    if report is None:
        return render(request, "reports/shared_link_invalid.html", status=404)
    return _pdf_response(report)

