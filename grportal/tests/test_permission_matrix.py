"""Every protected page × every role, with the answer each role must get.

The expectations follow the named rules in */permissions.py:
- projects.view_project: staff, anyone with a role on the project, a lead of one of its labs;
  anyone else gets 404 so the project's existence does not leak;
- projects.invite_person / projects.edit_project / reports.generate: staff and coordinators;
- labs.view_lab: the lab's leads, the project's coordinators and steering group, staff
  (another municipality's lab lead, the reference group and funder contacts get 404);
- labs.log_activity: staff, the lab's leads, coordinators;
- labs.edit_activity: staff and coordinators always, the lab's lead until submission;
- labs.review_activity (approve, return, reopen): staff and coordinators;
- labs.change_phase: staff, the lab's leads, coordinators; attachments follow labs.view_lab;
- the activity log and the lessons bank list only what the person may see (200 for everyone);
- labs.subscribe_digest: staff and coordinators;
- budgets.view_budget: coordinators, finance support, steering group, staff; a funder contact the applied,
  granted and revised versions but no scenario (404 for the rest; salaries only for those who edit);
- budgets.view_salaries reads the on-cost rates; budgets.edit_on_cost_rates (staff and finance support, not a
  coordinator: the rates are shared by every project) sets them;
- reports.view_report: internal roles, and a funder contact for a finished and published report addressed
  to their organisation (404 for the rest).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from budgets.tests.factories import BudgetFactory
from labs.models import Activity
from labs.tests.factories import ActivityFactory, AttachmentFactory
from reports.models import Report
from reports.tests.factories import ReportFactory
from seminars.tests.factories import SeminarFactory

LOGIN_URL = "/konto/login/"

ROLES = ("anonymous", "coordinator", "steering", "reference", "funder", "lead", "other_lead", "staff", "outsider")

LOGIN = "login"  # 302 to the login page
DONE = "done"  # the action succeeded: 302 to the page the view names


@dataclass(frozen=True)
class Page:
    url: Callable  # (objects) -> str
    method: str = "get"
    data: Callable | None = None  # (objects) -> dict, for POST
    done_url: Callable | None = None  # (objects) -> str, where a successful POST lands


PAGES = {
    "home": Page(lambda o: reverse("home")),
    "project_list": Page(lambda o: reverse("projects:list")),
    "project_detail": Page(lambda o: reverse("projects:detail", args=[o.project.pk])),
    "project_invite": Page(lambda o: reverse("projects:invite", args=[o.project.pk])),
    "project_print": Page(lambda o: reverse("projects:print", args=[o.project.pk])),
    "project_export_docx": Page(lambda o: reverse("projects:export_docx", args=[o.project.pk])),
    "project_copy": Page(lambda o: reverse("projects:copy", args=[o.project.pk])),
    "lab_list": Page(lambda o: reverse("labs:mine")),
    "lab_detail": Page(lambda o: reverse("labs:detail", args=[o.lab.pk])),
    "activity_new": Page(lambda o: reverse("labs:activity_new", args=[o.lab.pk])),
    "activity_edit": Page(lambda o: reverse("labs:activity_edit", args=[o.activity.pk])),
    "activity_submit": Page(
        lambda o: reverse("labs:activity_submit", args=[o.activity.pk]), method="post",
        done_url=lambda o: reverse("labs:detail", args=[o.lab.pk]),
    ),
    "activity_approve": Page(
        lambda o: reverse("labs:activity_approve", args=[o.activity.pk]), method="post",
        done_url=lambda o: reverse("labs:detail", args=[o.lab.pk]),
    ),
    "activity_return": Page(lambda o: reverse("labs:activity_return", args=[o.activity.pk])),
    "lab_phase": Page(
        lambda o: reverse("labs:phase", args=[o.lab.pk]), method="post",
        data=lambda o: {"phase": "ideas", "changed_on": "2025-03-01"},
        done_url=lambda o: reverse("labs:detail", args=[o.lab.pk]),
    ),
    "attachment_download": Page(lambda o: reverse("labs:attachment_download", args=[o.attachment.pk])),
    "activity_log": Page(lambda o: reverse("labs:activity_log")),
    "lessons": Page(lambda o: reverse("labs:lessons")),
    "digest": Page(lambda o: reverse("labs:digest"), method="post", data=lambda o: {"subscribe": "1"},
                   done_url=lambda o: reverse("labs:activity_log")),
    "budget_detail": Page(lambda o: reverse("budgets:detail", args=[o.budget.pk])),
    "on_cost_rates": Page(lambda o: reverse("budgets:on_cost_rates", args=[o.budget.pk])),
    "on_cost_rate_set": Page(
        lambda o: reverse("budgets:on_cost_rates", args=[o.budget.pk]), method="post",
        data=lambda o: {"organisation": o.project.owner.pk, "year": 2025, "percent": "45", "annual_hours": 1720},
        done_url=lambda o: reverse("budgets:on_cost_rates", args=[o.budget.pk]),
    ),
    "report_generate": Page(
        lambda o: reverse("reports:generate", args=[o.project.pk]), method="post",
        data=lambda o: {
            "period_start": "2025-01-01", "period_end": "2025-06-30",
            "idempotency_key": "6f1c2b1e-4f55-4b8a-9b43-0c7e1f1f2a10",
        },
        done_url=lambda o: o.project.get_absolute_url() + "#report-",
    ),
    "report_status": Page(lambda o: reverse("reports:status", args=[o.report.pk])),
    "report_download": Page(lambda o: reverse("reports:download", args=[o.report.pk])),
    "report_detail": Page(lambda o: reverse("reports:detail", args=[o.report.pk])),
    "seminar_list": Page(lambda o: reverse("seminars:list")),
    "seminar_new": Page(lambda o: reverse("seminars:new")),
    "seminar_edit": Page(lambda o: reverse("seminars:edit", args=[o.seminar.pk])),
    "seminar_registrations": Page(lambda o: reverse("seminars:registrations", args=[o.seminar.pk])),
    "seminar_check_in": Page(lambda o: reverse("seminars:check_in", args=[o.seminar.pk])),
    "seminar_programme": Page(lambda o: reverse("seminars:programme", args=[o.seminar.pk])),
    "seminar_catering": Page(lambda o: reverse("seminars:catering", args=[o.seminar.pk])),
    "seminar_documentation": Page(lambda o: reverse("seminars:documentation", args=[o.seminar.pk])),
    "seminar_feedback": Page(lambda o: reverse("seminars:feedback_overview", args=[o.seminar.pk])),
}

# fmt: off
EXPECTED = {
    #                  anonymous coordinator steering reference funder lead other_lead staff outsider
    "home":            (LOGIN, 200,  200, 200, 200, 200,  200, 200,  200),
    "project_list":    (LOGIN, 200,  200, 200, 200, 200,  200, 200,  200),
    "project_detail":  (LOGIN, 200,  200, 200, 200, 200,  200, 200,  404),
    "project_invite":  (LOGIN, 200,  403, 403, 403, 403,  403, 200,  404),
    "project_print":   (LOGIN, 200,  200, 200, 200, 200,  200, 200,  404),
    "project_export_docx": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 404),
    "project_copy":    (LOGIN, 200,  403, 403, 403, 403,  403, 200,  404),
    "lab_list":        (LOGIN, 200,  200, 200, 200, 200,  200, 200,  200),
    "lab_detail":      (LOGIN, 200,  200, 404, 404, 200,  404, 200,  404),
    "activity_new":    (LOGIN, 200,  403, 404, 404, 200,  404, 200,  404),
    "activity_edit":   (LOGIN, 200,  403, 404, 404, 200,  404, 200,  404),
    "activity_submit": (LOGIN, DONE, 403, 404, 404, DONE, 404, DONE, 404),
    "activity_approve": (LOGIN, DONE, 403, 404, 404, 403, 404, DONE, 404),
    "activity_return": (LOGIN, 200,  403, 404, 404, 403,  404, 200,  404),
    "lab_phase":       (LOGIN, DONE, 403, 404, 404, DONE, 404, DONE, 404),
    "attachment_download": (LOGIN, 200, 200, 404, 404, 200, 404, 200, 404),
    "activity_log":    (LOGIN, 200,  200, 200, 200, 200,  200, 200,  200),
    "lessons":         (LOGIN, 200,  200, 200, 200, 200,  200, 200,  200),
    "digest":          (LOGIN, DONE, 403, 403, 403, 403,  403, DONE, 403),
    "budget_detail":   (LOGIN, 200,  200, 404, 200, 404,  404, 200,  404),
    "on_cost_rates":   (LOGIN, 200,  403, 404, 403, 404,  404, 200,  404),
    "on_cost_rate_set": (LOGIN, 403, 403, 404, 403, 404,  404, DONE, 404),
    "report_generate": (LOGIN, DONE, 403, 403, 403, 403,  403, DONE, 404),
    "report_status":   (LOGIN, 200,  200, 404, 200, 404,  404, 200,  404),
    "report_download": (LOGIN, 200,  200, 404, 200, 404,  404, 200,  404),
    "report_detail":   (LOGIN, 200,  200, 404, 200, 404,  404, 200,  404),
    "seminar_list":    (LOGIN, 200,  200, 200, 200, 200,  200, 200,  200),
    "seminar_new":     (LOGIN, 200,  403, 403, 403, 403,  403, 200,  403),
    "seminar_edit":    (LOGIN, 200,  404, 404, 404, 404,  404, 200,  404),
    "seminar_registrations": (LOGIN, 200, 404, 404, 404, 404, 404, 200, 404),
    "seminar_check_in": (LOGIN, 200, 404, 404, 404, 404, 404, 200, 404),
    "seminar_programme": (LOGIN, 200, 404, 404, 404, 404, 404, 200, 404),
    "seminar_catering": (LOGIN, 200, 404, 404, 404, 404, 404, 200, 404),
    "seminar_documentation": (LOGIN, 200, 404, 404, 404, 404, 404, 200, 404),
    "seminar_feedback": (LOGIN, 200, 404, 404, 404, 404, 404, 200, 404),
}
# fmt: on

CASES = [
    pytest.param(page, role, expected, id=f"{page}-{role}")
    for page, row in EXPECTED.items()
    for role, expected in zip(ROLES, row, strict=True)
]


@pytest.fixture
def objects(world):
    """The world plus a draft activity in the Ale lab, a budget, a finished report and a seminar."""
    world.activity = ActivityFactory(lab=world.lab, created_by=world.lead)
    world.attachment = AttachmentFactory(activity=world.activity)
    world.budget = BudgetFactory(project=world.project)
    # Published: a funder contact sees only published reports addressed to their organisation.
    world.report = ReportFactory(project=world.project, done=True, requested_by=world.coordinator,
                                 published_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    world.seminar = SeminarFactory(project=world.project)
    return world


def test_matrix_covers_every_page_the_brief_lists():
    assert set(EXPECTED) == set(PAGES)


@pytest.mark.parametrize(("page_name", "role", "expected"), CASES)
def test_each_role_gets_the_expected_answer_from_each_page(client, objects, page_name, role, expected):
    page = PAGES[page_name]
    if role != "anonymous":
        client.force_login(getattr(objects, role))
    url = page.url(objects)
    data = page.data(objects) if page.data else {}
    response = client.post(url, data) if page.method == "post" else client.get(url)

    if expected == LOGIN:
        assert response.status_code == 302
        location = urlsplit(response.url)
        assert location.path == LOGIN_URL
        assert parse_qs(location.query)["next"] == [url]
    elif expected == DONE:
        assert response.status_code == 302, response.content[:300]
        assert response.url.startswith(page.done_url(objects))
        assert not response.url.startswith(LOGIN_URL)
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ["steering", "reference", "funder", "other_lead", "outsider"])
def test_a_refused_submit_leaves_the_activity_a_draft(client, objects, role):
    client.force_login(getattr(objects, role))
    client.post(reverse("labs:activity_submit", args=[objects.activity.pk]))
    objects.activity.refresh_from_db()
    assert objects.activity.status == Activity.Status.DRAFT


@pytest.mark.parametrize("role", ["steering", "reference", "funder", "lead", "other_lead", "outsider"])
def test_a_refused_report_request_queues_nothing(client, objects, role):
    client.force_login(getattr(objects, role))
    before = Report.objects.count()
    client.post(reverse("reports:generate", args=[objects.project.pk]), PAGES["report_generate"].data(objects))
    assert Report.objects.count() == before


def test_a_funder_contact_does_not_see_a_report_still_being_made(client, objects):
    queued = ReportFactory(project=objects.project, status=Report.Status.QUEUED)
    client.force_login(objects.funder)
    assert client.get(reverse("reports:status", args=[queued.pk])).status_code == 404
    assert client.get(reverse("reports:download", args=[queued.pk])).status_code == 404


def test_a_funder_contact_does_not_see_a_report_addressed_to_another_funder(client, objects):
    other = ReportFactory(project=objects.project, done=True, addressed_to=objects.outsider.organisation)
    client.force_login(objects.funder)
    assert client.get(reverse("reports:download", args=[other.pk])).status_code == 404


def test_a_lead_may_not_submit_an_activity_twice(client, objects):
    client.force_login(objects.lead)
    url = reverse("labs:activity_submit", args=[objects.activity.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 403


# --- What each role sees on shared pages: the list pages must not leak either. ---------------


def test_an_outsider_sees_no_project_or_lab_in_the_lists(client, objects):
    client.force_login(objects.outsider)
    for url in (reverse("home"), reverse("projects:list"), reverse("labs:mine")):
        body = client.get(url).content.decode()
        assert objects.project.title not in body
        assert objects.lab.name not in body
        assert objects.other_lab.name not in body


def test_a_lab_lead_sees_only_their_own_lab(client, objects):
    client.force_login(objects.other_lead)
    for url in (reverse("home"), reverse("labs:mine"), objects.project.get_absolute_url()):
        body = client.get(url).content.decode()
        assert objects.other_lab.name in body
        assert objects.lab.name not in body


def test_the_project_page_shows_a_funder_contact_no_internal_section_and_no_edit_button(client, objects):
    client.force_login(objects.funder)
    body = client.get(objects.project.get_absolute_url()).content.decode()
    assert objects.project.title in body
    assert reverse("labs:detail", args=[objects.lab.pk]) not in body
    # The applied budget is theirs to read (no salaries, no scenarios: budgets/tests/test_views.py).
    assert reverse("budgets:detail", args=[objects.budget.pk]) in body
    assert reverse("projects:invite", args=[objects.project.pk]) not in body
    assert reverse("reports:generate", args=[objects.project.pk]) not in body
    # … but the finished report addressed to their organisation is there to download.
    assert reverse("reports:download", args=[objects.report.pk]) in body


def test_the_project_page_shows_the_reference_group_no_lab_budget_or_report(client, objects):
    client.force_login(objects.reference)
    body = client.get(objects.project.get_absolute_url()).content.decode()
    assert objects.lab.name not in body
    assert reverse("budgets:detail", args=[objects.budget.pk]) not in body
    assert reverse("reports:download", args=[objects.report.pk]) not in body


def test_the_project_page_gives_the_coordinator_every_section_and_action(client, objects):
    client.force_login(objects.coordinator)
    body = client.get(objects.project.get_absolute_url()).content.decode()
    for url in (
        reverse("labs:detail", args=[objects.lab.pk]), reverse("labs:detail", args=[objects.other_lab.pk]),
        reverse("budgets:detail", args=[objects.budget.pk]), reverse("projects:invite", args=[objects.project.pk]),
        reverse("reports:generate", args=[objects.project.pk]), reverse("reports:download", args=[objects.report.pk]),
    ):
        assert url in body


def test_the_lab_page_offers_edit_links_only_to_those_who_may_edit(client, objects):
    edit_url = reverse("labs:activity_edit", args=[objects.activity.pk])
    client.force_login(objects.steering)
    assert edit_url not in client.get(reverse("labs:detail", args=[objects.lab.pk])).content.decode()
    client.force_login(objects.lead)
    assert edit_url in client.get(reverse("labs:detail", args=[objects.lab.pk])).content.decode()


def test_an_inactive_coordinator_is_refused_everywhere(client, objects):
    objects.coordinator.is_active = False
    objects.coordinator.save()
    client.force_login(objects.coordinator)
    # An inactive account's session is not honoured: the login page is where it lands.
    response = client.get(objects.project.get_absolute_url())
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)
