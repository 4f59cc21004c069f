from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Organisation
from accounts.rules import has, require
from grportal.exports import xlsx_response
from grportal.forms import apply_validation_error
from grportal.locking import StaleEdit
from projects.models import Project
from projects.sections import Section

from . import exports, ledger, selectors, services
from .forms import (
    ActualCostForm,
    BudgetCopyForm,
    BudgetCreateForm,
    BudgetForm,
    CompareForm,
    CostLineForm,
    FinancingLineForm,
    LedgerUploadForm,
    OnCostRateForm,
)
from .models import ActualCost, Budget, CostLine, FinancingLine, FunderRule, ImportBatch, OnCostRate
from .permissions import can_view_budget


def grant_mismatches_for(user, budget) -> list[selectors.GrantMismatch]:
    """The current version's grant lines against the funders' decisions, for those who may see both: the
    decisions are the funding applications, internal to the project (projects.view_internal; a funder contact
    does not see what another funder granted). Other versions are drafts and scenarios (e.g. for the next
    application): they are not held to today's decisions. One query, none for others."""
    if budget is None or not budget.is_current or not has(user, "projects.view_internal", budget.project):
        return []
    return selectors.grant_reconciliation_for_budget(budget)


def project_budgets_section(request, project):
    budgets = [b for b in Budget.objects.for_page().filter(project=project) if can_view_budget(request.user, b)]
    may_create = has(request.user, "budgets.create_version", project)
    if not budgets and not may_create:
        return None
    current = next((b for b in budgets if b.is_current), None)
    return Section("budgets/partials/project_section.html", {
        "budgets": budgets, "may_view_outcome": bool(budgets) and has(request.user, "budgets.view_outcome", project),
        "may_create": may_create, "project": project,
        "grant_mismatches": grant_mismatches_for(request.user, current),
    }, order=30)


# --- One way in -------------------------------------------------------------------------------------


def get_budget_for_user(request, pk, rule="budgets.view_budget", queryset=None) -> Budget:
    """The version if the person may read it (404 otherwise); 403 when they may read but not do `rule`."""
    budget = get_object_or_404(queryset if queryset is not None else Budget.objects.select_related("project__owner"),
                               pk=pk)
    require(request.user, "budgets.view_budget", budget, hide=True)
    if rule != "budgets.view_budget":
        require(request.user, rule, budget)
    return budget


def get_project_for_outcome(request, pk, rule="budgets.view_outcome") -> Project:
    project = get_object_or_404(Project.objects.select_related("owner"), pk=pk)
    require(request.user, "budgets.view_outcome", project, hide=True)
    if rule != "budgets.view_outcome":
        require(request.user, rule, project)
    return project


def _versions(request, project):
    return [b for b in Budget.objects.filter(project=project).select_related("project")
            .order_by("-is_current", "-created_at") if can_view_budget(request.user, b)]


# --- The budget page --------------------------------------------------------------------------------


def budget_detail(request, pk):
    budget = get_budget_for_user(request, pk, queryset=Budget.objects.for_page())
    versions = _versions(request, budget.project)
    return render(request, "budgets/budget_detail.html", {
        "budget": budget,
        "balance": budget.balance(),
        "overview": selectors.overview(budget),
        "rules": selectors.rule_results(budget),
        "grant_mismatches": grant_mismatches_for(request.user, budget),
        "versions": versions,
        "compare_form": CompareForm(budgets=[v for v in versions if v.pk != budget.pk]),
        "may_edit": has(request.user, "budgets.edit_budget", budget),
        "may_see_salaries": has(request.user, "budgets.view_salaries", budget),
        "may_view_outcome": has(request.user, "budgets.view_outcome", budget.project),
    })


def _save_line(request, budget, form, create, update, line=None):
    """Run the service; its ValidationError goes next to the field, a stale version to the form."""
    try:
        if line is None:
            create(budget=budget, **form.model_values())
        else:
            update(line=line, values=form.model_values(), expected_version=form.expected_version)
    except ValidationError as error:
        apply_validation_error(form, error)
        return False
    except StaleEdit as stale:
        form.refuse(stale)  # what they saved against what was typed; the typed values stay
        return False
    return True


def _status(request, form) -> int:
    """400 for a form with errors, 409 for a save refused because someone else saved first (grportal.locking)."""
    if request.method != "POST":
        return 200
    return 409 if form.conflict else 400


