"""One figure, one definition: one scenario, every surface, the same hand-computed numbers.

The scenario: activities in every status in a local lab in Ale, one in Kungälv and a regional lab that held
activities in both; Ale's staff logging hours in Kungälv's lab; an older activity with only a total of hours;
in-kind time planned for Ale at different hourly costs in 2025 and 2026. The figures are worked out by hand
below and asserted on the portfolio dashboard (unfiltered and filtered by each municipality), the project
dashboard, the project page, the lab page, the start page, the budget outcome page and its XLSX, and the text
of every funder report type's PDF.

Counted (reported) activities: submitted and approved. Drafts and returned ones are in the log but in no figure.

| activity | lab (held in)         | status    | date       | part. | w  | m | o | hours (whose)           |
|----------|-----------------------|-----------|------------|-------|----|---|---|-------------------------|
| a1       | Ale                   | approved  | 2025-03-10 | 10    | 6  | 3 | 1 | Ale 20                  |
| a2       | Ale                   | submitted | 2026-02-10 | 8     | 2  | 6 | 0 | Ale 10                  |
| a3       | Ale                   | draft     | 2025-04-01 | 100   | 50 | 50| 0 | Ale 500   (not counted) |
| a4       | Ale                   | returned  | 2025-05-01 | 40    | 40 | 0 | 0 | Ale 300   (not counted) |
| k1       | Kungälv               | approved  | 2025-06-01 | 12    | 4  | 8 | 0 | Kungälv 6, Ale 10       |
| k2       | Kungälv               | draft     | 2025-06-02 | 30    | 15 | 15| 0 |           (not counted) |
| r1       | regional (Ale)        | submitted | 2025-09-01 | 20    | 12 | 8 | 0 | total 4 only → Ale      |
| r2       | regional (Kungälv)    | approved  | 2026-03-01 | 5     | 5  | 0 | 0 |                         |

Reported: 5 activities (3 approved), 55 participants, women 29 of 55 counted by gender = 52.7 %, 50 hours.
Ale's staff delivered 44 h (2025: 20 + 10 + 4 = 34, 2026: 10), Kungälv's 6 h (2025).
Hourly costs planned (in-kind amount ÷ planned hours, 860 h a year): Ale 2025 100 kr, Ale 2026 120 kr,
Kungälv 2025 80 kr. Ale delivered 34 × 100 + 10 × 120 = 4 600 kr (a rate pooled over the years, 110 kr,
would say 4 840 kr); Kungälv 6 × 80 = 480 kr.
Held in Ale: a1, a2, r1 (3 activities, 38 participants, 34 hours); in Kungälv: k1, r2 (2, 17, 16 hours).

Two funders: the project's funder granted 500 000 kr and the budget's grant lines say 300 000 (2025) + 200 000
(2026): they agree. Länsstyrelsen has 100 000 kr applied for (no decision) while the budget counts 120 000 kr
of its money: "Beviljad" is 500 000 kr everywhere, and the mismatch is flagged on the budget page, the project
page, the dashboards and the report draft.
"""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import Organisation
from budgets.models import FinancingLine
from budgets.tests.factories import BudgetFactory, FinancingLineFactory
from labs.models import Activity, CoFinancedTime, Lab
from labs.tests.factories import ActivityFactory, LabFactory
from projects.models import FundingApplication, Indicator
from reports.models import Report, ReportDraft
from reports.registry import REPORT_TYPES
from reports.rendering import report_render

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
D = Decimal


