import uuid

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.rules import has, require
from projects.models import Project
from projects.sections import Section
from projects.views import get_project_for_user

from .forms import ReportRequestForm
from .models import Report
from .permissions import can_view_report
from .services import report_request


def _new_request_form(project):
    return ReportRequestForm(initial={
        "period_start": project.start_date, "period_end": project.end_date, "idempotency_key": uuid.uuid4(),
    })


def project_reports_section(request, project):
    reports = [r for r in Report.objects.for_list().filter(project=project) if can_view_report(request.user, r)]
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
    if created:
        messages.success(request, _("The report is queued. This page shows when it is ready; you may leave and come back."))
    return redirect(f"{project.get_absolute_url()}#report-{report.pk}")


@require_GET
def report_status(request, pk):
    report = get_report_for_user(request, pk)
    return render(request, "reports/partials/report_row.html", {"report": report})


@require_GET
def report_download(request, pk):
    report = get_report_for_user(request, pk)
    if report.status != Report.Status.DONE or not report.file:
        raise Http404
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.download_name(),
                        content_type="application/pdf")
