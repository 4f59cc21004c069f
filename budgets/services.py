from django.db import transaction

from .models import Budget, CostLine


@transaction.atomic
def cost_line_create(*, budget: Budget, **fields) -> CostLine:
    """Add a cost line to a budget version."""
    line = CostLine(budget=budget, **fields)
    line.full_clean()
    line.save()
    return line
