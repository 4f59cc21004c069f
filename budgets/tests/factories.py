from decimal import Decimal

import factory

from accounts.tests.factories import OrganisationFactory
from budgets import ledger
from budgets.models import (
    ActualCost,
    Budget,
    CostLine,
    FinanceSupport,
    FinancingLine,
    FunderRule,
    ImportBatch,
    OnCostRate,
)
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


class OnCostRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OnCostRate

    organisation = factory.SubFactory(OrganisationFactory)
    year = 2025
    percent = Decimal("40.00")


class FunderRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FunderRule

    funder = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Rule {n}")


class FinanceSupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinanceSupport

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory("accounts.tests.factories.UserFactory")


class ActualCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActualCost

    project = factory.SubFactory(ProjectFactory)
    date = factory.LazyAttribute(lambda o: o.project.start_date)
    category = CostLine.Category.PERSONNEL
    organisation = factory.SubFactory(OrganisationFactory)
    amount = Decimal("1000.00")


def _ledger_rows(batch) -> list[dict]:
    """One good row, checked as an upload is (budgets.ledger): the project's owner books a personnel cost."""
    project = batch.project
    raw = [["datum", "kategori", "organisation", "beskrivning", "belopp"],
           [project.start_date.isoformat(), "personnel", project.owner.name, "Lön projektledare", "1000,00"]]
    return ledger.check_rows(raw, project=project, organisations=[project.owner])


class ImportBatchFactory(factory.django.DjangoModelFactory):
    """An uploaded ledger file awaiting confirmation (nothing booked yet), as services.import_preview keeps it."""

    class Meta:
        model = ImportBatch

    project = factory.SubFactory(ProjectFactory)
    file_name = "huvudbok.csv"
    rows = factory.LazyAttribute(_ledger_rows)