@pytest.fixture
def scenario(world):
    ale, kungalv = world.lab.municipality, world.other_lab.municipality
    Organisation.objects.filter(pk=ale.pk).update(name="Ale kommun")
    Organisation.objects.filter(pk=kungalv.pk).update(name="Kungälvs kommun")
    ale.refresh_from_db()
    kungalv.refresh_from_db()
    regional = LabFactory(project=world.project, name="Labb på turné", kind=Lab.Kind.REGIONAL, municipality=None)

    def activity(lab, status, date, total, women, men, other, *, held_in=None, hours=None, total_hours=None):
        a = ActivityFactory(lab=lab, status=status, date=date, participants_total=total, participants_women=women,
                            participants_men=men, participants_other=other, municipality=held_in,
                            co_financed_hours=total_hours or sum((hours or {}).values(), D(0)))
        for organisation, h in (hours or {}).items():
            CoFinancedTime.objects.create(activity=a, organisation=organisation, hours=h)
        return a

    S = Activity.Status
    activity(world.lab, S.APPROVED, dt.date(2025, 3, 10), 10, 6, 3, 1, hours={ale: D(20)})
    activity(world.lab, S.SUBMITTED, dt.date(2026, 2, 10), 8, 2, 6, 0, hours={ale: D(10)})
    activity(world.lab, S.DRAFT, dt.date(2025, 4, 1), 100, 50, 50, 0, hours={ale: D(500)})
    activity(world.lab, S.RETURNED, dt.date(2025, 5, 1), 40, 40, 0, 0, hours={ale: D(300)})
    activity(world.other_lab, S.APPROVED, dt.date(2025, 6, 1), 12, 4, 8, 0, hours={kungalv: D(6), ale: D(10)})
    activity(world.other_lab, S.DRAFT, dt.date(2025, 6, 2), 30, 15, 15, 0)
    activity(regional, S.SUBMITTED, dt.date(2025, 9, 1), 20, 12, 8, 0, held_in=ale, total_hours=D(4))
    activity(regional, S.APPROVED, dt.date(2026, 3, 1), 5, 5, 0, 0, held_in=kungalv)

    budget = BudgetFactory(project=world.project, is_current=True)
    for organisation, year, amount in ((ale, 2025, "86000.00"), (ale, 2026, "103200.00"),
                                       (kungalv, 2025, "68800.00")):
        # 1 person × 50 % × 12 months ÷ 12 × 1 720 h = 860 planned hours
        FinancingLineFactory(budget=budget, year=year, kind=FinancingLine.Kind.IN_KIND, organisation=organisation,
                             amount=D(amount), people=1, share_percent=D("50"), monthly_salary=D("40000"),
                             months=D("12"), on_cost_percent=D("40"))
    funder = world.project.funder
    lansstyrelsen = Organisation.objects.create(name="Länsstyrelsen i Västra Götalands län (test)",
                                                kind=Organisation.Kind.FUNDER)
    for organisation, year, amount in ((funder, 2025, "300000.00"), (funder, 2026, "200000.00"),
                                       (lansstyrelsen, 2025, "120000.00")):
        FinancingLineFactory(budget=budget, year=year, kind=FinancingLine.Kind.GRANT, organisation=organisation,
                             amount=D(amount))
    FundingApplication.objects.create(project=world.project, funder=funder, amount_applied=D("600000.00"),
                                      amount_granted=D("500000.00"), status=FundingApplication.Status.GRANTED)
    FundingApplication.objects.create(project=world.project, funder=lansstyrelsen, amount_applied=D("100000.00"),
                                      status=FundingApplication.Status.SUBMITTED)
    for source, name in (("labs.activities", "Aktiviteter"), ("labs.participants", "Deltagare"),
                         ("labs.women_share", "Andel kvinnor")):
        Indicator.objects.create(project=world.project, name=name, source=source, baseline=0, target=100)
    cache.clear()
    return world, ale, kungalv, regional


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert match, name
    return " ".join(match.group(1).replace("\xa0", " ").split())


