"""Grant decisions against the budget: "Beviljad" is one definition (FundingApplication.objects.granted()), and a
current budget whose grant lines differ from it is flagged on the budget page, the project page, the dashboards
and the report draft, to those who may see the applications."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory
from budgets.models import FinancingLine
from budgets.selectors import GrantMismatch, current_budgets, grant_reconciliation, reconcile_grants
from budgets.tests.factories import BudgetFactory, FinancingLineFactory
from projects.models import FundingApplication, Project
from projects.tests.factories import FundingApplicationFactory, ProjectFactory
from reports.models import ReportDraft

pytestmark = pytest.mark.django_db

Status = FundingApplication.Status
GRANT = FinancingLine.Kind.GRANT
NBSP = "\u00a0"


def kr(text: str) -> str:
    return text.replace(" ", NBSP) + f"{NBSP}kr"


def funder(name):
    """The funders are in the database from the start (a data migration)."""
    return Organisation.objects.get_or_create(name=name, defaults={"kind": Organisation.Kind.FUNDER})[0]


def grant_line(budget, organisation, year, amount, **kwargs):
    return FinancingLineFactory(budget=budget, kind=GRANT, organisation=organisation, year=year, amount=D(amount),
                                **kwargs)


def application(project, organisation, status, applied, granted=None):
    return FundingApplicationFactory(project=project, funder=organisation, status=status, amount_applied=D(applied),
                                     amount_granted=D(granted) if granted is not None else None)


@pytest.fixture
def vinnova(db):
    return funder("Vinnova")


@pytest.fixture
def lansstyrelsen(db):
    return funder("Länsstyrelsen Västra Götaland")


@pytest.fixture
def current(world):
    return BudgetFactory(project=world.project, name="Reviderad budget", is_current=True)


# --- "Beviljad": one definition ---------------------------------------------------------------------------


def test_granted_means_granted_in_full_or_in_part_and_nothing_else(world, vinnova):
    project = world.project
    full = application(project, vinnova, Status.GRANTED, "500000", "500000")
    part = application(project, vinnova, Status.PARTLY, "300000", "120000")
    # an amount typed on an application that is not granted is not granted money
    rejected = application(project, vinnova, Status.REJECTED, "90000", "90000")
    pending = application(project, vinnova, Status.SUBMITTED, "70000")
    assert set(FundingApplication.objects.granted()) == {full, part}
    assert set(FundingApplication.objects.pending()) == {pending}
    assert [a.granted_amount for a in (full, part, rejected, pending)] == [D("500000"), D("120000"), None, None]
    (row,) = FundingApplication.objects.filter(project=project).per_funder()
    # granted 500 000 + 120 000 = 620 000 (the rejected 90 000 does not count); pending: the 70 000 applied
    assert (row["granted"], row["granted_count"], row["pending"], row["pending_count"]) == (
        D("620000"), 2, D("70000"), 1)


def test_the_project_page_shows_granted_only_for_granted_applications(client, world, vinnova):
    application(world.project, vinnova, Status.REJECTED, "90000", "90000")
    client.force_login(world.coordinator)
    body = client.get(world.project.get_absolute_url()).content.decode()
    assert kr("90 000") in body  # applied
    assert "Beviljad</dt>" not in body


# --- The comparison, with amounts worked out by hand -------------------------------------------------------


def test_a_granted_application_that_matches_the_grant_lines_of_both_years_is_no_mismatch(world, current, vinnova):
    application(world.project, vinnova, Status.GRANTED, "900000", "891920")
    grant_line(current, vinnova, 2025, "500000")
    grant_line(current, vinnova, 2025, "78384", recipient=world.lab.municipality)
    grant_line(current, vinnova, 2026, "313536")
    # 500 000 + 78 384 + 313 536 = 891 920 = granted
    assert grant_reconciliation([world.project.pk]) == {}


def test_grant_lines_over_two_years_that_exceed_the_decision_are_a_mismatch(world, current, vinnova):
    application(world.project, vinnova, Status.GRANTED, "724000", "724000")
    grant_line(current, vinnova, 2025, "891920")
    grant_line(current, vinnova, 2026, "891920")
    (mismatch,) = grant_reconciliation([world.project.pk])[world.project.pk]
    # 891 920 × 2 = 1 783 840 budgeted against 724 000 granted: 1 059 840 more than granted
    assert mismatch == GrantMismatch(
        project_id=world.project.pk, project_title=world.project.title, budget_id=current.pk,
        budget_name="Reviderad budget", funder_id=vinnova.pk, funder="Vinnova", kind=GrantMismatch.DIFFERS,
        granted=D("724000"), budgeted=D("1783840.00"), pending=D("0"), years=(2025, 2026))
    assert mismatch.difference == D("1059840.00")


def test_a_partly_granted_application_the_budget_has_not_cut_is_a_mismatch(world, current, vinnova):
    application(world.project, vinnova, Status.PARTLY, "400000", "250000")
    grant_line(current, vinnova, 2025, "400000")
    (mismatch,) = grant_reconciliation([world.project.pk])[world.project.pk]
    assert (mismatch.kind, mismatch.granted, mismatch.budgeted, mismatch.difference) == (
        GrantMismatch.DIFFERS, D("250000"), D("400000.00"), D("150000.00"))


def test_a_grant_missing_from_the_budget_is_a_mismatch_with_a_negative_difference(world, current, vinnova):
    application(world.project, vinnova, Status.GRANTED, "300000", "300000")
    (mismatch,) = grant_reconciliation([world.project.pk])[world.project.pk]
    assert (mismatch.kind, mismatch.budgeted, mismatch.difference, mismatch.years) == (
        GrantMismatch.DIFFERS, D("0.00"), D("-300000.00"), ())


def test_two_funders_are_compared_each_on_its_own(world, current, vinnova, lansstyrelsen):
    application(world.project, vinnova, Status.GRANTED, "1783840", "1783840")
    application(world.project, lansstyrelsen, Status.GRANTED, "596960", "400000")
    for year in (2025, 2026):
        grant_line(current, vinnova, year, "891920")
        grant_line(current, lansstyrelsen, year, "298480")
    # Vinnova: 2 × 891 920 = 1 783 840 = granted. Länsstyrelsen: 2 × 298 480 = 596 960 against 400 000 granted.
    (mismatch,) = grant_reconciliation([world.project.pk])[world.project.pk]
    assert (mismatch.funder, mismatch.granted, mismatch.budgeted, mismatch.difference) == (
        "Länsstyrelsen Västra Götaland", D("400000"), D("596960.00"), D("196960.00"))


def test_applied_but_not_granted_money_in_the_budget_is_pending(world, current, vinnova, lansstyrelsen):
    application(world.project, vinnova, Status.GRANTED, "1783840", "1783840")
    application(world.project, lansstyrelsen, Status.SUBMITTED, "400000")
    grant_line(current, vinnova, 2025, "1783840")
    grant_line(current, lansstyrelsen, 2025, "298480")
    grant_line(current, lansstyrelsen, 2026, "298480")
    (mismatch,) = grant_reconciliation([world.project.pk])[world.project.pk]
    # nothing granted by Länsstyrelsen yet; the budget counts 596 960, the application asks for 400 000
    assert (mismatch.kind, mismatch.granted, mismatch.budgeted, mismatch.pending, mismatch.difference) == (
        GrantMismatch.PENDING, D("0"), D("596960.00"), D("400000"), D("596960.00"))


def test_an_application_awaiting_a_decision_that_the_budget_does_not_count_yet_is_fine(world, current, vinnova):
    application(world.project, vinnova, Status.SUBMITTED, "400000")
    assert grant_reconciliation([world.project.pk]) == {}


def test_a_grant_in_the_budget_that_was_rejected_or_never_applied_for_is_flagged(world, current, vinnova,
                                                                                  lansstyrelsen):
    application(world.project, vinnova, Status.REJECTED, "400000")
    grant_line(current, vinnova, 2025, "400000")
    grant_line(current, lansstyrelsen, 2025, "50000")
    mismatches = grant_reconciliation([world.project.pk])[world.project.pk]
    assert [(m.funder, m.kind, m.granted, m.budgeted) for m in mismatches] == [
        ("Länsstyrelsen Västra Götaland", GrantMismatch.NOT_APPLIED, D("0"), D("50000.00")),
        ("Vinnova", GrantMismatch.NOT_APPLIED, D("0"), D("400000.00")),
    ]


def test_only_the_current_version_is_compared(world, current, vinnova):
    application(world.project, vinnova, Status.GRANTED, "500000", "500000")
    grant_line(current, vinnova, 2025, "500000")
    scenario = BudgetFactory(project=world.project, name="Scenario", is_current=False)
    grant_line(scenario, vinnova, 2025, "900000")
    assert grant_reconciliation([world.project.pk]) == {}
    assert grant_reconciliation([ProjectFactory().pk]) == {}  # no budget: nothing to compare with


def test_part_granted_and_part_awaiting_a_second_decision(world, current, vinnova):
    application(world.project, vinnova, Status.GRANTED, "500000", "500000")
    application(world.project, vinnova, Status.SUBMITTED, "200000")
    grant_line(current, vinnova, 2025, "650000")
    (mismatch,) = grant_reconciliation([world.project.pk])[world.project.pk]
    assert (mismatch.kind, mismatch.difference, mismatch.pending) == (
        GrantMismatch.PENDING, D("150000.00"), D("200000"))


def test_the_comparison_itself_needs_no_database():
    rows = [{"funder_id": 1, "funder__name": "Vinnova", "granted": D("100"), "granted_count": 1,
             "pending": D("0"), "pending_count": 0}]
    common = {"project_id": 7, "project_title": "P", "budget_id": 3, "budget_name": "B", "applications": rows}
    assert reconcile_grants(lines=[(1, "Vinnova", 2025, D("60")), (1, "Vinnova", 2026, D("40"))], **common) == []
    (m,) = reconcile_grants(lines=[(1, "Vinnova", 2025, D("60"))], **common)
    assert (m.granted, m.budgeted, m.difference) == (D("100"), D("60"), D("-40"))


@pytest.mark.parametrize("n", [1, 12])
def test_the_reconciliation_takes_three_queries_whatever_the_number_of_projects(world, vinnova,
                                                                                 django_assert_num_queries, n):
    ids = []
    for _ in range(n):
        project = ProjectFactory()
        budget = BudgetFactory(project=project)
        grant_line(budget, vinnova, 2025, "100")
        grant_line(budget, project.funder, 2026, "200")
        application(project, vinnova, Status.GRANTED, "100", "90")
        application(project, project.funder, Status.SUBMITTED, "200")
        ids.append(project.pk)
    # current versions (+project), their grant lines (+funder), the applications summed per project and funder
    with django_assert_num_queries(3):
        result = grant_reconciliation(ids)
    assert len(result) == n
    budgets = current_budgets(ids)  # as the portfolio dashboard has them already: only the applications
    with django_assert_num_queries(1):
        assert grant_reconciliation(ids, budgets=budgets) == result
    assert {m.kind for ms in result.values() for m in ms} == {GrantMismatch.DIFFERS, GrantMismatch.PENDING}


# --- The flags: who sees them, where --------------------------------------------------------------------------


@pytest.fixture
def mismatch(world, current, vinnova):
    """Vinnova granted 724 000; the current budget counts 891 920 in each of two years."""
    application(world.project, vinnova, Status.GRANTED, "724000", "724000")
    grant_line(current, vinnova, 2025, "891920")
    grant_line(current, vinnova, 2026, "891920")
    return current


def assert_flag(body, budget):
    assert 'data-flag="grant-mismatch"' in body
    # funder, granted, budgeted and the difference, in Swedish, with a link to the budget
    assert f"Vinnova:</strong> beviljat {kr('724 000,00')}, budgeterat {kr('1 783 840,00')}" in body
    assert f"{kr('1 059 840,00')} mer än beviljat" in body
    assert reverse("budgets:detail", args=[budget.pk]) + "#financing-lines" in body


def body_of(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ["coordinator", "steering", "staff"])
def test_the_budget_page_and_the_project_page_flag_it_to_internal_roles(client, world, mismatch, role):
    assert_flag(body_of(client, getattr(world, role), mismatch.get_absolute_url()), mismatch)
    assert_flag(body_of(client, getattr(world, role), world.project.get_absolute_url()), mismatch)


def test_a_funder_contact_reads_the_budget_but_not_what_was_granted(client, world, mismatch):
    # the decisions are applications, internal to the project: one funder does not see what another granted
    assert 'data-flag="grant-mismatch"' not in body_of(client, world.funder, mismatch.get_absolute_url())
    assert 'data-flag="grant-mismatch"' not in body_of(client, world.funder, world.project.get_absolute_url())


@pytest.mark.parametrize("role", ["lead", "reference"])
def test_lab_leads_and_the_reference_group_never_see_budget_figures(client, world, mismatch, role):
    user = getattr(world, role)
    client.force_login(user)
    assert client.get(mismatch.get_absolute_url()).status_code == 404
    body = body_of(client, user, world.project.get_absolute_url())
    assert 'data-flag="grant-mismatch"' not in body
    assert "1\u00a0783\u00a0840" not in body and "724\u00a0000" not in body


def test_a_scenario_is_not_held_to_the_decisions(client, world, mismatch):
    scenario = BudgetFactory(project=world.project, name="Scenario", is_current=False)
    assert 'data-flag="grant-mismatch"' not in body_of(client, world.coordinator, scenario.get_absolute_url())


def test_the_portfolio_dashboard_flags_it_under_needs_a_decision(client, world, mismatch):
    body = body_of(client, world.steering, reverse("dashboards:portfolio"))
    flags = body[body.index('id="flags-heading"'):body.index('id="figures-heading"')]
    assert f"Budgeten för {world.project.title} stämmer inte med beslutet om bidrag:" in flags
    assert_flag(flags, mismatch)
    assert "Inget är flaggat" not in flags


def test_the_project_dashboard_flags_it(client, world, mismatch):
    assert_flag(body_of(client, world.coordinator, reverse("dashboards:project", args=[world.project.pk])), mismatch)


def test_the_report_draft_warns_before_generating(client, world, mismatch):
    draft = ReportDraft.objects.create(project=world.project, report_type="vinnova_progress",
                                       period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))
    body = body_of(client, world.coordinator, reverse("reports:draft", args=[draft.pk]))
    assert "Innan du skapar rapporten: den aktuella budgeten stämmer inte med besluten om bidrag:" in body
    assert_flag(body, mismatch)


def test_a_budget_that_matches_is_not_flagged_anywhere(client, world, current, vinnova):
    application(world.project, vinnova, Status.GRANTED, "1783840", "1783840")
    grant_line(current, vinnova, 2025, "891920")
    grant_line(current, vinnova, 2026, "891920")
    draft = ReportDraft.objects.create(project=world.project, report_type="vinnova_progress",
                                       period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))
    for url in (current.get_absolute_url(), world.project.get_absolute_url(), reverse("dashboards:portfolio"),
                reverse("dashboards:project", args=[world.project.pk]), reverse("reports:draft", args=[draft.pk])):
        assert 'data-flag="grant-mismatch"' not in body_of(client, world.coordinator, url), url


# --- The demo -------------------------------------------------------------------------------------------------


def test_the_demo_grants_match_the_current_budget(settings):
    call_command("load_demo", quiet_logins=True)
    call_command("load_demo", quiet_logins=True)  # idempotent: the second run changes nothing
    project = Project.objects.get(short_name="SISP")
    granted = {row["funder__name"]: row["granted"] for row in project.applications.per_funder()}
    # Vinnova 2 × (500 000 + 5 × 78 384) = 1 783 840; Länsstyrelsen 2 × 298 480 = 596 960 (budgets/demo.py)
    assert granted == {"Vinnova": D("1783840"), "Länsstyrelsen Västra Götaland": D("596960")}
    assert project.applications.count() == 2
    assert grant_reconciliation([project.pk]) == {}


def test_the_pages_make_as_many_queries_for_one_mismatch_as_for_many(client, world, mismatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    draft = ReportDraft.objects.create(project=world.project, report_type="vinnova_progress",
                                       period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))
    urls = [mismatch.get_absolute_url(), world.project.get_absolute_url(), reverse("reports:draft", args=[draft.pk]),
            reverse("dashboards:project", args=[world.project.pk])]
    client.force_login(world.coordinator)

    def counts():
        result = []
        for url in urls:
            client.get(url)  # warm the session
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    one = counts()
    for i in range(8):
        other = OrganisationFactory(name=f"Stiftelse {i}", kind=Organisation.Kind.FUNDER)
        application(world.project, other, Status.PARTLY, "1000", "500")
        grant_line(mismatch, other, 2025 + i % 2, "900")
    many = counts()
    assert many == one
    body = client.get(mismatch.get_absolute_url()).content.decode()
    assert body.count("<li data-funder=") == 9
