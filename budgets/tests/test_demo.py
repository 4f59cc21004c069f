"""The flagship budget of the demo (DOMAIN.md): it does not add up by GR's unfinanced overhead; a scenario does."""

from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.urls import reverse

from budgets.models import Budget
from budgets.selectors import balance_for_projects
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
    assert result.gaps == {(2018, "Göteborgsregionen"): D("-109620.00"), (2019, "Göteborgsregionen"): D("-109620.00")}
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
