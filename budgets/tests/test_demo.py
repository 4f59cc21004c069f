"""The flagship budget of the demo (DOMAIN.md): it does not add up by GR's unfinanced overhead; a scenario does."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.urls import reverse

from budgets.models import Budget
from budgets.selectors import balance_for_projects
from grportal.demo_calendar import DemoCalendar
from projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagship(settings):
    call_command("load_demo", quiet_logins=True)
    call_command("load_demo", quiet_logins=True)  # twice: idempotent
    return Project.objects.get(short_name="SISP")


def test_the_applied_budget_does_not_add_up_by_the_overhead(flagship):
    budget = Budget.objects.for_page().get(project=flagship, is_current=True)
    result = budget.balance()
    # Per project year: GR's personnel 241 920 + 147 840 + 35 280 + 13 440 = 438 480; RISE 250 000; premises,
    # meetings and travel 110 000; overhead 25 % of 438 480 = 109 620 → GR 908 100. Each of the five
    # municipalities: local leader 20 % × 46 000 × 12 × 1.42 = 156 768 and working group 6 × 5 % × 40 000 × 12
    # × 1.42 = 204 480 → 361 248. Year: 908 100 + 5 × 361 248 = 2 714 340; two years 5 428 680.
    assert result.total_cost == D("5428680.00")
    # Financing per year: Vinnova 500 000 + Länsstyrelsen 298 480 to GR; per municipality Vinnova 78 384 and
    # in kind 78 384 + 204 480 → 2 604 720; two years 5 209 440.
    assert result.total_financing == D("5209440.00")
    # What is missing is exactly GR's overhead, 109 620 a year.
    assert result.difference == D("-219240.00")
    first, second = (DemoCalendar.of_start(flagship.start_date).year(year) for year in (2018, 2019))
    assert result.gaps == {(first, "Göteborgsregionen"): D("-109620.00"),
                           (second, "Göteborgsregionen"): D("-109620.00")}
    assert budget.cost_lines.count() == 2 * (4 + 1 + 3 + 1 + 5 * 2)


def test_the_scenario_balances_and_the_dashboard_api_reports_the_current_version(flagship):
    scenario = Budget.objects.for_page().get(project=flagship, kind=Budget.Kind.SCENARIO)
    assert scenario.balance().balances_everywhere
    summary = balance_for_projects([flagship.pk])[flagship.pk]
    assert (summary.total_cost, summary.difference, summary.balances) == (D("5428680.00"), D("-219240.00"), False)
    assert balance_for_projects([]) == {}


def test_the_page_says_it_in_words(client, flagship):
    from accounts.models import User

    client.force_login(User.objects.get(email="samordnare@demo.grportal.se"))
    budget = Budget.objects.get(project=flagship, is_current=True)
    body = client.get(reverse("budgets:detail", args=[budget.pk])).content.decode()
    assert "219\u00a0240,00\u00a0kr" in body
    assert "109\u00a0620,00\u00a0kr" in body
    assert "verdict-bad" in body


def test_the_funders_rules_on_the_flagship_worked_by_hand(flagship):
    from budgets.selectors import rule_results

    budget = Budget.objects.for_page().get(project=flagship, is_current=True)
    checks = {(r.rule.name, c.code): c for r in rule_results(budget) for c in r.checks}
    # Länsstyrelsen, co-financing at least 50 %: in kind per year 5 × (78 384 + 204 480) = 1 414 320, two years
    # 2 828 640 of 5 428 680 = 52.105… → 52.1 %; 50 % of 5 428 680 = 2 714 340
    c = checks[("§ 37-medel (förordning 2010:1122)", "co_financing")]
    assert (c.ok, c.actual, c.amount_limit) == (True, D("52.1"), D("2714340.00"))
    # Vinnova's call, at most 50 % of the total: grant 2 × (500 000 + 5 × 78 384) = 1 783 840 → 32.859… → 32.9 %
    call_year = DemoCalendar.of_start(flagship.start_date).date(dt.date(2017, 9, 27)).year  # the call, moved
    c = checks[(f"Utlysning: Social innovation mot segregation {call_year}", "max_share")]
    assert (c.ok, c.actual, c.amount_limit) == (True, D("32.9"), D("2714340.00"))
    # the decision: 40 % × 5 428 680 = 2 171 472 > 1 800 000, so at most 1 800 000; the grant 1 783 840 is under
    c = checks[("Beslut om bidrag", "grant_ceiling")]
    assert (c.ok, c.limit, c.actual) == (True, D("1800000.00"), D("1783840.00"))
    # Vinnova's overhead cap, GR only (the municipalities claim none): GR's personnel 2 × 438 480 = 876 960,
    # 30 % = 263 088; its overhead 2 × 109 620 = 219 240 = 25.0 %
    c = checks[("Vinnovas allmänna villkor", "indirect_cap")]
    assert (c.ok, c.actual, c.amount_limit, c.offenders) == (True, D("25.0"), D("263088.00"), ())
    # 800 kr an hour on average: personnel 876 960 + 10 × 361 248 = 4 489 440 over the hours per year
    # GR 57 % × 1 720 = 980.4 and 5 × (20 % × 1 720 + 6 × 5 % × 1 720) = 5 × 860 = 4 300, so 2 × 5 280.4 = 10 560.8;
    # 4 489 440 ÷ 10 560.8 = 425.104… → 425.10
    c = checks[("Vinnovas allmänna villkor", "hourly_cap")]
    assert (c.ok, c.actual) == (True, D("425.10"))
    assert len(checks) == 5
