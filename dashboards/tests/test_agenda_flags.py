"""The portfolio's flags ("Behöver beslut"), the project dashboard's grant and indicator rows and the start page's
top flags are each put on the agenda of their project's next steering-group meeting in one step."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from budgets.models import FinancingLine
from budgets.tests.factories import BudgetFactory, CostLineFactory, FinancingLineFactory
from dashboards.models import Meeting
from dashboards.selectors import AgendaFlag, flag_seriousness, most_serious
from projects.models import FundingApplication, Indicator, IndicatorValue, ProjectMembership
from projects.tests.factories import ProjectFactory
from reports.models import ReportDueDate

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db

PORTFOLIO = "/oversikt/"
SHORTFALL = "Den aktuella budgeten går inte ihop: 600,00 kr saknar finansiering"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


def unbalanced(project, cost="1000.00", financing="400.00"):
    """A current budget that does not balance, financed in cash (so no grant decision is involved)."""
    budget = BudgetFactory(project=project, is_current=True)
    CostLineFactory(budget=budget, amount=Decimal(cost))
    FinancingLineFactory(budget=budget, kind=FinancingLine.Kind.CASH, amount=Decimal(financing))
    return budget


def flag_row(page, anchor):
    """The HTML of the row with the id `anchor`, up to the end of its list item."""
    start = page.rindex("<li", 0, page.index(f'id="{anchor}"'))
    return page[start:page.index("</li>", start)]


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def post(client, project, text, meeting=None, next_url=None):
    data = {"text": text}
    if meeting is not None:
        data["version"] = meeting.version
    if next_url is not None:
        data["next"] = next_url
    return client.post(reverse("dashboards:agenda_add", args=[project.pk]), data)


@pytest.fixture
def other(world):
    """Project B: the coordinator of A is in its steering group (sees its flags), nobody else of A's."""
    project = ProjectFactory(title="Projekt B")
    ProjectMembership.objects.create(project=project, user=world.coordinator, role="steering")
    return project


# --- the portfolio ---------------------------------------------------------------------------------------

def test_a_portfolio_flag_goes_on_the_next_meeting_once_and_back_to_the_flag(client, world):
    budget = unbalanced(world.project)
    MeetingFactory(project=world.project, date=dt.date(2026, 6, 1), agenda="")  # already held
    meeting = MeetingFactory(project=world.project, date=dt.date(2026, 6, 20))
    later = MeetingFactory(project=world.project, date=dt.date(2026, 9, 1))
    anchor = f"flag-budget-{budget.pk}"
    client.force_login(world.coordinator)
    page = client.get(PORTFOLIO, {"focus_area": ""}).content.decode()
    row = flag_row(page, anchor)
    assert 'data-flag="unbalanced-budget"' in row and "data-agenda-form" in row and "Sätt på dagordningen" in row
    assert f'value="{SHORTFALL}"' in row
    assert f'name="next" value="{PORTFOLIO}?focus_area=#{anchor}"' in row  # the same page, the same flag
    assert f'action="{reverse("dashboards:agenda_add", args=[world.project.pk])}"' in row

    response = post(client, world.project, SHORTFALL, meeting, next_url=f"{PORTFOLIO}?focus_area=#{anchor}")
    assert response.status_code == 302
    assert response.url == f"{PORTFOLIO}?focus_area=#{anchor}"
    meeting.refresh_from_db()
    assert meeting.agenda_list == ["Läget", "Budgeten", SHORTFALL]
    assert meeting.version == 2
    later.refresh_from_db()
    assert SHORTFALL not in later.agenda
    response = client.get(response.url)
    assert "Lagt på dagordningen för styrgruppsmötet 20 juni 2026" in messages_of(response)
    row = flag_row(response.content.decode(), anchor)
    assert "data-on-agenda" in row and "På dagordningen" in row and "data-agenda-form" not in row

    response = post(client, world.project, SHORTFALL, meeting, next_url=f"{PORTFOLIO}#{anchor}")  # once more
    assert response.url == f"{PORTFOLIO}#{anchor}"
    meeting.refresh_from_db()
    assert meeting.agenda_list.count(SHORTFALL) == 1
    assert meeting.version == 2
    assert messages_of(client.get(response.url)) == ["Det finns redan på dagordningen för styrgruppsmötet 20 juni 2026"]


