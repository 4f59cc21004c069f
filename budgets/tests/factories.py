from decimal import Decimal

import factory

from accounts.tests.factories import OrganisationFactory
from budgets.models import Budget, CostLine, FinancingLine
from projects.tests.factories import ProjectFactory


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Budget {n}")
    is_current = True


class CostLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostLine

    budget = factory.SubFactory(BudgetFactory)
    year = 2025
    category = CostLine.Category.PERSONNEL
    organisation = factory.SubFactory(OrganisationFactory)
    amount = Decimal("100000.00")


class FinancingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancingLine

    budget = factory.SubFactory(BudgetFactory)
    year = 2025
    kind = FinancingLine.Kind.GRANT
    organisation = factory.SubFactory(OrganisationFactory)
    amount = Decimal("100000.00")