@require_http_methods(["GET", "POST"])
def line_edit(request, pk, section, line_pk=None):
    if section not in ("cost", "financing"):
        raise Http404
    budget = get_budget_for_user(request, pk, "budgets.edit_budget", queryset=Budget.objects.for_page())
    model, form_class, create, update = {
        "cost": (CostLine, CostLineForm, services.cost_line_create, services.cost_line_update),
        "financing": (FinancingLine, FinancingLineForm, services.financing_line_create,
                      services.financing_line_update),
    }[section]
    line = get_object_or_404(model, pk=line_pk, budget=budget) if line_pk else None
    form = form_class(request.POST or None, instance=line, budget=budget)
    if request.method == "POST" and form.is_valid() and _save_line(request, budget, form, create, update, line):
        messages.success(request, _("The line is saved."))
        return redirect(reverse("budgets:detail", args=[budget.pk]) + f"#{section}-lines")
    flat_rates = FunderRule.objects.filter(indirect_flat_rate_percent__isnull=False).filter(
        Q(scope=FunderRule.Scope.FUNDER, project__isnull=True) | Q(project_id=budget.project_id)
    ).select_related("funder") if section == "cost" else []
    return render(request, "budgets/line_form.html", {
        "budget": budget, "form": form, "section": section, "line": line, "flat_rates": flat_rates,
        "balance": budget.balance(),  # the verdict as the version stands, while the person decides the line
    }, status=_status(request, form))


@require_POST
def line_delete(request, pk, section, line_pk):
    if section not in ("cost", "financing"):
        raise Http404
    budget = get_budget_for_user(request, pk, "budgets.edit_budget")
    model = {"cost": CostLine, "financing": FinancingLine}[section]
    line = get_object_or_404(model, pk=line_pk, budget=budget)
    delete = services.cost_line_delete if section == "cost" else services.financing_line_delete
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        delete(line=line, expected_version=version)
    except StaleEdit:
        messages.error(request, _("Someone else changed the line before you deleted it; it is kept. Look at it "
                                  "again and delete it if it should still go."))
    else:
        messages.success(request, _("The line is deleted."))
    return redirect(reverse("budgets:detail", args=[budget.pk]) + f"#{section}-lines")