def test_the_buttons_are_not_in_the_cached_html(client, world):
    """The portfolio's HTML is cached for everyone who sees the same projects; the buttons and the "on the
    agenda" state are rendered per person and per request."""
    budget = unbalanced(world.project)
    meeting = MeetingFactory(project=world.project, date=dt.date(2026, 6, 20))
    anchor = f"flag-budget-{budget.pk}"
    client.force_login(world.steering)  # renders and caches the figures first
    assert "data-agenda-form" not in flag_row(client.get(PORTFOLIO).content.decode(), anchor)
    client.force_login(world.staff)
    assert "data-agenda-form" in flag_row(client.get(PORTFOLIO).content.decode(), anchor)
    # changed without a signal, so the cached figures stay: the flag still reads the agenda as it is now
    Meeting.objects.filter(pk=meeting.pk).update(agenda=f"Läget\n{SHORTFALL}")
    row = flag_row(client.get(PORTFOLIO).content.decode(), anchor)
    assert "data-on-agenda" in row and "data-agenda-form" not in row


def test_every_kind_of_portfolio_flag_has_its_button(client, world):
    budget = unbalanced(world.project)
    funder = world.project.funder
    FundingApplication.objects.create(project=world.project, funder=funder, amount_applied=500,
                                      amount_granted=Decimal("300.00"), status="granted")
    FinancingLineFactory(budget=budget, kind=FinancingLine.Kind.GRANT, organisation=funder, amount=Decimal("500"))
    indicator = Indicator.objects.create(project=world.project, name="Workshops", baseline=0, target=100)
    IndicatorValue.objects.create(indicator=indicator, period_start=dt.date(2026, 1, 1),
                                  period_end=dt.date(2026, 3, 31), value=Decimal("5"))
    report = ReportDueDate.objects.create(project=world.project, report_type="vinnova_progress",
                                          period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
                                          due_date=dt.date(2026, 2, 28))
    MeetingFactory(project=world.project, date=dt.date(2026, 6, 20))
    client.force_login(world.coordinator)
    page = client.get(PORTFOLIO).content.decode()
    lines = {
        f"flag-grant-{budget.pk}-{funder.pk}": f"Bidragsraderna från {funder.name} stämmer inte med beslutet: "
                                               "beviljat 300,00 kr, budgeterat 500,00 kr",
        f"flag-lab-{world.lab.pk}": "Labbet Labb Ale har inte rapporterat någon aktivitet än",
        f"flag-indicator-{indicator.pk}": "Indikatorn Workshops ligger efter den planerade utvecklingen",
        f"flag-report-{report.pk}": "för 2025-01-01 – 2025-12-31, som skulle lämnas 2026-02-28, är inte publicerad",
    }
    for anchor, text in lines.items():
        row = flag_row(page, anchor)
        assert "data-agenda-form" in row, anchor
        assert text in row, anchor


def test_no_next_meeting_opens_the_new_meeting_form_with_the_flag(client, world):
    unbalanced(world.project)
    MeetingFactory(project=world.project, date=dt.date(2026, 5, 1))  # in the past
    client.force_login(world.coordinator)
    page = client.get(PORTFOLIO).content.decode()
    assert 'name="version"' not in page  # no meeting to hold a version of
    before = Meeting.objects.count()
    response = post(client, world.project, SHORTFALL, next_url=PORTFOLIO)
    assert response.url.startswith(reverse("dashboards:meeting_new"))
    assert Meeting.objects.count() == before
    form = client.get(response.url).context["form"]
    assert form.initial == {"agenda": SHORTFALL, "project": world.project.pk}


def test_a_meeting_saved_meanwhile_is_not_overwritten(client, world):
    budget = unbalanced(world.project)
    meeting = MeetingFactory(project=world.project, date=dt.date(2026, 6, 20))
    client.force_login(world.coordinator)
    client.get(PORTFOLIO)
    opened = meeting.version
    meeting.title = "Ändrat av någon annan"
    meeting.agenda = "Läget"
    meeting.version += 1
    meeting.save()
    response = post(client, world.project, SHORTFALL, Meeting(version=opened),
                    next_url=f"{PORTFOLIO}#flag-budget-{budget.pk}")
    assert response.url == f"{PORTFOLIO}#flag-budget-{budget.pk}"
    meeting.refresh_from_db()
    assert meeting.agenda == "Läget" and meeting.version == opened + 1
    assert messages_of(client.get(response.url)) == [
        "Mötet har ändrats av någon annan. Titta på dagordningen och försök igen."]


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/oversikt/", ""])
def test_a_next_that_leaves_the_site_returns_to_the_project_dashboard(client, world, next_url):
    unbalanced(world.project)
    meeting = MeetingFactory(project=world.project, date=dt.date(2026, 6, 20))
    client.force_login(world.coordinator)
    response = post(client, world.project, SHORTFALL, meeting, next_url=next_url)
    assert response.url == reverse("dashboards:project", args=[world.project.pk])
    meeting.refresh_from_db()
    assert SHORTFALL in meeting.agenda_list


