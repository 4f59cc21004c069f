"""Named rules for budgets.

Who may do what:
- edit (budgets.edit_budget, budgets.edit_outcome): staff, the project's coordinators and its finance
  support (budgets.FinanceSupport);
- read every version, scenarios included, and the outcome: those, and the steering group;
- a funder contact reads the applied, granted and revised versions of the projects they follow, never
  scenarios (work in progress) nor the outcome page;
- the planning basis of time (people, share of time, months, hourly cost, amount) everyone who reads the
  version; the salary inputs themselves (monthly salary, on-cost rate: budgets.view_salaries) only those who
  edit. Lab leads, the reference group and everyone else see no budget at all (404);
- an organisation's on-cost rate for a year is shared by every project's budgets: those who see salaries read
  it, only finance support and staff change it (budgets.edit_on_cost_rates), not a project's coordinator.
"""

from django.db.models import Q

from accounts.rules import rule
from projects.models import ProjectMembership
from projects.permissions import is_coordinator, roles_on

Role = ProjectMembership.Role


def _finance_support_project_ids(user) -> set[int]:
    cache = getattr(user, "_finance_support_cache", None)
    if cache is None:
        from .models import FinanceSupport

        cache = user._finance_support_cache = set(
            FinanceSupport.objects.filter(user=user).values_list("project_id", flat=True)
        )
    return cache


def is_finance_support(user, project) -> bool:
    return project.pk in _finance_support_project_ids(user)


def is_finance_support_anywhere(user) -> bool:
    return bool(_finance_support_project_ids(user))


def _may_edit(user, project) -> bool:
    return user.is_staff or is_coordinator(user, project) or is_finance_support(user, project)


def _reads_everything(user, project) -> bool:
    return _may_edit(user, project) or Role.STEERING in roles_on(user, project)


def budget_access_filter(user) -> Q:
    """The budgets a non-staff user may read, as a filter (matches budgets.view_budget)."""
    from .models import Budget, FinanceSupport

    internal = ProjectMembership.objects.filter(
        user=user, role__in=[Role.COORDINATOR, Role.STEERING]
    ).values("project_id")
    finance = FinanceSupport.objects.filter(user=user).values("project_id")
    funder = ProjectMembership.objects.filter(user=user, role=Role.FUNDER_CONTACT).values("project_id")
    return (Q(project_id__in=internal) | Q(project_id__in=finance)
            | (Q(project_id__in=funder) & ~Q(kind=Budget.Kind.SCENARIO)))


@rule("budgets.view_budget")
def can_view_budget(user, budget) -> bool:
    project = budget.project
    if _reads_everything(user, project):
        return True
    return Role.FUNDER_CONTACT in roles_on(user, project) and budget.kind != budget.Kind.SCENARIO


@rule("budgets.edit_budget")
def can_edit_budget(user, budget) -> bool:
    return _may_edit(user, budget.project)


@rule("budgets.view_salaries")
def can_view_salaries(user, budget) -> bool:
    return _may_edit(user, budget.project)


@rule("budgets.edit_on_cost_rates")
def can_edit_on_cost_rates(user, budget) -> bool:
    """The rates (OnCostRate) are per organisation and year, for every project: GR's finance support (of the
    version's project) and administrators change them; a coordinator reads them but changes only their own
    lines' rates."""
    return user.is_staff or is_finance_support(user, budget.project)


@rule("budgets.view_outcome")
def can_view_outcome(user, project) -> bool:
    return _reads_everything(user, project)


@rule("budgets.edit_outcome")
def can_edit_outcome(user, project) -> bool:
    return _may_edit(user, project)


@rule("budgets.create_version")
def can_create_version(user, project) -> bool:
    return _may_edit(user, project)