def squash(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def table_rows(html: str, table: str) -> dict[str, list[str]]:
    """A table's rows by their first cell, cell texts with tags and spaces squashed."""
    start = html.index(f'data-table="{table}"')
    body = html[html.index("<tbody>", start):html.index("</table>", start)]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [squash(re.sub(r"<[^>]+>", " ", c)) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if cells:
            rows[cells[0]] = cells[1:]
    return rows


@time_machine.travel(TODAY, tick=False)
def test_the_portfolio_dashboard_unfiltered_and_per_municipality(client, scenario):
    world, ale, kungalv, _ = scenario
    client.force_login(world.steering)
    url = reverse("dashboards:portfolio")

    everything = client.get(url)
    html = everything.content.decode()
    assert figure(html, "granted") == "500 000 kr"
    assert figure(html, "pending") == "100 000 kr"
    flags = html[html.index('id="flags-heading"'):html.index('id="figures-heading"')]
    assert flags.count('data-flag="grant-mismatch"') == 1 and "Länsstyrelsen i Västra Götalands län (test)" in flags
    assert figure(html, "activities") == "5"
    assert "(varav 3 godkända)" in squash(html)
    assert figure(html, "participants") == "55"
    assert figure(html, "women-share").startswith("52,7 %")
    assert figure(html, "hours") == "50"
    co = table_rows(html, "co-financing")
    # Hours delivered and their value: 34 h × 100 kr + 10 h × 120 kr (each year at its own rate).
    assert co["Ale kommun"][3:5] == ["44,00", "4 600 kr"]
    assert co["Kungälvs kommun"][3:5] == ["6,00", "480 kr"]
    # The chart of hours per municipality is the same figure as the table's hours delivered.
    hours = {bar.label: bar.value for bar in everything.context["d"].hours_by_municipality}
    assert hours == {"Ale kommun": D(44), "Kungälvs kommun": D(6)}

    only_ale = client.get(url, {"municipality": ale.pk}).content.decode()
    assert figure(only_ale, "activities") == "3"  # a1, a2 and the regional lab's r1, held in Ale
    assert figure(only_ale, "participants") == "38"
    assert figure(only_ale, "hours") == "34"
    co = table_rows(only_ale, "co-financing")
    assert list(co) == ["Ale kommun"]
    assert co["Ale kommun"][3:5] == ["44,00", "4 600 kr"]  # Ale's staff in Kungälv's lab still count for Ale

    only_kungalv = client.get(url, {"municipality": kungalv.pk}).content.decode()
    assert figure(only_kungalv, "activities") == "2"  # k1 and the regional lab's r2
    assert figure(only_kungalv, "participants") == "17"
    assert figure(only_kungalv, "hours") == "16"
    co = table_rows(only_kungalv, "co-financing")
    assert list(co) == ["Kungälvs kommun"] and co["Kungälvs kommun"][3:5] == ["6,00", "480 kr"]


@time_machine.travel(TODAY, tick=False)
def test_the_project_dashboard_project_page_lab_page_and_start_page(client, scenario):
    world, ale, kungalv, regional = scenario
    client.force_login(world.coordinator)

    # Project dashboard: the twelve months July 2025 – June 2026 hold a2, r1 and r2; the portfolio says the same
    # for that period.
    project_dashboard = client.get(reverse("dashboards:project", args=[world.project.pk]))
    grid = {row.lab: row.total for row in project_dashboard.context["d"].lab_rows}
    assert grid == {world.lab.name: 1, world.other_lab.name: 0, regional.name: 2}
    period = client.get(reverse("dashboards:portfolio"), {"period_start": "2025-07-01", "period_end": "2026-06-30"})
    assert figure(period.content.decode(), "activities") == str(sum(grid.values())) == "3"

    # The computed indicators, live, on the project dashboard and the project page.
    live = {r["name"]: r["latest_value"] for r in project_dashboard.context["d"].indicators}
    assert live == {"Aktiviteter": D(5), "Deltagare": D(55), "Andel kvinnor": D("52.7")}

    # Project page: each lab's reported activities add up to the portfolio's 5.
    page = client.get(reverse("projects:detail", args=[world.project.pk])).content.decode()
    text = squash(re.sub(r"<[^>]+>", " ", page))
    for name, value in (("Aktiviteter", "5"), ("Deltagare", "55"), ("Andel kvinnor", "52,70?")):
        assert re.search(rf"{name} .*?Värde i dag: {value},", text), name
    for lab, count in ((world.lab, 2), (world.other_lab, 1), (regional, 2)):
        row = page[page.index(f'href="{reverse("labs:detail", args=[lab.pk])}"'):]
        row = row[:row.index("</tr>")]
        assert re.search(rf'data-label="Rapporterade aktiviteter">{count}<', row), lab.name

    # Lab page: Ale's lab reported 2 of the 4 it logged.
    lab_page = client.get(reverse("labs:detail", args=[world.lab.pk])).content.decode()
    assert figure(lab_page, "lab-activities") == "2"

    # Start page: what waits for review is the reported activities not yet approved: 5 − 3 = 2.
    home = squash(client.get(reverse("home")).content.decode())
    assert "2 aktiviteter väntar på din granskning" in home


@time_machine.travel(TODAY, tick=False)
def test_the_budget_outcome_page_and_its_xlsx_value_each_year_at_its_own_rate(client, scenario):
    world, ale, kungalv, _ = scenario
    client.force_login(world.coordinator)
    page = squash(client.get(reverse("budgets:outcome", args=[world.project.pk])).content.decode())
    page = re.sub(r"<[^>]+>", " ", page)
    page = squash(page)
    assert "2025 Ale kommun 34 3 400,00 kr 86 000,00 kr" in page
    assert "2026 Ale kommun 10 1 200,00 kr 103 200,00 kr" in page
    assert "2025 Kungälvs kommun 6 480,00 kr 68 800,00 kr" in page

    response = client.get(reverse("budgets:outcome_export", args=[world.project.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    rows = [tuple(row) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True)]
    in_kind = {(r[0], r[1]): r for r in rows if r and r[0] in (2025, 2026)}
    assert D(str(in_kind[(2025, "Ale kommun")][2])) == D(34)
    assert D(str(in_kind[(2025, "Ale kommun")][-2])) == D(3400)
    assert D(str(in_kind[(2026, "Ale kommun")][-2])) == D(1200)
    assert D(str(in_kind[(2025, "Kungälvs kommun")][-2])) == D(480)


@pytest.mark.parametrize("report_type", sorted(REPORT_TYPES))
@time_machine.travel(TODAY, tick=False)
def test_every_funder_pdf_prints_the_same_figures(scenario, report_type):
    world, ale, kungalv, _ = scenario
    sections = REPORT_TYPES[report_type].sections
    report = Report.objects.create(project=world.project, report_type=report_type, period_start=dt.date(2025, 1, 1),
                                   period_end=dt.date(2026, 5, 31), addressed_to=world.project.funder)
    report = report_render(report_id=report.pk)
    assert report.status == Report.Status.DONE, report.failure_reason
    reader = PdfReader(io.BytesIO(report.file.read()))
    text = squash(" ".join(page.extract_text() for page in reader.pages))

    if "activities" in sections:
        assert "5 aktiviteter under perioden" in text
    if "participants" in sections:
        assert "55 totalt" in text
        # the same share as the indicator, of all 55 counted by gender
        assert "Av de 55 deltagare som räknats efter kön är 52,7 % kvinnor" in text
    if "goals" in sections:
        # the computed indicators print the same figures as the sections
        assert "Aktiviteter 0 100 5 95" in text
        assert "Andel kvinnor 0 100 52,7 47,3" in text
        assert "Deltagare 0 100 55 45" in text
    if "budget" in sections or "financial_account" in sections:
        assert "2025 Ale kommun 34 3 400,00 kr 86 000,00 kr" in text
        assert "2026 Ale kommun 10 1 200,00 kr 103 200,00 kr" in text
        assert "2025 Kungälvs kommun 6 480,00 kr 68 800,00 kr" in text


@time_machine.travel(TODAY, tick=False)
def test_the_grant_decisions_are_reconciled_with_the_budget_on_every_page(client, scenario):
    world = scenario[0]
    budget = world.project.budgets.get(is_current=True)
    draft = ReportDraft.objects.create(project=world.project, report_type="vinnova_progress",
                                       period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))
    client.force_login(world.coordinator)
    pages = {
        "budget": reverse("budgets:detail", args=[budget.pk]),
        "project": reverse("projects:detail", args=[world.project.pk]),
        "project dashboard": reverse("dashboards:project", args=[world.project.pk]),
        "report draft": reverse("reports:draft", args=[draft.pk]),
    }
    for name, url in pages.items():
        html = client.get(url).content.decode()
        assert 'data-flag="grant-mismatch"' in html, name
        text = squash(re.sub(r"<[^>]+>", " ", html[html.index('data-flag="grant-mismatch"'):]))
        # Länsstyrelsen: nothing granted, 120 000 budgeted while 100 000 awaits the decision
        assert "Länsstyrelsen i Västra Götalands län (test): beviljat 0,00 kr, budgeterat 120 000,00 kr" in text, name
        assert world.project.funder.name + ":" not in text[:400], name  # the funder whose decision matches