# --- who may -----------------------------------------------------------------------------------------------

def test_a_coordinator_of_a_sees_b_flag_without_a_button_and_cannot_post_it(client, world, other):
    budget_b = unbalanced(other, cost="2000.00")
    meeting_b = MeetingFactory(project=other, date=dt.date(2026, 6, 20))
    client.force_login(world.coordinator)
    page = client.get(PORTFOLIO).content.decode()
    row = flag_row(page, f"flag-budget-{budget_b.pk}")
    assert "Projekt B" in row and "data-agenda-form" not in row  # B's steering group: sees it, may not add
    response = post(client, other, "Den aktuella budgeten går inte ihop: 1 600,00 kr saknar finansiering", meeting_b)
    assert response.status_code == 403
    meeting_b.refresh_from_db()
    assert meeting_b.version == 1 and meeting_b.agenda_list == ["Läget", "Budgeten"]


@pytest.mark.parametrize("role", ["steering", "coordinator"])
def test_project_a_people_cannot_put_anything_on_b_agenda(client, world, role):
    b = ProjectFactory(title="Projekt B")
    unbalanced(b)
    meeting_b = MeetingFactory(project=b, date=dt.date(2026, 6, 20))
    client.force_login(getattr(world, role))
    assert post(client, b, SHORTFALL, meeting_b).status_code == 404  # B's existence does not leak
    meeting_b.refresh_from_db()
    assert SHORTFALL not in meeting_b.agenda


def test_the_steering_group_sees_the_flags_and_their_state_but_no_buttons(client, world):
    budget = unbalanced(world.project)
    MeetingFactory(project=world.project, date=dt.date(2026, 6, 20), agenda=SHORTFALL)
    client.force_login(world.steering)
    page = client.get(PORTFOLIO).content.decode()
    assert "data-on-agenda" in flag_row(page, f"flag-budget-{budget.pk}")
    assert "data-agenda-form" not in page
    panel = client.get("/").content.decode()
    panel = panel[panel.index('data-start-panel="steering"'):]
    assert f'id="flag-budget-{budget.pk}"' in panel and "data-agenda-form" not in panel


def test_a_funder_sees_no_flags_at_all(client, world):
    unbalanced(world.project)
    MeetingFactory(project=world.project, date=dt.date(2026, 6, 20))
    client.force_login(world.funder)
    assert client.get(PORTFOLIO).status_code == 403
    page = client.get("/").content.decode()
    assert 'data-start-panel="steering"' not in page and "data-agenda-form" not in page
    assert post(client, world.project, SHORTFALL, Meeting(version=1)).status_code == 403


# --- the project dashboard ---------------------------------------------------------------------------------

def test_grant_and_indicator_rows_of_the_project_dashboard_go_on_the_agenda(client, world):
    budget = BudgetFactory(project=world.project, is_current=True)
    funder = world.project.funder
    FundingApplication.objects.create(project=world.project, funder=funder, amount_applied=500,
                                      amount_granted=Decimal("300.00"), status="granted")
    FinancingLineFactory(budget=budget, kind=FinancingLine.Kind.GRANT, organisation=funder, amount=Decimal("500"))
    behind = Indicator.objects.create(project=world.project, name="Workshops", baseline=0, target=100)
    IndicatorValue.objects.create(indicator=behind, period_start=dt.date(2026, 1, 1),
                                  period_end=dt.date(2026, 3, 31), value=Decimal("5"))
    on_track = Indicator.objects.create(project=world.project, name="Möten", baseline=0, target=10)
    IndicatorValue.objects.create(indicator=on_track, period_start=dt.date(2026, 1, 1),
                                  period_end=dt.date(2026, 3, 31), value=Decimal("10"))
    meeting = MeetingFactory(project=world.project, date=dt.date(2026, 6, 20))
    url = reverse("dashboards:project", args=[world.project.pk])
    client.force_login(world.coordinator)
    page = client.get(url).content.decode()
    grant = page[page.index(f'id="flag-grant-{budget.pk}-{funder.pk}"'):]
    grant = grant[:grant.index("</li>")]
    assert "data-agenda-form" in grant and f"{funder.name}:</strong>" in grant
    indicator = page[page.index(f'id="flag-indicator-{behind.pk}"'):]
    indicator = indicator[:indicator.index("</tr>")]
    assert "data-agenda-form" in indicator
    assert f'id="flag-indicator-{on_track.pk}"' not in page  # on track: nothing to decide

    text = "Indikatorn Workshops ligger efter den planerade utvecklingen"
    response = post(client, world.project, text, meeting, next_url=f"{url}#flag-indicator-{behind.pk}")
    assert response.url == f"{url}#flag-indicator-{behind.pk}"
    meeting.refresh_from_db()
    assert meeting.agenda_list[-1] == text
    page = client.get(url).content.decode()
    indicator = page[page.index(f'id="flag-indicator-{behind.pk}"'):]
    assert "data-on-agenda" in indicator[:indicator.index("</tr>")]
    # the same line is the portfolio's: there too it is on the agenda
    assert "data-on-agenda" in flag_row(client.get(PORTFOLIO).content.decode(), f"flag-indicator-{behind.pk}")


