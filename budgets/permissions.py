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

from accounts.rules import rule
from projects.permissions import is_coordinator
from projects.roles import roles_for

from .models import FinanceSupport


def finance_support_of(user):
    """The role source (projects.roles): the person's FinanceSupport rows (the projects they support)."""
    return FinanceSupport.objects.filter(user=user)


def is_finance_support(user, project) -> bool:
    return project.pk in roles_for(user).finance_support


def is_finance_support_anywhere(user) -> bool:
    return bool(roles_for(user).finance_support)


def _may_edit(user, project) -> bool:
    return user.is_staff or is_coordinator(user, project) or is_finance_support(user, project)


def _reads_everything(roles, project_id) -> bool:
    """Every version, scenarios included, and the outcome: coordinators, steering group, finance support."""
    return project_id in roles.internal or project_id in roles.finance_support


@rule("budgets.view_budget")
def can_view_budget(user, budget) -> bool:
    """As Budget.objects.visible_to() (budgets.models.budget_access_filter)."""
    roles = roles_for(user)
    if roles.is_staff or _reads_everything(roles, budget.project_id):
        return True
    return budget.project_id in roles.funds and budget.kind != budget.Kind.SCENARIO


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
    roles = roles_for(user)
    return roles.is_staff or _reads_everything(roles, project.pk)


@rule("budgets.edit_outcome")
def can_edit_outcome(user, project) -> bool:
    return _may_edit(user, project)


@rule("budgets.create_version")
def can_create_version(user, project) -> bool:
    return _may_edit(user, project)


@rule("budgets.assign_finance_support")
def can_assign_finance_support(user, project) -> bool:
    """Who makes someone finance support on a project, or takes it away: as projects.edit_project (the project's
    coordinators and administrators), not finance support itself."""
    return user.is_staff or is_coordinator(user, project)
