"""The budgets' part of the demo: the flagship project's applied budget as DOMAIN.md describes it (it does not
balance: GR's overhead is not financed, "Slutsats: går ej ihop!"), a scenario that balances, the funders'
rules, on-cost rates, and some booked costs. Idempotent: the budget is rebuilt only while it lacks planned
personnel lines, the rest is keyed on names.

The plan is in project years (2018 = December 2017 to November 2018, 2019 = the rest), as the source plan was, moved
with its dates by demo.calendar (grportal/demo_calendar.py).
"""

import datetime as dt
from decimal import Decimal as D

from accounts.models import Organisation

from . import services
from .models import ActualCost, Budget, CostLine, FinancingLine, FunderRule, OnCostRate

YEARS = (2018, 2019)
MUNICIPALITIES = ["Ale", "Kungälv", "Mölndal", "Partille", "Stenungsund"]
GR_ON_COST, MUNICIPAL_ON_COST = D("40.00"), D("42.00")
# GR's project coordination, 57 % in all: (role, share of full time, monthly salary)
GR_STAFF = [("Projektledare", D("30"), D("48000")), ("Delprojektledare", D("20"), D("44000")),
            ("Ekonomistöd", D("5"), D("42000")), ("Samskapandestöd", D("2"), D("40000"))]
OVERHEAD_PERCENT = D("25")   # GR's OH-kostnader as a flat rate on its personnel costs
# The grant lines add up to the decisions in projects/demo.py (Vinnova 1 783 840, Länsstyrelsen 596 960): change
# both together, or the budget page, the project page and the dashboard flag the grants as not matching.
VINNOVA_TO_GR, LANSSTYRELSEN_TO_GR = D("500000.00"), D("298480.00")
SCENARIO = "Scenario: VGR medfinansierar GR:s overhead"


def load(demo):
    project, org, calendar = demo.project, demo.org, demo.calendar
    years = [calendar.year(year) for year in YEARS]
    gr = org["Göteborgsregionen"]
    vinnova = org["Vinnova"]
    lansstyrelsen = Organisation.objects.get(name="Länsstyrelsen Västra Götaland")
    esf = Organisation.objects.filter(name="Svenska ESF-rådet").first()
    vgr, _ = Organisation.objects.get_or_create(name="Västra Götalandsregionen",
                                                defaults={"kind": Organisation.Kind.REGION})
    for year in years:
        OnCostRate.objects.get_or_create(organisation=gr, year=year, defaults={"percent": GR_ON_COST})
        for name in MUNICIPALITIES:
            OnCostRate.objects.get_or_create(organisation=org[name], year=year, defaults={"percent": MUNICIPAL_ON_COST})
    _rules(project, vinnova, lansstyrelsen, esf, call_year=calendar.date(dt.date(2017, 9, 27)).year)

    budget = demo.budget
    if not budget.cost_lines.filter(monthly_salary__isnull=False).exists():
        budget.cost_lines.all().delete()
        budget.financing_lines.all().delete()
        budget.note = ("Ansökan till Vinnova och Länsstyrelsen. "
                       "Slutsats: går ej ihop – GR:s OH-kostnader är inte finansierade.")
        budget.save(update_fields=["note"])
        _flagship(budget, gr, vinnova, lansstyrelsen, [org[name] for name in MUNICIPALITIES], years)
    if not Budget.objects.filter(project=project, name=SCENARIO).exists():
        scenario = services.budget_copy(budget=budget, name=SCENARIO, note=(
            "Västra Götalandsregionen medfinansierar GR:s OH-kostnader kontant, 109 620 kr per år."))
        for year in years:
            services.financing_line_create(budget=scenario, year=year, kind=FinancingLine.Kind.CASH, organisation=vgr,
                                           recipient=gr, description="Kontant medfinansiering av OH",
                                           amount=D("109620.00"))
    if not ActualCost.objects.filter(project=project).exists():
        for date, category, organisation, text, amount in [
            (dt.date(2018, 3, 31), CostLine.Category.PERSONNEL, gr, "Lön projektledning jan–mar", D("104130.00")),
            (dt.date(2018, 3, 31), CostLine.Category.PREMISES, gr, "Lokalhyra kv 1", D("12500.00")),
            (dt.date(2018, 4, 12), CostLine.Category.MEETINGS, gr, "Fika lärworkshop", D("4320.50")),
            (dt.date(2018, 5, 20), CostLine.Category.TRAVEL, gr, "Resor lokala labb", D("6240.00")),
            (dt.date(2018, 6, 30), CostLine.Category.EXTERNAL_SERVICES, gr, "RISE kunskapsstöd, faktura 1",
             D("62500.00")),
        ]:
            services.actual_cost_create(project=project, date=calendar.date(date), category=category,
                                        organisation=organisation, description=text, amount=amount)