# --- the start page ----------------------------------------------------------------------------------------

def test_the_start_panel_shows_the_five_most_serious_flags_first(client, world, other):
    small = unbalanced(world.project, cost="1000.00", financing="900.00")  # 100 kr short
    large = unbalanced(other, cost="5000.00", financing="1000.00")  # 4 000 kr short
    report = ReportDueDate.objects.create(project=world.project, report_type="vinnova_progress",
                                          period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
                                          due_date=dt.date(2026, 2, 28))
    indicator = Indicator.objects.create(project=world.project, name="Workshops", baseline=0, target=100)
    IndicatorValue.objects.create(indicator=indicator, period_start=dt.date(2026, 1, 1),
                                  period_end=dt.date(2026, 3, 31), value=Decimal("5"))
    # and the world's two labs, quiet: six flags in all
    meeting = MeetingFactory(project=world.project, date=dt.date(2026, 6, 20), title="Junimötet")
    client.force_login(world.coordinator)
    page = client.get("/").content.decode()
    panel = page[page.index('data-start-panel="steering"'):]
    panel = panel[:panel.index("</section>")]
    order = [f"flag-report-{report.pk}", f"flag-budget-{large.pk}", f"flag-budget-{small.pk}",
             f"flag-indicator-{indicator.pk}", f"flag-lab-{world.lab.pk}"]
    assert [panel.index(f'id="{anchor}"') for anchor in order] == sorted(panel.index(f'id="{a}"') for a in order)
    assert panel.count("<li id=") == 5
    assert f'id="flag-lab-{world.other_lab.pk}"' not in panel  # the sixth
    # above the open decisions and the next meeting
    assert panel.index(f'id="flag-report-{report.pk}"') < panel.index("Junimötet")
    # A's flags with a button, B's (steering group only) without
    assert "data-agenda-form" in flag_row(panel, f"flag-report-{report.pk}")
    assert "data-agenda-form" not in flag_row(panel, f"flag-budget-{large.pk}")

    anchor = f"flag-report-{report.pk}"
    form = flag_row(panel, anchor)
    line = form[form.index('name="text" value="') + len('name="text" value="'):]
    line = line[:line.index('"')]
    assert line.endswith("för 2025-01-01 – 2025-12-31, som skulle lämnas 2026-02-28, är inte publicerad")
    response = post(client, world.project, line, meeting, next_url=f"/#{anchor}")
    assert response.url == f"/#{anchor}"
    meeting.refresh_from_db()
    assert meeting.agenda_list[-1] == line
    assert "data-on-agenda" in flag_row(client.get("/").content.decode(), anchor)


def test_seriousness_is_kind_first_then_how_far_off():
    def flag(kind, weight, project="P"):
        return AgendaFlag(kind, 1, project, f"{kind}-{weight}", f"{kind} {weight}", weight, None)

    flags = [flag("quiet-labs", float("inf")), flag("indicators-behind", 10.0), flag("grant-mismatch", 5.0),
             flag("unbalanced-budget", 100.0), flag("unbalanced-budget", 4000.0), flag("reports-overdue", 3.0),
             flag("reports-overdue", 90.0)]
    assert [f.anchor for f in most_serious(flags, 5)] == [
        "reports-overdue-90.0", "reports-overdue-3.0", "unbalanced-budget-4000.0", "unbalanced-budget-100.0",
        "grant-mismatch-5.0"]
    assert flag_seriousness(flag("late-work-package", 1.0)) > flag_seriousness(flag("quiet-labs", 1.0))
