"""Every protected page × every role, with the answer each role must get.

The URLconf is walked (grportal/testing/urls.py, as in test_login_required.py): every URL name that is not public
must have a row here with an answer for each role of the conftest `world`
(test_every_protected_url_name_has_an_answer_for_every_role), so a new page fails the suite until someone decides
who may use it. Django's admin and allauth's own account pages are left out (NOT_IN_MATRIX_PREFIXES). A key
`name#variant` is a second request to the same URL name (a POST).

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
- standalone lessons: labs.add_lesson (staff, coordinators, lab leads) records one; labs.view_lesson (staff and
  everyone who works with labs, else 404) and labs.edit_lesson (staff, coordinators, the lab's leads) edit and
  delete one;
- labs.review_inbox (the review inbox and its bulk approval): staff and anyone who coordinates a project; approving
  or returning one activity there asks labs.view_lab (404) and then labs.review_activity (403);
- labs.create_lab (a new lab in the project): staff and coordinators; the others who see the project get 403;
  labs.edit_lab also invites and removes the lab's leads;
- projects.invite_person also opens the "People and roles" page and removes a project role (never the last
  coordinator); budgets.assign_finance_support (staff and coordinators) adds and removes finance support;
  accounts.add_organisation (staff and anyone who coordinates a project) adds an organisation;
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

from accounts.tests.factories import UserFactory
from budgets.tests.factories import (
    ActualCostFactory,
    BudgetFactory,
    CostLineFactory,
    FinanceSupportFactory,
    ImportBatchFactory,
)
from dashboards.tests.factories import DecisionFactory, MeetingFactory
from grportal.testing.urls import PUBLIC, all_urls
from labs.models import Activity, Lesson, Method
from labs.tests.factories import ActivityFactory, AttachmentFactory
from projects.models import Goal
from projects.services import plan_item_delete
from projects.tests.factories import GoalFactory
from reports.models import Report
from reports.tests.factories import ReportDraftFactory, ReportFactory
from seminars.models import Documentation
from seminars.tests.factories import (
    DocumentationFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    SeminarFactory,
)

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
    "projects:list": Page(lambda o: reverse("projects:list")),
    "projects:detail": Page(lambda o: reverse("projects:detail", args=[o.project.pk])),
    "projects:invite": Page(lambda o: reverse("projects:invite", args=[o.project.pk])),
    "projects:print": Page(lambda o: reverse("projects:print", args=[o.project.pk])),
    "projects:export_docx": Page(lambda o: reverse("projects:export_docx", args=[o.project.pk])),
    "projects:copy": Page(lambda o: reverse("projects:copy", args=[o.project.pk])),
    "labs:mine": Page(lambda o: reverse("labs:mine")),
    "labs:detail": Page(lambda o: reverse("labs:detail", args=[o.lab.pk])),
    "labs:activity_new": Page(lambda o: reverse("labs:activity_new", args=[o.lab.pk])),
    "labs:activity_edit": Page(lambda o: reverse("labs:activity_edit", args=[o.activity.pk])),
    "labs:activity_submit": Page(
        lambda o: reverse("labs:activity_submit", args=[o.activity.pk]), method="post",
        done_url=lambda o: reverse("labs:detail", args=[o.lab.pk]),
    ),
    "labs:activity_approve": Page(
        lambda o: reverse("labs:activity_approve", args=[o.activity.pk]), method="post",
        done_url=lambda o: reverse("labs:detail", args=[o.lab.pk]),
    ),
    "labs:activity_return": Page(lambda o: reverse("labs:activity_return", args=[o.activity.pk])),
    "labs:phase": Page(
        lambda o: reverse("labs:phase", args=[o.lab.pk]), method="post",
        data=lambda o: {"phase": "ideas", "changed_on": "2025-03-01"},
        done_url=lambda o: reverse("labs:detail", args=[o.lab.pk]),
    ),
    "labs:attachment_download": Page(lambda o: reverse("labs:attachment_download", args=[o.attachment.pk])),
    "labs:activity_log": Page(lambda o: reverse("labs:activity_log")),
    "labs:lessons": Page(lambda o: reverse("labs:lessons")),
    "labs:lesson_new": Page(lambda o: reverse("labs:lesson_new")),
    "labs:lesson_edit": Page(lambda o: reverse("labs:lesson_edit", args=[o.lesson.pk])),
    "labs:lesson_delete": Page(lambda o: reverse("labs:lesson_delete", args=[o.lesson.pk])),
    "labs:lesson_delete#post": Page(
        lambda o: reverse("labs:lesson_delete", args=[o.lesson.pk]), method="post",
        data=lambda o: {"version": o.lesson.version}, done_url=lambda o: reverse("labs:lessons")),
    "labs:digest": Page(lambda o: reverse("labs:digest"), method="post", data=lambda o: {"subscribe": "1"},
                   done_url=lambda o: reverse("labs:activity_log")),
    "labs:review": Page(lambda o: reverse("labs:review")),
    "labs:review_approve": Page(
        lambda o: reverse("labs:review_approve", args=[o.submitted.pk]), method="post",
        data=lambda o: {f"approve-{o.submitted.pk}-version": o.submitted.version},
        done_url=lambda o: reverse("labs:review") + f"?reviewed={o.submitted.pk}#activity-{o.submitted.pk}",
    ),
    "labs:review_return": Page(
        lambda o: reverse("labs:review_return", args=[o.submitted.pk]), method="post",
        data=lambda o: {f"return-{o.submitted.pk}-version": o.submitted.version,
                        f"return-{o.submitted.pk}-reason": "Ange målgrupperna."},
        done_url=lambda o: reverse("labs:review") + f"?reviewed={o.submitted.pk}#activity-{o.submitted.pk}",
    ),
    "labs:review_bulk": Page(
        lambda o: reverse("labs:review_bulk"), method="post",
        data=lambda o: {"selected": o.submitted.pk, f"version-{o.submitted.pk}": o.submitted.version},
        done_url=lambda o: reverse("labs:review"),
    ),
    "budgets:detail": Page(lambda o: reverse("budgets:detail", args=[o.budget.pk])),
    "budgets:on_cost_rates": Page(lambda o: reverse("budgets:on_cost_rates", args=[o.budget.pk])),
    "budgets:on_cost_rates#set": Page(
        lambda o: reverse("budgets:on_cost_rates", args=[o.budget.pk]), method="post",
        data=lambda o: {"organisation": o.project.owner.pk, "year": 2025, "percent": "45", "annual_hours": 1720},
        done_url=lambda o: reverse("budgets:on_cost_rates", args=[o.budget.pk]),
    ),
    "reports:generate": Page(
        lambda o: reverse("reports:generate", args=[o.project.pk]), method="post",
        data=lambda o: {
            "period_start": "2025-01-01", "period_end": "2025-06-30",
            "idempotency_key": "6f1c2b1e-4f55-4b8a-9b43-0c7e1f1f2a10",
        },
        done_url=lambda o: o.project.get_absolute_url() + "#report-",
    ),
    "reports:status": Page(lambda o: reverse("reports:status", args=[o.report.pk])),
    "reports:download": Page(lambda o: reverse("reports:download", args=[o.report.pk])),
    "reports:detail": Page(lambda o: reverse("reports:detail", args=[o.report.pk])),
    "seminars:list": Page(lambda o: reverse("seminars:list")),
    "seminars:new": Page(lambda o: reverse("seminars:new")),
    "seminars:edit": Page(lambda o: reverse("seminars:edit", args=[o.seminar.pk])),
    "seminars:registrations": Page(lambda o: reverse("seminars:registrations", args=[o.seminar.pk])),
    "seminars:check_in": Page(lambda o: reverse("seminars:check_in", args=[o.seminar.pk])),
    "seminars:programme": Page(lambda o: reverse("seminars:programme", args=[o.seminar.pk])),
    "seminars:catering": Page(lambda o: reverse("seminars:catering", args=[o.seminar.pk])),
    "seminars:documentation": Page(lambda o: reverse("seminars:documentation", args=[o.seminar.pk])),
    "seminars:feedback_overview": Page(lambda o: reverse("seminars:feedback_overview", args=[o.seminar.pk])),
}


# The rest of the URLconf. A POST-only action is posted with no data (or the least it needs): the permission check
# comes first, so a refused role gets 403/404 and an allowed one the form's answer (200 or 400 with its errors, or
# 302 when done). Every page points at an object the fixture made: a missing one would answer 404 to every role.
PAGES.update({
    "my_account": Page(lambda o: reverse("my_account")),
    "projects:new": Page(lambda o: reverse("projects:new")),
    "projects:plan_fragment": Page(lambda o: reverse("projects:plan_fragment", args=[o.project.pk])),
    "projects:plan_deleted": Page(lambda o: reverse("projects:plan_deleted", args=[o.project.pk])),
    "projects:plan_undelete": Page(
        lambda o: reverse("projects:plan_undelete", args=[o.project.pk, "mal", o.deleted_goal.history_id]),
        method="post", done_url=lambda o: f"{o.project.get_absolute_url()}#"),
    "projects:plan_add": Page(lambda o: reverse("projects:plan_add", args=[o.project.pk, "mal"])),
    "projects:plan_edit": Page(lambda o: reverse("projects:plan_edit", args=[o.project.pk, "mal", o.goal.pk])),
    "projects:plan_delete": Page(lambda o: reverse("projects:plan_delete", args=[o.project.pk, "mal", o.goal.pk])),
    "projects:plan_history": Page(lambda o: reverse("projects:plan_history", args=[o.project.pk, "mal", o.goal.pk])),
    "projects:plan_restore": Page(
        lambda o: reverse("projects:plan_restore", args=[o.project.pk, "mal", o.goal.pk, o.goal_record.history_id]),
        method="post", data=lambda o: {"version": o.goal.version},
        done_url=lambda o: reverse("projects:plan_history", args=[o.project.pk, "mal", o.goal.pk])),
    "labs:edit": Page(lambda o: reverse("labs:edit", args=[o.lab.pk])),
    "projects:people": Page(lambda o: reverse("projects:people", args=[o.project.pk])),
    "projects:membership_remove": Page(
        lambda o: reverse("projects:membership_remove", args=[o.project.pk, o.reference_membership.pk])),
    "projects:membership_remove#post": Page(
        lambda o: reverse("projects:membership_remove", args=[o.project.pk, o.reference_membership.pk]),
        method="post", done_url=lambda o: reverse("projects:people", args=[o.project.pk])),
    "budgets:finance_support_add": Page(lambda o: reverse("budgets:finance_support_add", args=[o.project.pk])),
    "budgets:finance_support_add#post": Page(
        lambda o: reverse("budgets:finance_support_add", args=[o.project.pk]), method="post",
        data=lambda o: {"user": o.finance_candidate_pk},
        done_url=lambda o: reverse("projects:people", args=[o.project.pk])),
    "budgets:finance_support_remove": Page(
        lambda o: reverse("budgets:finance_support_remove", args=[o.project.pk, o.finance_support.pk])),
    "budgets:finance_support_remove#post": Page(
        lambda o: reverse("budgets:finance_support_remove", args=[o.project.pk, o.finance_support.pk]),
        method="post", done_url=lambda o: reverse("projects:people", args=[o.project.pk])),
    "accounts:organisation_new": Page(lambda o: reverse("accounts:organisation_new")),
    "labs:new": Page(lambda o: reverse("labs:new", args=[o.project.pk])),
    "labs:invite_lead": Page(lambda o: reverse("labs:invite_lead", args=[o.lab.pk])),
    "labs:lead_remove": Page(
        lambda o: reverse("labs:lead_remove", args=[o.lab.pk, o.lead.pk]), method="post",
        done_url=lambda o: reverse("labs:edit", args=[o.lab.pk]),
    ),
    "labs:methods": Page(lambda o: reverse("labs:methods")),
    "labs:method_new": Page(lambda o: reverse("labs:method_new")),
    "labs:method_edit": Page(lambda o: reverse("labs:method_edit", args=[o.method.pk])),
    "budgets:edit": Page(lambda o: reverse("budgets:edit", args=[o.budget.pk])),
    "budgets:copy": Page(lambda o: reverse("budgets:copy", args=[o.budget.pk])),
    "budgets:make_current": Page(lambda o: reverse("budgets:make_current", args=[o.budget.pk]), method="post"),
    "budgets:compare": Page(lambda o: reverse("budgets:compare", args=[o.budget.pk])),
    "budgets:line_new": Page(lambda o: reverse("budgets:line_new", args=[o.budget.pk, "cost"])),
    "budgets:line_edit": Page(lambda o: reverse("budgets:line_edit", args=[o.budget.pk, "cost", o.cost_line.pk])),
    "budgets:line_delete": Page(
        lambda o: reverse("budgets:line_delete", args=[o.budget.pk, "cost", o.cost_line.pk]), method="post"),
    "budgets:new": Page(lambda o: reverse("budgets:new", args=[o.project.pk])),
    "budgets:outcome": Page(lambda o: reverse("budgets:outcome", args=[o.project.pk])),
    "budgets:actual_new": Page(lambda o: reverse("budgets:actual_new", args=[o.project.pk]), method="post"),
    "budgets:actual_delete": Page(
        lambda o: reverse("budgets:actual_delete", args=[o.project.pk, o.actual.pk]), method="post"),
    "budgets:import_upload": Page(lambda o: reverse("budgets:import_upload", args=[o.project.pk])),
    "budgets:import_preview": Page(lambda o: reverse("budgets:import_preview", args=[o.project.pk, o.import_batch.pk])),
    "budgets:import_preview#confirm": Page(
        lambda o: reverse("budgets:import_preview", args=[o.project.pk, o.import_batch.pk]), method="post",
        done_url=lambda o: reverse("budgets:outcome", args=[o.project.pk]) + "#actuals"),
    "budgets:outcome_export": Page(lambda o: reverse("budgets:outcome_export", args=[o.project.pk])),
    "seminars:series_new": Page(lambda o: reverse("seminars:series_new")),
    "seminars:check_in_toggle": Page(
        lambda o: reverse("seminars:check_in_toggle", args=[o.seminar.pk, o.registration.pk]), method="post"),
    "seminars:programme_item": Page(
        lambda o: reverse("seminars:programme_item", args=[o.seminar.pk, o.programme_item.pk])),
    "seminars:programme_item_move": Page(
        lambda o: reverse("seminars:programme_item_move", args=[o.seminar.pk, o.programme_item.pk]), method="post"),
    "seminars:programme_item_delete": Page(
        lambda o: reverse("seminars:programme_item_delete", args=[o.seminar.pk, o.programme_item.pk]),
        method="post"),
    "seminars:document_publish": Page(
        lambda o: reverse("seminars:document_publish", args=[o.document.pk]), method="post",
        data=lambda o: {"public": "1"},
        done_url=lambda o: reverse("seminars:documentation", args=[o.seminar.pk]) + f"#doc-{o.document.pk}"),
    "seminars:document_delete": Page(
        lambda o: reverse("seminars:document_delete", args=[o.document.pk]), method="post",
        done_url=lambda o: reverse("seminars:documentation", args=[o.seminar.pk])),
    "reports:project": Page(lambda o: reverse("reports:project", args=[o.project.pk])),
    "reports:draft_start": Page(lambda o: reverse("reports:draft_start", args=[o.project.pk]), method="post"),
    "reports:draft": Page(lambda o: reverse("reports:draft", args=[o.draft.pk])),
    "reports:restart": Page(lambda o: reverse("reports:restart", args=[o.report.pk]), method="post"),
    "reports:publish": Page(lambda o: reverse("reports:publish", args=[o.report.pk]), method="post"),
    "dashboards:portfolio": Page(lambda o: reverse("dashboards:portfolio")),
    "dashboards:project": Page(lambda o: reverse("dashboards:project", args=[o.project.pk])),
    "dashboards:agenda_add": Page(
        lambda o: reverse("dashboards:agenda_add", args=[o.project.pk]), method="post",
        data=lambda o: {"text": "AP1: sent", "version": 1}, done_url=lambda o: reverse("dashboards:meeting_new")),
    "dashboards:meetings": Page(lambda o: reverse("dashboards:meetings")),
    "dashboards:meeting_new": Page(lambda o: reverse("dashboards:meeting_new")),
    "dashboards:meeting_detail": Page(lambda o: reverse("dashboards:meeting_detail", args=[o.meeting.pk])),
    "dashboards:meeting_edit": Page(lambda o: reverse("dashboards:meeting_edit", args=[o.meeting.pk])),
    "dashboards:decision_new": Page(lambda o: reverse("dashboards:decision_new", args=[o.meeting.pk])),
    "dashboards:decision_edit": Page(lambda o: reverse("dashboards:decision_edit", args=[o.decision.pk])),
    "dashboards:trivial": Page(lambda o: reverse("dashboards:trivial")),
})

# fmt: off
EXPECTED = {
    #                  anonymous coordinator steering reference funder lead other_lead staff outsider
    "home":            (LOGIN, 200,  200, 200, 200, 200,  200, 200,  200),
    "projects:list":    (LOGIN, 200,  200, 200, 200, 200,  200, 200,  200),
    "projects:detail":  (LOGIN, 200,  200, 200, 200, 200,  200, 200,  404),
    "projects:invite":  (LOGIN, 200,  403, 403, 403, 403,  403, 200,  404),
    "projects:print":   (LOGIN, 200,  200, 200, 200, 200,  200, 200,  404),
    "projects:export_docx": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 404),
    "projects:copy":    (LOGIN, 200,  403, 403, 403, 403,  403, 200,  404),
    "labs:mine":        (LOGIN, 200,  200, 200, 200, 200,  200, 200,  200),
    "labs:detail":      (LOGIN, 200,  200, 404, 404, 200,  404, 200,  404),
    "labs:activity_new":    (LOGIN, 200,  403, 404, 404, 200,  404, 200,  404),
    "labs:activity_edit":   (LOGIN, 200,  403, 404, 404, 200,  404, 200,  404),
    "labs:activity_submit": (LOGIN, DONE, 403, 404, 404, DONE, 404, DONE, 404),
    "labs:activity_approve": (LOGIN, DONE, 403, 404, 404, 403, 404, DONE, 404),
    "labs:activity_return": (LOGIN, 200,  403, 404, 404, 403,  404, 200,  404),
    "labs:phase":       (LOGIN, DONE, 403, 404, 404, DONE, 404, DONE, 404),
    "labs:attachment_download": (LOGIN, 200, 200, 404, 404, 200, 404, 200, 404),
    "labs:activity_log":    (LOGIN, 200,  200, 200, 200, 200,  200, 200,  200),
    "labs:lessons":         (LOGIN, 200,  200, 200, 200, 200,  200, 200,  200),
    # labs.add_lesson; a lesson of the Ale lab: labs.view_lesson (404), then labs.edit_lesson (403)
    "labs:lesson_new":      (LOGIN, 200,  403, 403, 403, 200,  200, 200,  403),
    "labs:lesson_edit":     (LOGIN, 200,  403, 404, 404, 200,  403, 200,  404),
    "labs:lesson_delete":   (LOGIN, 200,  403, 404, 404, 200,  403, 200,  404),
    "labs:lesson_delete#post": (LOGIN, DONE, 403, 404, 404, DONE, 403, DONE, 404),
    "labs:digest":          (LOGIN, DONE, 403, 403, 403, 403,  403, DONE, 403),
    "labs:review":          (LOGIN, 200,  403, 403, 403, 403,  403, 200,  403),
    "labs:review_approve":  (LOGIN, DONE, 403, 404, 404, 403,  404, DONE, 404),
    "labs:review_return":   (LOGIN, DONE, 403, 404, 404, 403,  404, DONE, 404),
    "labs:review_bulk":     (LOGIN, DONE, 403, 403, 403, 403,  403, DONE, 403),
    "budgets:detail":   (LOGIN, 200,  200, 404, 200, 404,  404, 200,  404),
    "budgets:on_cost_rates":   (LOGIN, 200,  403, 404, 403, 404,  404, 200,  404),
    "budgets:on_cost_rates#set": (LOGIN, 403, 403, 404, 403, 404,  404, DONE, 404),
    "reports:generate": (LOGIN, DONE, 403, 403, 403, 403,  403, DONE, 404),
    "reports:status":   (LOGIN, 200,  200, 404, 200, 404,  404, 200,  404),
    "reports:download": (LOGIN, 200,  200, 404, 200, 404,  404, 200,  404),
    "reports:detail":   (LOGIN, 200,  200, 404, 200, 404,  404, 200,  404),
    "seminars:list":    (LOGIN, 200,  200, 200, 200, 200,  200, 200,  200),
    "seminars:new":     (LOGIN, 200,  403, 403, 403, 403,  403, 200,  403),
    "seminars:edit":    (LOGIN, 200,  404, 404, 404, 404,  404, 200,  404),
    "seminars:registrations": (LOGIN, 200, 404, 404, 404, 404, 404, 200, 404),
    "seminars:check_in": (LOGIN, 200, 404, 404, 404, 404, 404, 200, 404),
    "seminars:programme": (LOGIN, 200, 404, 404, 404, 404, 404, 200, 404),
    "seminars:catering": (LOGIN, 200, 404, 404, 404, 404, 404, 200, 404),
    "seminars:documentation": (LOGIN, 200, 404, 404, 404, 404, 404, 200, 404),
    "seminars:feedback_overview": (LOGIN, 200, 404, 404, 404, 404, 404, 200, 404),
    "my_account": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
    "projects:new": (LOGIN, 200, 403, 403, 403, 403, 403, 200, 403),
    "projects:plan_fragment": (LOGIN, DONE, DONE, DONE, DONE, DONE, DONE, DONE, 404),
    "projects:plan_deleted": (LOGIN, 200, 200, 403, 403, 403, 403, 200, 404),
    "projects:plan_undelete": (LOGIN, DONE, 403, 403, 403, 403, 403, DONE, 404),
    "projects:plan_add": (LOGIN, 200, 403, 403, 403, 403, 403, 200, 404),
    "projects:plan_edit": (LOGIN, 200, 403, 403, 403, 403, 403, 200, 404),
    "projects:plan_delete": (LOGIN, 200, 403, 403, 403, 403, 403, 200, 404),
    "projects:plan_history": (LOGIN, 200, 200, 403, 403, 403, 403, 200, 404),
    "projects:plan_restore": (LOGIN, DONE, 403, 403, 403, 403, 403, DONE, 404),
    "labs:edit": (LOGIN, 200, 403, 404, 404, 403, 404, 200, 404),
    "projects:people": (LOGIN, 200, 403, 403, 403, 403, 403, 200, 404),
    "projects:membership_remove": (LOGIN, 200, 403, 403, 403, 403, 403, 200, 404),
    "projects:membership_remove#post": (LOGIN, DONE, 403, 403, 403, 403, 403, DONE, 404),
    "budgets:finance_support_add": (LOGIN, 200, 403, 403, 403, 403, 403, 200, 404),
    "budgets:finance_support_add#post": (LOGIN, DONE, 403, 403, 403, 403, 403, DONE, 404),
    "budgets:finance_support_remove": (LOGIN, 200, 403, 403, 403, 403, 403, 200, 404),
    "budgets:finance_support_remove#post": (LOGIN, DONE, 403, 403, 403, 403, 403, DONE, 404),
    "accounts:organisation_new": (LOGIN, 200, 403, 403, 403, 403, 403, 200, 403),
    "labs:new": (LOGIN, 200, 403, 403, 403, 403, 403, 200, 404),
    "labs:invite_lead": (LOGIN, 200, 403, 404, 404, 403, 404, 200, 404),
    "labs:lead_remove": (LOGIN, DONE, 403, 404, 404, 403, 404, DONE, 404),
    "labs:methods": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
    "labs:method_new": (LOGIN, 200, 403, 403, 403, 403, 403, 200, 403),
    "labs:method_edit": (LOGIN, 200, 403, 403, 403, 403, 403, 200, 403),
    "budgets:edit": (LOGIN, 200, 403, 404, 403, 404, 404, 200, 404),
    "budgets:copy": (LOGIN, 200, 403, 404, 403, 404, 404, 200, 404),
    "budgets:make_current": (LOGIN, DONE, 403, 404, 403, 404, 404, DONE, 404),
    "budgets:compare": (LOGIN, 200, 200, 404, 200, 404, 404, 200, 404),
    "budgets:line_new": (LOGIN, 200, 403, 404, 403, 404, 404, 200, 404),
    "budgets:line_edit": (LOGIN, 200, 403, 404, 403, 404, 404, 200, 404),
    "budgets:line_delete": (LOGIN, DONE, 403, 404, 403, 404, 404, DONE, 404),
    "budgets:new": (LOGIN, 200, 403, 403, 403, 403, 403, 200, 404),
    "budgets:outcome": (LOGIN, 200, 200, 404, 404, 404, 404, 200, 404),
    "budgets:actual_new": (LOGIN, 400, 403, 404, 404, 404, 404, 400, 404),
    "budgets:actual_delete": (LOGIN, DONE, 403, 404, 404, 404, 404, DONE, 404),
    "budgets:import_upload": (LOGIN, 200, 403, 404, 404, 404, 404, 200, 404),
    "budgets:import_preview": (LOGIN, 200, 403, 404, 404, 404, 404, 200, 404),
    "budgets:import_preview#confirm": (LOGIN, DONE, 403, 404, 404, 404, 404, DONE, 404),
    "budgets:outcome_export": (LOGIN, 200, 200, 404, 404, 404, 404, 200, 404),
    "seminars:series_new": (LOGIN, 200, 403, 403, 403, 403, 403, 200, 403),
    "seminars:check_in_toggle": (LOGIN, DONE, 404, 404, 404, 404, 404, DONE, 404),
    "seminars:programme_item": (LOGIN, 200, 404, 404, 404, 404, 404, 200, 404),
    "seminars:programme_item_move": (LOGIN, DONE, 404, 404, 404, 404, 404, DONE, 404),
    "seminars:programme_item_delete": (LOGIN, DONE, 404, 404, 404, 404, 404, DONE, 404),
    "seminars:document_publish": (LOGIN, DONE, 404, 404, 404, 404, 404, DONE, 404),
    "seminars:document_delete": (LOGIN, DONE, 404, 404, 404, 404, 404, DONE, 404),
    "reports:project": (LOGIN, 200, 200, 403, 200, 403, 403, 200, 404),
    "reports:draft_start": (LOGIN, 400, 403, 403, 403, 403, 403, 400, 404),
    "reports:draft": (LOGIN, 200, 403, 403, 403, 403, 403, 200, 404),
    "reports:restart": (LOGIN, DONE, 403, 404, 403, 404, 404, DONE, 404),
    "reports:publish": (LOGIN, DONE, 403, 404, 403, 404, 404, DONE, 404),
    "dashboards:portfolio": (LOGIN, 200, 200, 403, 403, 403, 403, 200, 403),
    "dashboards:project": (LOGIN, 200, 200, 403, 403, 403, 403, 200, 404),
    "dashboards:agenda_add": (LOGIN, DONE, 403, 403, 403, 403, 403, DONE, 404),  # no next meeting: to the form
    "dashboards:meetings": (LOGIN, 200, 200, 403, 403, 403, 403, 200, 403),
    "dashboards:meeting_new": (LOGIN, 200, 403, 403, 403, 403, 403, 200, 403),
    "dashboards:meeting_detail": (LOGIN, 200, 200, 404, 404, 404, 404, 200, 404),
    "dashboards:meeting_edit": (LOGIN, 200, 403, 404, 404, 404, 404, 200, 404),
    "dashboards:decision_new": (LOGIN, 200, 403, 404, 404, 404, 404, 200, 404),
    "dashboards:decision_edit": (LOGIN, 200, 403, 404, 404, 404, 404, 200, 404),
    "dashboards:trivial": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
}
# fmt: on

CASES = [
    pytest.param(page, role, expected, id=f"{page}-{role}")
    for page, row in EXPECTED.items()
    for role, expected in zip(ROLES, row, strict=True)
]


@pytest.fixture
def objects(world):
    """The world plus a draft and a submitted activity in the Ale lab, a budget, a finished report and a seminar, and
    one object for every other page to point at (a row where every role gets 404 cannot tell a grant from a denial)."""
    world.activity = ActivityFactory(lab=world.lab, created_by=world.lead)
    world.attachment = AttachmentFactory(activity=world.activity)
    world.lesson = Lesson.objects.create(project=world.project, lab=world.lab, title="Kvällstid",
                                         text="Kvällar funkar.", contact_name="Anna Ale", created_by=world.lead)
    world.submitted = ActivityFactory(lab=world.lab, created_by=world.lead, status=Activity.Status.SUBMITTED)
    world.budget = BudgetFactory(project=world.project)
    # Published: a funder contact sees only published reports addressed to their organisation.
    world.report = ReportFactory(project=world.project, done=True, requested_by=world.coordinator,
                                 published_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    world.seminar = SeminarFactory(project=world.project)
    world.goal = GoalFactory(project=world.project)
    world.method = Method.objects.create(name="Framtidsverkstad (matrix)")
    world.cost_line = CostLineFactory(budget=world.budget)
    world.actual = ActualCostFactory(project=world.project)
    world.registration = RegistrationFactory(seminar=world.seminar)
    world.programme_item = ProgrammeItemFactory(seminar=world.seminar)
    world.meeting = MeetingFactory(project=world.project)
    world.decision = DecisionFactory(meeting=world.meeting)
    world.goal_record = world.goal.history.get()  # the goal as created: the version plan_restore puts back
    deleted = GoalFactory(project=world.project, title="Mål som togs bort")
    deleted_pk = deleted.pk
    plan_item_delete(item=deleted, expected_version=deleted.version, user=world.coordinator)
    world.deleted_goal = Goal.history.get(id=deleted_pk, history_type="-")  # what plan_undelete puts back
    world.import_batch = ImportBatchFactory(project=world.project, created_by=world.coordinator)
    world.document = DocumentationFactory(seminar=world.seminar, uploaded_by=world.coordinator)
    world.draft = ReportDraftFactory(project=world.project, updated_by=world.coordinator)
    world.reference_membership = world.project.memberships.get(user=world.reference)  # removed by membership_remove
    world.finance_support = FinanceSupportFactory(project=world.project)  # removed by finance_support_remove
    world.finance_candidate_pk = UserFactory(full_name="Fia Finans").pk  # made finance support by finance_support_add
    return world


# Outside the matrix: Django's admin (staff only, its own permission system, tested in grportal/tests/
# test_login_required.py and test_security.py) and allauth's account pages (each person's own account: email,
# password, two-step verification; no object of anyone else's).
NOT_IN_MATRIX_PREFIXES = ("admin:", "account_", "mfa_", "usersessions_", "socialaccount_")


def _protected_url_names() -> set[str]:
    return {name for _, name, _ in all_urls()
            if name and name not in PUBLIC and not name.startswith(NOT_IN_MATRIX_PREFIXES)}


def test_every_protected_url_name_has_an_answer_for_every_role():
    """The URLconf is walked: a new page fails here until the matrix says what each role gets from it."""
    covered = {key.split("#")[0] for key in EXPECTED}
    assert _protected_url_names() - covered == set()
    assert covered - _protected_url_names() == set()  # a renamed page leaves the matrix too
    assert set(EXPECTED) == set(PAGES)
    assert all(len(row) == len(ROLES) for row in EXPECTED.values())


def test_every_page_resolves_to_its_url_name(objects):
    from django.urls import resolve

    for key, page in PAGES.items():
        match = resolve(urlsplit(page.url(objects)).path)
        assert match.view_name == key.split("#")[0], key


def test_the_roles_are_the_worlds(world):
    assert set(ROLES) - {"anonymous"} == {key for key, value in vars(world).items()
                                           if hasattr(value, "is_authenticated")}


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
        if page.done_url:
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
    client.post(reverse("reports:generate", args=[objects.project.pk]), PAGES["reports:generate"].data(objects))
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


@pytest.mark.parametrize("role", ["coordinator", "staff"])
def test_the_allowed_posts_on_the_fixtures_objects_do_what_they_say(client, objects, role):
    """DONE in the matrix is the action carried out, not a redirect with an error message."""
    client.force_login(getattr(objects, role))

    def post(key):
        page = PAGES[key]
        return client.post(page.url(objects), page.data(objects) if page.data else {}, follow=True)

    assert not Goal.objects.filter(pk=objects.deleted_goal.id).exists()
    post("projects:plan_undelete")
    assert Goal.objects.filter(pk=objects.deleted_goal.id).exists()
    objects.goal.title = "Ändrad"
    objects.goal.save()
    messages = list(post("projects:plan_restore").context["messages"])
    assert [m.level_tag for m in messages] == ["success"], messages  # not "someone changed it" (a stale version)
    objects.goal.refresh_from_db()
    assert objects.goal.title == objects.goal_record.title
    post("seminars:document_publish")
    assert Documentation.objects.get(pk=objects.document.pk).is_public
    post("seminars:document_delete")
    assert not Documentation.objects.filter(pk=objects.document.pk).exists()
    post("budgets:import_preview#confirm")
    assert objects.import_batch.actual_costs.count() == 1  # the file's one row, booked


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
