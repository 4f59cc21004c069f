from django.shortcuts import get_object_or_404, render

from accounts.rules import require
from projects.sections import Section

from .models import Budget
from .permissions import can_view_budget


def project_budgets_section(request, project):
    budgets = [b for b in Budget.objects.for_page().filter(project=project) if can_view_budget(request.user, b)]
    if not budgets:
        return None
    return Section("budgets/partials/project_section.html", {"budgets": budgets}, order=30)


def budget_detail(request, pk):
    budget = get_object_or_404(Budget.objects.for_page(), pk=pk)
    require(request.user, "budgets.view_budget", budget, hide=True)
    return render(request, "budgets/budget_detail.html", {"budget": budget, "balance": budget.balance()})
