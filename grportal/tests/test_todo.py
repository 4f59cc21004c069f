"""The start page says what is waiting for each person, and shows nobody what is not theirs."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from labs.models import Activity
from labs.tests.factories import ActivityFactory
from projects.models import FundingApplication
from reports.models import ReportDueDate
from reports.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


def todo(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.context["todo"], response.content.decode()


def test_a_coordinator_sees_the_activities_to_review_and_what_is_due(client, world):
    today = timezone.localdate()
    sent = ActivityFactory(lab=world.lab, title="Workshop om trygghet", status=Activity.Status.SUBMITTED)
    ActivityFactory(lab=world.lab, title="Utkast", status=Activity.Status.DRAFT)
    ReportDueDate.objects.create(project=world.project, report_type="vinnova_progress", period_start=today,
                                 period_end=today, due_date=today - dt.timedelta(days=2))
    ReportDueDate.objects.create(project=world.project, report_type="vinnova_final", period_start=today,
                                 period_end=today, due_date=today + dt.timedelta(days=30))
    FundingApplication.objects.create(project=world.project, funder=world.project.funder, call="Utlysning X",
                                      amount_applied=1000, deadline=today + dt.timedelta(days=10))
    items, page = todo(client, world.coordinator)
    assert [a.pk for a in items["review"]] == [sent.pk] and items["review_count"] == 1
    assert [r["report_type"] for r in items["reports_overdue"]] == ["vinnova_progress"]
    assert [r["date"] for r in items["reports_ahead"]] == [today + dt.timedelta(days=30)]
    assert [a.call for a in items["applications"]] == ["Utlysning X"]
    # The activity opens in the review inbox, where it can be approved or returned, not in the edit form.
    assert f'{reverse("labs:review")}?activity={sent.pk}#activity-{sent.pk}' in page and "Utkast" not in page
    assert reverse("labs:activity_edit", args=[sent.pk]) not in page


def test_a_lab_lead_sees_what_was_returned_with_the_reason_and_nothing_of_the_coordinators(client, world):
    ActivityFactory(lab=world.lab, title="Intervju", status=Activity.Status.RETURNED,
                    return_reason="Fyll i antal deltagare per målgrupp.")
    ActivityFactory(lab=world.other_lab, title="Annans", status=Activity.Status.RETURNED, return_reason="x")
    ActivityFactory(lab=world.lab, status=Activity.Status.SUBMITTED)
    items, page = todo(client, world.lead)
    assert [a.title for a in items["returned"]] == ["Intervju"]
    assert "Fyll i antal deltagare per målgrupp." in page and "Annans" not in page
    assert items["review"] == []  # a lab lead does not review


def test_a_funder_contact_sees_only_published_reports_addressed_to_them(client, world):
    mine = ReportFactory(project=world.project, done=True, published_at=timezone.now())
    ReportFactory(project=world.project, done=True)  # not published
    ReportFactory(project=world.project, done=True, published_at=timezone.now(),
                  addressed_to=world.outsider.organisation)  # someone else's
    items, page = todo(client, world.funder)
    assert [r.pk for r in items["published"]] == [mine.pk]
    assert reverse("reports:detail", args=[mine.pk]) in page


def test_someone_with_nothing_waiting_gets_no_empty_list(client, world):
    items, page = todo(client, world.reference)
    assert items["anything"] is False and 'id="todo-heading"' not in page


@pytest.mark.parametrize(("waiting", "link"),
                         [(1, "Granska 1 aktivitet"), (15, "Visa alla 15 aktiviteter att granska")])
def test_the_review_list_links_to_the_inbox_with_the_real_count(client, world, waiting, link):
    for _ in range(waiting):
        ActivityFactory(lab=world.lab, status=Activity.Status.SUBMITTED)
    items, page = todo(client, world.coordinator)
    assert len(items["review"]) == min(waiting, 5) and items["review_count"] == waiting
    assert f'<a href="{reverse("labs:review")}" class="button">{link}</a>' in page
    inbox = client.get(reverse("labs:review"))
    assert inbox.context["page"].paginator.count == waiting  # the inbox lists the count the start page says
