"""The coordinator reads the flagship budget's verdict, compares it with the scenario that balances, and
imports a ledger export through the preview; every page passes axe-core. A lab lead finds no budget."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from budgets.models import ActualCost, Budget

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def ledger(calendar, *, bad=False) -> str:
    """A ledger export of the demo project's first year (the source plan's dates, moved as the demo is)."""
    rows = [(dt.date(2018, 9, 30), "Resor;Göteborgsregionen;Resor till labben;4 250,00"),
            (dt.date(2018, 10, 15), "Lokaler;Göteborgsregionen;Lokalhyra;12 500,00")]
    if bad:
        rows.append((dt.date(2018, 10, 16), "Godis;Göteborgsregionen;Fika;100,00"))
    return "datum;kategori;organisation;beskrivning;belopp\n" + "".join(
        f"{calendar.date(day):%Y-%m-%d};{rest}\n" for day, rest in rows)


def test_coordinator_budget_compare_and_import(page, demo, log_in, check_page, screenshot, sv, tmp_path):
    budget = Budget.objects.get(project=demo.project, is_current=True)
    scenario = Budget.objects.get(project=demo.project, kind=Budget.Kind.SCENARIO)
    log_in(demo.coordinator)
    page.goto(budget.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(budget.name)
    expect(page.locator(".verdict")).to_contain_text("219\u00a0240,00\u00a0kr")
    check_page("the budget page")
    screenshot("budget")

    page.get_by_label(sv("Compare with")).select_option(str(scenario.pk))
    page.get_by_role("button", name=sv("Compare")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Compare budget versions"))
    expect(page.locator("table").first).to_contain_text("219\u00a0240,00\u00a0kr")
    # the verdict row says it in words, with the amount: the applied budget lacks 219 240 kr, the scenario balances
    verdicts = page.get_by_role("row", name=sv("Verdict"))
    expect(verdicts).to_contain_text(sv("does not add up: %(amount)s is not financed") % {
        "amount": "219\u00a0240,00\u00a0kr"})
    expect(verdicts.locator(".ok")).to_have_text(sv("balances"))
    check_page("the comparison page")
    screenshot("budget-compare")

    page.goto(f"/budget/projekt/{demo.project.pk}/utfall/")
    check_page("the outcome page")
    screenshot("budget-outcome")
    page.get_by_role("link", name=sv("Import a ledger export")).click()
    check_page("the import page")
    bad = tmp_path / "huvudbok-fel.csv"
    bad.write_text(ledger(demo.calendar, bad=True), encoding="utf-8")
    page.get_by_label(sv("Ledger export (CSV or XLSX)")).set_input_files(str(bad))
    page.get_by_role("button", name=sv("Check the file")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Check the import"))
    expect(page.locator("tbody")).to_contain_text("Godis")
    expect(page.get_by_role("button", name=sv("Confirm and book every row"))).to_have_count(0)
    check_page("the import preview with a bad row")
    screenshot("budget-import-refused")
    before = ActualCost.objects.count()

    page.goto(f"/budget/projekt/{demo.project.pk}/utfall/import/")
    good = tmp_path / "huvudbok.csv"
    good.write_text(ledger(demo.calendar), encoding="utf-8")
    page.get_by_label(sv("Ledger export (CSV or XLSX)")).set_input_files(str(good))
    page.get_by_role("button", name=sv("Check the file")).click()
    check_page("the import preview")
    screenshot("budget-import-preview")
    assert ActualCost.objects.count() == before
    page.get_by_role("button", name=sv("Confirm and book every row")).click()
    expect(page.locator(".messages")).to_be_visible()
    check_page("the outcome page after the import")
    assert ActualCost.objects.count() == before + 2


def test_coordinator_adds_a_personnel_line_and_sees_errors_next_to_the_fields(page, demo, log_in, check_page,
                                                                              screenshot, sv):
    budget = Budget.objects.get(project=demo.project, kind=Budget.Kind.SCENARIO)
    log_in(demo.coordinator)
    page.goto(budget.get_absolute_url())
    check_page("the scenario page")
    page.get_by_role("link", name=sv("Add a cost line")).click()
    page.locator("#id_year").fill("2031")
    page.get_by_role("button", name=sv("Save")).click()
    expect(page.locator(".error-summary")).to_be_visible()
    check_page("the line form with errors")
    screenshot("budget-line-errors")
    page.locator("#id_year").fill(str(demo.calendar.year(2019)))
    page.get_by_label(sv("category")).select_option("personnel")
    page.get_by_label(sv("bears the cost")).select_option(label="Göteborgsregionen")
    page.get_by_label(sv("description")).fill("Kommunikatör")
    page.get_by_label(sv("number of people")).fill("1")
    page.get_by_label(sv("share of full time (%)")).fill("10")
    page.get_by_label(sv("monthly salary (SEK)")).fill("40000")
    page.get_by_label(sv("months")).fill("12")
    page.get_by_role("button", name=sv("Save")).click()
    # 10 % × 40 000 × 12 × 1.40 (GR's stored on-cost rate for the second project year) = 67 200.00
    expect(page.locator("#cost-lines + div")).to_contain_text("67\u00a0200,00\u00a0kr")
    check_page("the scenario page after the new line")
    page.get_by_role("link", name=sv("On-cost rates")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("On-cost rates"))
    check_page("the on-cost rates page")


def test_a_funder_reads_the_applied_budget_without_salaries(page, demo, log_in, check_page, screenshot):
    from accounts.models import User

    budget = Budget.objects.get(project=demo.project, is_current=True)
    log_in(User.objects.get(email="vinnova@demo.grportal.se"))
    page.goto(budget.get_absolute_url())
    expect(page.locator(".verdict")).to_contain_text("219\u00a0240,00\u00a0kr")
    expect(page.locator("body")).not_to_contain_text("48\u00a0000,00\u00a0kr")  # the project leader's salary
    check_page("the budget page for a funder")
    screenshot("budget-funder")


def test_a_lab_lead_gets_no_budget(page, demo, log_in, check_page):
    budget = Budget.objects.get(project=demo.project, is_current=True)
    log_in(demo.lead)
    response = page.goto(budget.get_absolute_url())
    assert response.status == 404
    check_page("the lab lead's 404 for a budget")


def test_coordinator_starts_a_budget_from_the_project_page(page, demo, log_in, check_page, screenshot, sv):
    log_in(demo.coordinator)
    page.goto(demo.project.get_absolute_url())
    check_page("the project page")
    page.get_by_role("link", name=sv("New budget")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("New budget"))
    page.get_by_role("button", name=sv("Create the budget")).click()  # no name: the error is next to the field
    expect(page.locator(".error-summary")).to_be_visible()
    check_page("the new budget form with an error")
    page.get_by_label(sv("Name of the budget")).fill("Ansökan ESF 2027")
    page.get_by_role("button", name=sv("Create the budget")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ansökan ESF 2027")
    expect(page.locator(".verdict")).to_have_class("verdict verdict-ok")  # nothing planned: 0 kr = 0 kr
    check_page("the new, empty budget")
    screenshot("budget-new")
    assert Budget.objects.filter(project=demo.project, name="Ansökan ESF 2027", is_current=False).exists()
