"""Named rules for budgets."""

from accounts.rules import rule
from projects.permissions import can_view_internal, is_coordinator


@rule("budgets.view_budget")
def can_view_budget(user, budget) -> bool:
    return can_view_internal(user, budget.project)


@rule("budgets.edit_budget")
def can_edit_budget(user, budget) -> bool:
    return user.is_staff or is_coordinator(user, budget.project)