def _rules(project, vinnova, lansstyrelsen, esf, *, call_year):
    FunderRule.objects.get_or_create(funder=vinnova, scope=FunderRule.Scope.FUNDER, name="Vinnovas allmänna villkor",
                                     defaults={"indirect_cap_percent_of_personnel": D("30"),
                                               "personnel_hourly_cap": D("800.00")})
    FunderRule.objects.get_or_create(funder=vinnova, scope=FunderRule.Scope.CALL, project=project,
                                     name=f"Utlysning: Social innovation mot segregation {call_year}",
                                     defaults={"max_share_of_total_percent": D("50")})
    FunderRule.objects.get_or_create(funder=vinnova, scope=FunderRule.Scope.DECISION, project=project,
                                     name="Beslut om bidrag", defaults={"max_amount": D("1800000.00"),
                                                                       "max_support_percent": D("40")})
    FunderRule.objects.get_or_create(funder=lansstyrelsen, scope=FunderRule.Scope.FUNDER,
                                     name="§ 37-medel (förordning 2010:1122)",
                                     defaults={"required_co_financing_percent": D("50")})
    if esf is not None:
        FunderRule.objects.get_or_create(funder=esf, scope=FunderRule.Scope.FUNDER,
                                         name="Schablon för indirekta kostnader",
                                         defaults={"indirect_flat_rate_percent": D("15"),
                                                   "indirect_flat_rate_base": CostLine.FlatRateBase.PERSONNEL})


def _flagship(budget, gr, vinnova, lansstyrelsen, municipalities, years):
    P = CostLine.Category
    for year in years:
        for role, share, salary in GR_STAFF:
            services.cost_line_create(budget=budget, year=year, category=P.PERSONNEL, organisation=gr,
                                      description=f"{role} {share} %", people=1, share_percent=share,
                                      monthly_salary=salary, months=D("12"))
        services.cost_line_create(budget=budget, year=year, category=P.EXTERNAL_SERVICES, organisation=gr,
                                  description="RISE kunskapsstöd 15 %", amount=D("250000.00"))
        for category, text, amount in [(P.PREMISES, "Lokaler", "50000.00"), (P.MEETINGS, "Möten och fika", "30000.00"),
                                       (P.TRAVEL, "Resor", "30000.00")]:
            services.cost_line_create(budget=budget, year=year, category=category, organisation=gr, description=text,
                                      amount=D(amount))
        services.cost_line_create(budget=budget, year=year, category=P.INDIRECT, organisation=gr,
                                  description="OH-kostnader GR", flat_rate_percent=OVERHEAD_PERCENT,
                                  flat_rate_base=CostLine.FlatRateBase.PERSONNEL)
        services.financing_line_create(budget=budget, year=year, kind=FinancingLine.Kind.GRANT, organisation=vinnova,
                                       description="Projektkoordinering GR", amount=VINNOVA_TO_GR)
        services.financing_line_create(budget=budget, year=year, kind=FinancingLine.Kind.GRANT,
                                       organisation=lansstyrelsen, description="§ 37-medel", amount=LANSSTYRELSEN_TO_GR)
        for municipality in municipalities:
            services.cost_line_create(budget=budget, year=year, category=P.PERSONNEL, organisation=municipality,
                                      description="Lokal projektledare 20 %", people=1, share_percent=D("20"),
                                      monthly_salary=D("46000"), months=D("12"))
            services.cost_line_create(budget=budget, year=year, category=P.PERSONNEL, organisation=municipality,
                                      description="Lokal arbetsgrupp, 6 personer à 5 %", people=6,
                                      share_percent=D("5"), monthly_salary=D("40000"), months=D("12"))
            services.financing_line_create(budget=budget, year=year, kind=FinancingLine.Kind.GRANT,
                                           organisation=vinnova, recipient=municipality,
                                           description="Lokal projektledare, finansierade 10 %",
                                           amount=D("78384.00"))
            services.financing_line_create(budget=budget, year=year, kind=FinancingLine.Kind.IN_KIND,
                                           organisation=municipality, description="Lokal projektledare, egna 10 %",
                                           people=1, share_percent=D("10"), monthly_salary=D("46000"),
                                           months=D("12"))
            services.financing_line_create(budget=budget, year=year, kind=FinancingLine.Kind.IN_KIND,
                                           organisation=municipality, description="Lokal arbetsgrupp",
                                           people=6, share_percent=D("5"), monthly_salary=D("40000"),
                                           months=D("12"))
