"""Budgets and bookings drawn by hypothesis for the printed-money tests (the outcome page, its XLSX, the funder
reports): cost lines, financing lines and booked costs in öre, in-kind hours logged in a lab, and a project period
placed around today so that the straight-line forecast has an awkward factor."""

import datetime as dt
from decimal import Decimal as D

from hypothesis import strategies as st

from accounts.models import Organisation
from budgets import services
from budgets.models import CostLine, FinancingLine
from budgets.tests.factories import ActualCostFactory, BudgetFactory, CostLineFactory, FinancingLineFactory
from labs.models import Activity
from labs.tests.factories import ActivityFactory

COST_BEARERS = ("owner", "ale", "kungalv")
FINANCIERS = ("vinnova", "lansstyrelsen", "ale", "kungalv")


def organisations(world) -> dict[str, Organisation]:
    """The project owner, the two labs' municipalities and the two seeded funders."""
    return {"owner": world.project.owner, "ale": world.lab.municipality, "kungalv": world.other_lab.municipality,
            "vinnova": Organisation.objects.get(name="Vinnova"),
            "lansstyrelsen": Organisation.objects.get(name="Länsstyrelsen Västra Götaland")}


budget_amount = st.integers(min_value=0, max_value=50_000_000).map(lambda n: D(n).scaleb(-2))
booked_amount = st.integers(min_value=-1_000_000, max_value=20_000_000).map(lambda n: D(n).scaleb(-2))
categories = st.sampled_from(CostLine.Category.values)
years = st.sampled_from((0, 1))  # the project's first or second calendar year

scenarios = st.fixed_dictionaries({
    # The project's length and how much of it has passed today: the forecast's factor is total ÷ elapsed.
    "total_days": st.integers(min_value=2, max_value=1100),
    "elapsed": st.floats(min_value=0.01, max_value=1.0),
    "cost_lines": st.lists(st.tuples(categories, st.sampled_from(COST_BEARERS), years, budget_amount), max_size=6),
    # The day is taken modulo the project's length: some bookings fall after today (after a report's period).
    "actual_costs": st.lists(st.tuples(categories, st.sampled_from(COST_BEARERS),
                                       st.integers(min_value=0, max_value=10_000), booked_amount), max_size=8),
    "financing_lines": st.lists(st.tuples(st.sampled_from(FinancingLine.Kind.values), st.sampled_from(FINANCIERS),
                                          years, budget_amount), max_size=4),
    # Co-financed hours logged in Ale's lab (submitted activities), and whether Ale plans its time in the budget.
    "hours": st.lists(st.integers(min_value=1, max_value=20_000).map(lambda n: D(n).scaleb(-2)), max_size=3),
    "planned_time": st.booleans(),
})


def build(world, orgs: dict[str, Organisation], scenario: dict, *, today: dt.date):
    """The scenario in the database, the project period placed around today; returns the current version."""
    total_days = scenario["total_days"]
    elapsed = max(1, min(total_days, round(scenario["elapsed"] * total_days)))
    project = world.project
    project.start_date = today - dt.timedelta(days=elapsed - 1)
    project.end_date = project.start_date + dt.timedelta(days=total_days - 1)
    project.save(update_fields=["start_date", "end_date"])
    first_year = project.start_date.year
    budget = BudgetFactory(project=project)
    for category, org, year, value in scenario["cost_lines"]:
        CostLineFactory(budget=budget, category=category, organisation=orgs[org], year=first_year + year,
                        amount=value)
    for kind, org, year, value in scenario["financing_lines"]:
        FinancingLineFactory(budget=budget, kind=kind, organisation=orgs[org], year=first_year + year, amount=value)
    for category, org, day, value in scenario["actual_costs"]:
        ActualCostFactory(project=project, category=category, organisation=orgs[org], amount=value,
                          date=project.start_date + dt.timedelta(days=day % total_days))
    if scenario.get("planned_time"):
        services.financing_line_create(budget=budget, year=today.year, kind=FinancingLine.Kind.IN_KIND,
                                       organisation=orgs["ale"], people=1, share_percent=D("10"),
                                       monthly_salary=D("43000"), months=D("12"), on_cost_percent=D("40"))
    for hours in scenario.get("hours", []):
        ActivityFactory(lab=world.lab, date=today, status=Activity.Status.SUBMITTED, co_financed_hours=hours)
    return budget
