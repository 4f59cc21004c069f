"""The budget pages: who may read and edit what, the verdict in words, editing, scenarios, query counts."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils.html import escape

from budgets import services
from budgets.models import Budget, CostLine, FinancingLine, OnCostRate
from budgets.tests.factories import (
    BudgetFactory,
    CostLineFactory,
    FinanceSupportFactory,
    FinancingLineFactory,
    FunderRuleFactory,
    OnCostRateFactory,
)
from projects.models import Project

pytestmark = pytest.mark.django_db

SALARY = "47\u00a0311,00\u00a0kr"   # a monthly salary nobody but editors may see
ON_COST = "PO-pålägg 40\u00a0%"     # the on-cost rate it is planned with: a salary input too
HOURLY = "462,11\u00a0kr"           # its hourly cost: 47 311 × 12 × 1.40 ÷ 1 720
                                    # = 794 824.80 ÷ 1 720 = 462.107… → 462.11
PLAN = "1 person × 50\u00a0% × 12 månader"  # people, share of time and months: the planning basis funders ask for


@pytest.fixture
def budget(world):
    budget = BudgetFactory(project=world.project, name="Ansökt budget", kind=Budget.Kind.APPLIED)
    owner = world.project.owner
    OnCostRateFactory(organisation=owner, year=2025, percent=D("40"))
    services.cost_line_create(budget=budget, year=2025, category=CostLine.Category.PERSONNEL, organisation=owner,
                              description="Projektledare", people=1, share_percent=D("50"),
                              monthly_salary=D("47311"), months=D("12"))   # 50 % × 47 311 × 12 × 1.40 = 397 412.40
    services.cost_line_create(budget=budget, year=2025, category=CostLine.Category.INDIRECT, organisation=owner,
                              description="OH", flat_rate_percent=D("25"))  # 25 % of 397 412.40 = 99 353.10
    services.financing_line_create(budget=budget, year=2025, kind=FinancingLine.Kind.GRANT,
                                   organisation=world.project.funder, amount=D("397412.40"))
    return budget


@pytest.fixture
def scenario(budget):
    return services.budget_copy(budget=budget, name="Scenario: OH finansieras")


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


# --- Reading: who sees what -------------------------------------------------------------------------


def test_the_page_says_it_does_not_balance_by_how_much_and_where(client, world, budget):
    body = get(client, world.coordinator, reverse("budgets:detail", args=[budget.pk])).content.decode()
    # costs 397 412.40 + 99 353.10 = 496 765.50; financing 397 412.40; the overhead is not financed
    assert "496\u00a0765,50\u00a0kr" in body
    assert "−99\u00a0353,10\u00a0kr" in body
    assert "99\u00a0353,10\u00a0kr" in body and world.project.owner.name in body
    assert 'class="verdict verdict-bad"' in body


def test_a_balanced_budget_says_so(client, world, budget):
    services.financing_line_create(budget=budget, year=2025, kind=FinancingLine.Kind.CASH,
                                   organisation=world.project.owner, amount=D("99353.10"))
    response = get(client, world.coordinator, reverse("budgets:detail", args=[budget.pk]))
    assert response.context["balance"].balances_everywhere
    assert 'class="verdict verdict-ok"' in response.content.decode()


def test_funder_rules_are_shown_with_the_rule_and_the_figures(client, world, budget):
    FunderRuleFactory(funder=world.project.funder, name="Allmänna villkor",
                      indirect_cap_percent_of_personnel=D("20"), personnel_hourly_cap=D("800"))
    response = get(client, world.coordinator, reverse("budgets:detail", args=[budget.pk]))
    (result,) = response.context["rules"]
    cap, hourly = result.checks
    # 20 % of 397 412.40 = 79 482.48 < 99 353.10 (25.0 %): not met
    assert (cap.ok, cap.amount_limit, cap.actual) == (False, D("79482.48"), D("25.0"))
    # 397 412.40 ÷ 860 h = 462.11 kr/h ≤ 800: met
    assert (hourly.ok, hourly.actual) == (True, D("462.11"))
    body = response.content.decode()
    assert "79\u00a0482,48\u00a0kr" in body and "25\u00a0%" in body


def test_another_funders_rule_or_another_projects_decision_does_not_apply(client, world, budget):
    FunderRuleFactory(name="Annan finansiär", max_share_of_total_percent=D("1"))
    FunderRuleFactory(funder=world.project.funder, scope="decision", project=BudgetFactory().project,
                      name="Annat beslut", max_amount=D("1"))
    response = get(client, world.coordinator, reverse("budgets:detail", args=[budget.pk]))
    assert response.context["rules"] == []


@pytest.mark.parametrize(("role", "status", "salaries", "edit"), [
    ("coordinator", 200, True, True),
    ("staff", 200, True, True),
    ("steering", 200, False, False),
    ("funder", 200, False, False),
    ("reference", 404, False, False),
    ("lead", 404, False, False),
    ("other_lead", 404, False, False),
    ("outsider", 404, False, False),
])
def test_who_reads_the_budget_and_who_sees_salaries(client, world, budget, role, status, salaries, edit):
    """Everyone who reads a version sees its planning basis (people, share of time, months, hourly cost, amount:
    funders ask for it); the salary inputs (monthly salary, on-cost rate) only those who edit."""
    response = get(client, getattr(world, role), reverse("budgets:detail", args=[budget.pk]))
    assert response.status_code == status
    body = response.content.decode()
    assert (SALARY in body, ON_COST in body) == (salaries, salaries)
    assert (PLAN in body, HOURLY in body, "397\u00a0412,40\u00a0kr" in body) == (status == 200,) * 3
    assert (reverse("budgets:line_new", args=[budget.pk, "cost"]) in body) == edit


def test_finance_support_edits_and_sees_salaries(client, world, budget):
    person = FinanceSupportFactory(project=world.project).user
    body = get(client, person, reverse("budgets:detail", args=[budget.pk])).content.decode()
    assert SALARY in body
    line = budget.cost_lines.get(category=CostLine.Category.PERSONNEL)
    response = client.post(reverse("budgets:line_edit", args=[budget.pk, "cost", line.pk]), {
        "year": 2025, "category": "personnel", "organisation": line.organisation_id, "description": "PL",
        "people": 1, "share_percent": "25", "monthly_salary": "47311", "months": "12", "version": line.version,
    })
    assert response.status_code == 302
    # 25 % × 47 311 × 12 × 1.40 = 198 706.20
    assert CostLine.objects.get(pk=line.pk).amount == D("198706.20")
    # finance support on another project gives nothing here
    other = FinanceSupportFactory().user
    assert get(client, other, reverse("budgets:detail", args=[budget.pk])).status_code == 404
    assert get(client, other, world.project.get_absolute_url()).status_code == 404


def test_finance_support_reads_the_project_page_with_its_budget_but_not_the_internal_parts(client, world, budget):
    """Finance support plans the personnel lines from the work packages and time plan (projects.view_project) and
    reaches the budget from the project page; the funding applications stay internal (projects.view_internal)."""
    person = FinanceSupportFactory(project=world.project).user
    response = get(client, person, world.project.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("budgets:detail", args=[budget.pk]) in body
    assert world.project.work_packages.first().title in body
    assert get(client, person, reverse("dashboards:project", args=[world.project.pk])).status_code == 403
    assert world.project in Project.objects.visible_to(person)


def test_funders_do_not_see_scenarios(client, world, budget, scenario):
    assert get(client, world.funder, reverse("budgets:detail", args=[scenario.pk])).status_code == 404
    assert get(client, world.steering, reverse("budgets:detail", args=[scenario.pk])).status_code == 200
    body = get(client, world.funder, world.project.get_absolute_url()).content.decode()
    assert reverse("budgets:detail", args=[budget.pk]) in body
    assert reverse("budgets:detail", args=[scenario.pk]) not in body
    assert set(Budget.objects.visible_to(world.funder)) == {budget}
    assert set(Budget.objects.visible_to(world.steering)) == {budget, scenario}
    assert not Budget.objects.visible_to(world.lead).exists()


def test_lab_leads_see_no_budget_and_no_salary_anywhere(client, world, budget, scenario):
    client.force_login(world.lead)
    urls = [reverse("budgets:detail", args=[budget.pk]), reverse("budgets:compare", args=[budget.pk]),
            reverse("budgets:outcome", args=[world.project.pk]),
            reverse("budgets:outcome_export", args=[world.project.pk]),
            reverse("budgets:line_new", args=[budget.pk, "cost"])]
    for url in urls:
        assert client.get(url).status_code == 404, url
    body = client.get(world.project.get_absolute_url()).content.decode()
    assert SALARY not in body and reverse("budgets:detail", args=[budget.pk]) not in body


@pytest.mark.parametrize(("role", "status"), [
    ("coordinator", 200), ("staff", 200), ("steering", 403), ("funder", 403), ("lead", 404), ("outsider", 404),
])
def test_only_coordinators_finance_and_staff_edit(client, world, budget, role, status):
    client.force_login(getattr(world, role))
    assert client.get(reverse("budgets:line_new", args=[budget.pk, "financing"])).status_code == status
    before = FinancingLine.objects.count()
    response = client.post(reverse("budgets:line_new", args=[budget.pk, "financing"]), {
        "year": 2025, "kind": "cash", "organisation": world.project.owner.pk, "amount": "100"})
    assert response.status_code == (302 if status == 200 else status)
    assert FinancingLine.objects.count() == before + (1 if status == 200 else 0)
    assert client.post(reverse("budgets:copy", args=[budget.pk]), {"name": "X", "kind": "scenario"}).status_code \
        == (302 if status == 200 else status)
    assert client.get(reverse("budgets:outcome", args=[world.project.pk])).status_code == {
        "coordinator": 200, "staff": 200, "steering": 200, "funder": 404, "lead": 404, "outsider": 404}[role]


# --- Editing ----------------------------------------------------------------------------------------


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(client, world, budget):
    client.force_login(world.coordinator)
    url = reverse("budgets:line_new", args=[budget.pk, "cost"])
    before = CostLine.objects.count()
    response = client.post(url, {"year": 2031, "category": "travel", "organisation": world.project.owner.pk,
                                 "amount": "abc"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"year", "amount"}
    response = client.post(url, {"year": 2025, "category": "personnel", "organisation": world.lead.organisation_id
                                 or world.project.funder.pk, "people": 1, "share_percent": "10",
                                 "monthly_salary": "30000", "months": "12"})
    assert response.status_code == 400
    assert response.context["form"].errors["on_cost_percent"]  # no stored rate for that organisation and year
    assert 'value="30000"' in response.content.decode()          # what was typed is still there
    assert CostLine.objects.count() == before


def test_a_stale_edit_keeps_the_typed_values_and_says_so(client, world, budget):
    client.force_login(world.coordinator)
    line = budget.financing_lines.get()
    url = reverse("budgets:line_edit", args=[budget.pk, "financing", line.pk])
    data = {"year": 2025, "kind": "grant", "organisation": line.organisation_id, "amount": "1000",
            "version": line.version}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data | {"amount": "2000"})  # the same, now old, version
    assert response.status_code == 409
    assert response.context["form"].conflict.rows  # what was saved against what was typed
    assert 'value="2000"' in response.content.decode()
    assert FinancingLine.objects.get(pk=line.pk).amount == D("1000.00")


def test_a_line_of_another_budget_is_not_found_through_this_one(client, world, budget):
    other_line = CostLineFactory()
    client.force_login(world.coordinator)
    assert client.get(reverse("budgets:line_edit", args=[budget.pk, "cost", other_line.pk])).status_code == 404
    assert client.get(reverse("budgets:line_new", args=[budget.pk, "bogus"])).status_code == 404


def test_delete_and_make_current(client, world, budget, scenario):
    client.force_login(world.coordinator)
    line = scenario.cost_lines.get(category=CostLine.Category.INDIRECT)
    client.post(reverse("budgets:line_delete", args=[scenario.pk, "cost", line.pk]), {"version": line.version})
    assert not CostLine.objects.filter(pk=line.pk).exists()
    client.post(reverse("budgets:make_current", args=[scenario.pk]))
    assert Budget.objects.get(is_current=True, project=world.project) == scenario


# --- Scenarios and comparison -------------------------------------------------------------------------


def test_compare_two_versions_line_by_line(client, world, budget, scenario):
    line = scenario.cost_lines.get(category=CostLine.Category.PERSONNEL)
    services.cost_line_update(line=line, values={"share_percent": D("40")}, expected_version=line.version)
    services.financing_line_create(budget=scenario, year=2025, kind=FinancingLine.Kind.CASH,
                                   organisation=world.project.owner, description="Egen OH", amount=D("79482.48"))
    response = get(client, world.coordinator, reverse("budgets:compare", args=[budget.pk]) + f"?other={scenario.pk}")
    assert response.status_code == 200
    costs = {(line.label, line.description): line for line in response.context["sections"][0][1]}
    personnel = costs[(str(CostLine.Category.PERSONNEL.label), "Projektledare")]
    # 40 % × 47 311 × 12 × 1.40 = 317 929.92; was 397 412.40
    assert (personnel.a, personnel.b, personnel.difference, personnel.status) == (
        D("397412.40"), D("317929.92"), D("-79482.48"), "changed")
    overhead = costs[(str(CostLine.Category.INDIRECT.label), "OH")]
    # 25 % of 317 929.92 = 79 482.48; was 99 353.10
    assert (overhead.b, overhead.difference) == (D("79482.48"), D("-19870.62"))
    added = [line for line in response.context["sections"][1][1] if line.status == "added"]
    # both cost lines changed (personnel and the overhead that follows it); one of two financing lines is new
    assert [(len(lines), changed) for _title, lines, _anchor, changed in response.context["sections"]] == [
        (2, 2), (2, 1)]
    assert [(line.a, line.b) for line in added] == [(None, D("79482.48"))]
    # the scenario balances: 317 929.92 + 79 482.48 = 397 412.40 = grant; plus 79 482.48 cash... not quite:
    # costs 397 412.40, financing 397 412.40 + 79 482.48 = 476 894.88 → financing exceeds costs by 79 482.48
    assert response.context["balance_b"].difference == D("79482.48")
    assert response.context["cost_change"] == D("-99353.10")


def test_a_funder_cannot_compare_with_a_scenario(client, world, budget, scenario):
    response = get(client, world.funder, reverse("budgets:compare", args=[budget.pk]) + f"?other={scenario.pk}")
    assert response.status_code == 200
    assert response.context["other"] is None
    assert not response.context["form"].is_valid()


# --- Query counts ---------------------------------------------------------------------------------


def _grow(budget, world, n):
    for i in range(n):
        CostLineFactory(budget=budget, year=2025 + i % 2, description=f"Rad {i}")
        FinancingLineFactory(budget=budget, year=2025 + i % 2, recipient=world.project.owner)
        FunderRuleFactory(funder=world.project.funder, name=f"Regel {i}", max_share_of_total_percent=D("80"))
        services.budget_copy(budget=budget, name=f"Scenario {i}")


@pytest.mark.parametrize("n", [1, 15])
def test_budget_page_queries_do_not_grow_with_lines(client, world, budget, django_assert_num_queries, n):
    _grow(budget, world, n)
    client.force_login(world.coordinator)
    # session, user, budget (+project, owner), cost lines (+organisation), financing lines (+organisation,
    # recipient), the person's roles, versions (also the compare form's choices), funder rules (+funder), the
    # applications summed per funder (the grant decisions against this current version), the menu's "leads a
    # lab?" and "coordinates a project?"
    with django_assert_num_queries(QUERIES_BUDGET_PAGE):
        response = client.get(reverse("budgets:detail", args=[budget.pk]))
    assert response.status_code == 200
    assert len(response.context["rules"]) == n


@pytest.mark.parametrize("n", [1, 15])
def test_compare_page_queries_do_not_grow_with_lines(client, world, budget, django_assert_num_queries, n):
    _grow(budget, world, n)
    other = Budget.objects.filter(project=world.project).exclude(pk=budget.pk).first()
    client.force_login(world.coordinator)
    # session, user, budget (+lines: 3), the person's roles, versions (also the form's choices), the other
    # version (+lines: 3), the menu (2)
    with django_assert_num_queries(QUERIES_COMPARE_PAGE):
        response = client.get(reverse("budgets:compare", args=[budget.pk]) + f"?other={other.pk}")
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 15])
def test_outcome_page_queries_do_not_grow_with_rows(client, world, budget, django_assert_num_queries, n):
    from budgets.tests.factories import ActualCostFactory

    _grow(budget, world, n)
    for _ in range(n):
        ActualCostFactory(project=world.project)
    client.force_login(world.coordinator)
    # session, user, project (+owner), roles, current version (+lines: 3), booked costs summed per category,
    # organisation and year, logged hours per organisation and for older activities (2), the menu (2), the
    # form's organisations, the latest bookings (+organisation)
    with django_assert_num_queries(QUERIES_OUTCOME_PAGE):
        response = client.get(reverse("budgets:outcome", args=[world.project.pk]))
    assert response.status_code == 200


QUERIES_BUDGET_PAGE = 9
QUERIES_COMPARE_PAGE = 10
QUERIES_OUTCOME_PAGE = 12


def test_setting_an_on_cost_rate_recalculates_the_versions_lines(client, world, budget, scenario):
    client.force_login(FinanceSupportFactory(project=world.project).user)
    url = reverse("budgets:on_cost_rates", args=[scenario.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"organisation": world.project.owner.pk, "year": 2025, "percent": "45",
                                 "annual_hours": 1720, "apply": "on"})
    assert response.status_code == 302
    line = scenario.cost_lines.get(category=CostLine.Category.PERSONNEL)
    # 50 % × 47 311 × 12 × 1.45 = 411 605.70; the flat-rate overhead follows: 25 % = 102 901.43 (102 901.425)
    assert (line.on_cost_percent, line.amount) == (D("45.00"), D("411605.70"))
    assert scenario.cost_lines.get(category=CostLine.Category.INDIRECT).amount == D("102901.43")
    # the original version keeps the rate it was planned with
    assert budget.cost_lines.get(category=CostLine.Category.PERSONNEL).amount == D("397412.40")
    client.force_login(world.steering)
    assert client.post(url, {"organisation": world.project.owner.pk, "year": 2025, "percent": "1",
                             "annual_hours": 1720}).status_code == 403
    bad = client.post(reverse("budgets:on_cost_rates", args=[scenario.pk]), {})
    assert bad.status_code == 403


RATE_FORM = {"year": 2025, "percent": "45", "annual_hours": 1720, "apply": "on"}


def test_a_coordinator_reads_the_on_cost_rates_but_may_not_change_them_for_everyone(client, world, budget):
    """The rates are per organisation and year, shared by every project's budgets: not one coordinator's call."""
    url = reverse("budgets:on_cost_rates", args=[budget.pk])
    client.force_login(world.coordinator)
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "40\u00a0%" in body and world.project.owner.name in body  # the stored rate is readable
    assert page.context["form"] is None and 'name="percent"' not in body and "Spara PO-pålägget" not in body
    assert "ekonomistödet och administratörerna" in body

    response = client.post(url, {"organisation": world.project.owner.pk, **RATE_FORM})

    assert response.status_code == 403
    rate = OnCostRate.objects.get(organisation=world.project.owner, year=2025)
    assert rate.percent == D("40.00")
    assert budget.cost_lines.get(category=CostLine.Category.PERSONNEL).amount == D("397412.40")


@pytest.mark.parametrize("role", ["finance", "staff"])
def test_finance_support_and_administrators_change_an_on_cost_rate(client, world, budget, role):
    person = FinanceSupportFactory(project=world.project).user if role == "finance" else world.staff
    url = reverse("budgets:on_cost_rates", args=[budget.pk])
    client.force_login(person)
    assert 'name="percent"' in client.get(url).content.decode()

    response = client.post(url, {"organisation": world.project.owner.pk, **RATE_FORM})

    assert response.status_code == 302
    assert OnCostRate.objects.get(organisation=world.project.owner, year=2025).percent == D("45.00")
    # 50 % × 47 311 × 12 × 1.45 = 411 605.70
    assert budget.cost_lines.get(category=CostLine.Category.PERSONNEL).amount == D("411605.70")


def test_finance_support_of_another_project_does_not_reach_the_rates_through_this_budget(client, world, budget):
    client.force_login(FinanceSupportFactory().user)
    url = reverse("budgets:on_cost_rates", args=[budget.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"organisation": world.project.owner.pk, **RATE_FORM}).status_code == 404
    assert OnCostRate.objects.get(organisation=world.project.owner, year=2025).percent == D("40.00")


@pytest.mark.parametrize(("role", "status"), [("steering", 403), ("funder", 403), ("lead", 404)])
def test_those_who_do_not_see_salaries_do_not_read_the_rates(client, world, budget, role, status):
    client.force_login(getattr(world, role))
    assert client.get(reverse("budgets:on_cost_rates", args=[budget.pk])).status_code == status


def test_the_cost_line_form_names_the_funders_flat_rates(client, world, budget):
    FunderRuleFactory(name="Schablon", indirect_flat_rate_percent=D("15"))
    FunderRuleFactory(name="Annat projekts schablon", indirect_flat_rate_percent=D("40"), scope="decision",
                      project=BudgetFactory().project)
    body = get(client, world.coordinator, reverse("budgets:line_new", args=[budget.pk, "cost"])).content.decode()
    assert "Schablon: 15\u00a0%" in body
    assert "Annat projekts schablon" not in body


def test_the_overhead_cap_is_judged_for_the_organisation_that_claims_it(client, world, budget):
    from accounts.tests.factories import OrganisationFactory

    FunderRuleFactory(funder=world.project.funder, name="Allmänna villkor", indirect_cap_percent_of_personnel=D("20"))
    # A partner with 1 000 000 of personnel and no overhead: on the whole budget the cap would be
    # 20 % × 1 397 412.40 = 279 482.48 ≥ 99 353.10 and pass. The owner alone: 20 % × 397 412.40 = 79 482.48.
    CostLineFactory(budget=budget, year=2025, organisation=OrganisationFactory(name="Partner AB"),
                    amount=D("1000000.00"))
    response = get(client, world.coordinator, reverse("budgets:detail", args=[budget.pk]))
    (result,) = response.context["rules"]
    (cap,) = result.checks
    assert (cap.ok, cap.amount_limit, cap.offenders) == (False, D("79482.48"), (world.project.owner.name,))
    body = response.content.decode()
    assert f"Uppfylls inte av {escape(world.project.owner.name)}." in body
    assert "79\u00a0482,48\u00a0kr" in body


# --- A budget from scratch ------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [
    ("coordinator", 200), ("staff", 200), ("steering", 403), ("funder", 403), ("reference", 403),
    ("lead", 403), ("other_lead", 403), ("outsider", 404),   # lab leads read the project, outsiders do not
])
def test_who_may_start_a_budget(client, world, role, status):
    client.force_login(getattr(world, role))
    url = reverse("budgets:new", args=[world.project.pk])
    assert client.get(url).status_code == status
    response = client.post(url, {"name": "Ansökan", "kind": "applied"})
    assert response.status_code == (302 if status == 200 else status)
    assert Budget.objects.filter(project=world.project).count() == (1 if status == 200 else 0)


def test_finance_support_starts_a_budget_and_the_first_becomes_current(client, world):
    url = reverse("budgets:new", args=[world.project.pk])
    page = get(client, world.coordinator, world.project.get_absolute_url()).content.decode()
    assert url in page  # the project page offers it while there is no budget
    # finance support has no membership role on the project, yet reads its page and starts its budget there
    finance = FinanceSupportFactory(project=world.project).user
    assert url in get(client, finance, world.project.get_absolute_url()).content.decode()
    client.force_login(finance)
    response = client.post(url, {"name": "", "kind": "applied"})
    assert response.status_code == 400 and response.context["form"].errors["name"]
    client.post(url, {"name": "Ansökan", "kind": "applied", "note": "Första utkastet"})
    first = Budget.objects.get(project=world.project)
    assert (first.name, first.is_current, first.note) == ("Ansökan", True, "Första utkastet")
    client.post(url, {"name": "Alternativ", "kind": "scenario"})
    assert Budget.objects.get(name="Alternativ").is_current is False
    # an empty budget balances at 0 kr and says so
    body = client.get(first.get_absolute_url()).content.decode()
    assert 'class="verdict verdict-ok"' in body


def test_the_project_page_does_not_offer_a_budget_to_readers(client, world):
    for role in ("steering", "funder", "reference", "lead"):
        body = get(client, getattr(world, role), world.project.get_absolute_url()).content.decode()
        assert reverse("budgets:new", args=[world.project.pk]) not in body, role


def test_the_comparison_says_in_words_which_version_balances_and_by_how_much(client, world, budget, scenario):
    from django.utils import translation

    # The scenario finances the overhead in cash: 99 353.10 → it balances; the original lacks 99 353.10.
    services.financing_line_create(budget=scenario, year=2025, kind=FinancingLine.Kind.CASH,
                                   organisation=world.project.owner, description="Egen OH", amount=D("99353.10"))
    body = get(client, world.coordinator,
               reverse("budgets:compare", args=[budget.pk]) + f"?other={scenario.pk}").content.decode()
    with translation.override("sv"):
        lacks = translation.gettext("does not add up: %(amount)s is not financed") % {
            "amount": "99\u00a0353,10\u00a0kr"}
        balances = translation.gettext("balances")
    assert escape(lacks) in body
    assert f'<span class="ok">{escape(balances)}</span>' in body


def test_amounts_are_typed_the_swedish_way(client, world, budget):
    client.force_login(world.coordinator)
    url = reverse("budgets:line_new", args=[budget.pk, "cost"])
    response = client.post(url, {"year": 2025, "category": "personnel", "organisation": world.project.owner.pk,
                                 "description": "Kommunikatör", "people": "1", "share_percent": "12,5 %",
                                 "monthly_salary": "41\u00a0250,50", "months": "12"})
    assert response.status_code == 302
    line = CostLine.objects.get(description="Kommunikatör")
    # 12.5 % × 41 250.50 × 12 × 1.40 (the owner's stored rate) = 5 156.3125 × 12 = 61 875.75 × 1.40 = 86 626.05
    assert (line.share_percent, line.monthly_salary, line.amount) == (D("12.50"), D("41250.50"), D("86626.05"))
    response = client.post(url, {"year": 2025, "category": "travel", "organisation": world.project.owner.pk,
                                 "amount": "1 234,505"})
    assert response.status_code == 400 and response.context["form"].errors["amount"]  # below the öre: refused


def test_the_line_form_shows_the_verdict_and_a_new_line_moves_the_flat_rate(client, world, budget):
    client.force_login(world.coordinator)
    url = reverse("budgets:line_new", args=[budget.pk, "cost"])
    body = client.get(url).content.decode()
    assert 'class="verdict verdict-bad"' in body and "99\u00a0353,10\u00a0kr" in body  # the overhead not financed
    response = client.post(url, {"year": 2025, "category": "personnel", "organisation": world.project.owner.pk,
                                 "description": "Kommunikatör", "people": "1", "share_percent": "10",
                                 "monthly_salary": "40000", "months": "12"})
    assert response.status_code == 302
    # 10 % × 40 000 × 12 × 1.40 = 67 200.00; the 25 % overhead follows: 25 % × (397 412.40 + 67 200) =
    # 25 % × 464 612.40 = 116 153.10
    assert budget.cost_lines.get(category=CostLine.Category.INDIRECT).amount == D("116153.10")