@require_http_methods(["GET", "POST"])
def budget_copy(request, pk):
    budget = get_budget_for_user(request, pk, "budgets.edit_budget", queryset=Budget.objects.for_page())
    form = BudgetCopyForm(request.POST or None, initial={"name": _("Scenario: %(name)s") % {"name": budget.name}})
    if request.method == "POST" and form.is_valid():
        copy = services.budget_copy(budget=budget, **form.cleaned_data)
        messages.success(request, _("A copy is made. Change it, then compare it with the original."))
        return redirect(copy.get_absolute_url())
    return render(request, "budgets/budget_copy.html", {"budget": budget, "form": form},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def budget_edit(request, pk):
    """A version's name, kind and note (its lines are edited one by one on the budget page)."""
    budget = get_budget_for_user(request, pk, "budgets.edit_budget")
    form = BudgetForm(request.POST or None, instance=budget)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_update(budget=budget, values=form.model_values(), expected_version=form.expected_version)
        except ValidationError as error:
            apply_validation_error(form, error)
        except StaleEdit as stale:
            form.refuse(stale)
        else:
            messages.success(request, _("The budget version is saved."))
            return redirect(budget.get_absolute_url())
    return render(request, "budgets/budget_form.html", {"budget": budget, "form": form},
                  status=_status(request, form))


@require_http_methods(["GET", "POST"])
def budget_new(request, pk):
    """A project's budget from scratch (later versions are usually copies: see budget_copy)."""
    project = get_object_or_404(Project.objects.select_related("owner"), pk=pk)
    if not has(request.user, "budgets.create_version", project):
        # finance support may have no role on the project itself; others who read the project get a 403
        require(request.user, "projects.view_project", project, hide=True)
        require(request.user, "budgets.create_version", project)
    form = BudgetCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        budget = services.budget_create(project=project, **form.cleaned_data)
        messages.success(request, _("The budget is created. Add its cost and financing lines."))
        return redirect(budget.get_absolute_url())
    return render(request, "budgets/budget_new.html", {"project": project, "form": form},
                  status=400 if request.method == "POST" else 200)


@require_POST
def budget_make_current(request, pk):
    budget = get_budget_for_user(request, pk, "budgets.edit_budget")
    services.budget_make_current(budget=budget)
    messages.success(request, _("This is now the current version."))
    return redirect(budget.get_absolute_url())


@require_http_methods(["GET", "POST"])
def on_cost_rates(request, pk):
    """The organisations' on-cost rates (PO-pålägg) and annual hours per year. They are shared by every project's
    budgets: read by those who see salaries, set only by finance support and administrators."""
    budget = get_budget_for_user(request, pk, "budgets.view_salaries")
    may_set = has(request.user, "budgets.edit_on_cost_rates", budget)
    if request.method == "POST":
        require(request.user, "budgets.edit_on_cost_rates", budget)
    form = OnCostRateForm(request.POST or None, budget=budget) if may_set else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rate = services.on_cost_rate_set(organisation=data["organisation"], year=data["year"],
                                         percent=data["percent"], annual_hours=data["annual_hours"])
        changed = services.rate_apply_to_budget(budget=budget, rate=rate) if data["apply"] else 0
        messages.success(request, _("The rate is saved; %(count)s lines of this version were recalculated.") % {
            "count": changed})
        return redirect("budgets:on_cost_rates", pk=budget.pk)
    organisations = {line.organisation_id for line in budget.cost_lines.all()} | {
        line.organisation_id for line in budget.financing_lines.all()}
    rates = OnCostRate.objects.filter(organisation_id__in=organisations).select_related("organisation")
    return render(request, "budgets/on_cost_rates.html", {"budget": budget, "form": form, "rates": rates},
                  status=400 if request.method == "POST" else 200)


def budget_compare(request, pk):
    budget = get_budget_for_user(request, pk, queryset=Budget.objects.for_page())
    versions = _versions(request, budget.project)
    form = CompareForm(request.GET or None, budgets=[v for v in versions if v.pk != budget.pk])
    other = None
    if form.is_valid():
        # the choices are only versions the person may read
        other = Budget.objects.for_page().get(pk=form.cleaned_data["other"])
    context = {"budget": budget, "form": form, "other": other}
    if other is not None:
        lines = selectors.compare(budget, other)
        balance_a, balance_b = budget.balance(), other.balance()
        sections = []
        for title, section, anchor in ((_("Cost lines"), "cost", "compare-costs"),
                                       (_("Financing lines"), "financing", "compare-financing")):
            rows = [line for line in lines if line.section == section]
            sections.append((title, rows, anchor, sum(1 for line in rows if line.status != "same")))
        context |= {
            "other": other,
            "sections": sections,
            "balance_a": balance_a,
            "balance_b": balance_b,
            "cost_change": balance_b.total_cost - balance_a.total_cost,
            "financing_change": balance_b.total_financing - balance_a.total_financing,
            "difference_change": balance_b.difference - balance_a.difference,
        }
    return render(request, "budgets/budget_compare.html", context)


# --- Outcome ----------------------------------------------------------------------------------------


def outcome(request, pk):
    project = get_project_for_outcome(request, pk)
    may_edit = has(request.user, "budgets.edit_outcome", project)
    form = ActualCostForm(project=project) if may_edit else None
    return _render_outcome(request, project, form, may_edit)


def _render_outcome(request, project, form, may_edit, status=200):
    actuals = (ActualCost.objects.filter(project=project).select_related("organisation")
               .order_by("-date", "-pk")[:50])
    result = selectors.outcome(project)
    return render(request, "budgets/outcome.html", {
        "project": project, "outcome": result, "tables": exports.outcome_tables(result), "form": form,
        "may_edit": may_edit,
        "actuals": actuals, "upload_form": LedgerUploadForm() if may_edit else None,
    }, status=status)


@require_POST
def actual_new(request, pk):
    project = get_project_for_outcome(request, pk, "budgets.edit_outcome")
    form = ActualCostForm(request.POST, project=project)
    if form.is_valid():
        try:
            services.actual_cost_create(project=project, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The cost is booked."))
            return redirect(reverse("budgets:outcome", args=[project.pk]) + "#actuals")
    return _render_outcome(request, project, form, True, status=400)


@require_POST
def actual_delete(request, pk, cost_pk):
    project = get_project_for_outcome(request, pk, "budgets.edit_outcome")
    cost = get_object_or_404(ActualCost, pk=cost_pk, project=project)
    services.actual_cost_delete(cost=cost)
    messages.success(request, _("The booked cost is deleted."))
    return redirect(reverse("budgets:outcome", args=[project.pk]) + "#actuals")


@require_http_methods(["GET", "POST"])
def import_upload(request, pk):
    project = get_project_for_outcome(request, pk, "budgets.edit_outcome")
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            raw = ledger.read_rows(upload.name, upload.read())
            rows = ledger.check_rows(raw, project=project, organisations=list(Organisation.objects.all()))
        except ledger.LedgerError as error:
            form.add_error("file", str(error))
        else:
            batch = services.import_preview(project=project, file_name=upload.name, rows=rows, user=request.user)
            return redirect("budgets:import_preview", pk=project.pk, batch_pk=batch.pk)
    return render(request, "budgets/import_upload.html", {"project": project, "form": form},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def import_preview(request, pk, batch_pk):
    project = get_project_for_outcome(request, pk, "budgets.edit_outcome")
    batch = get_object_or_404(ImportBatch, pk=batch_pk, project=project)
    error = None
    if request.method == "POST":
        try:
            created = services.import_confirm(batch=batch, user=request.user)
        except services.ImportRefused as refused:
            error = str(refused)
        else:
            messages.success(request, _("%(count)s costs are booked from %(file)s.") % {
                "count": len(created), "file": batch.file_name})
            return redirect(reverse("budgets:outcome", args=[project.pk]) + "#actuals")
    total = sum((float_free(row["values"].get("amount")) for row in batch.rows if not row["error"]),
                start=services.Decimal("0.00"))
    return render(request, "budgets/import_preview.html", {
        "project": project, "batch": batch, "error": error, "bad_rows": batch.bad_rows, "total": total,
    }, status=400 if error else 200)


def float_free(text):
    return services.Decimal(text or "0")


def outcome_export(request, pk):
    project = get_project_for_outcome(request, pk)
    result = selectors.outcome(project)
    workbook = exports.outcome_xlsx(project, result)
    return xlsx_response(workbook, filename=f"utfall-{project.short_name or f'projekt-{project.pk}'}.xlsx")


