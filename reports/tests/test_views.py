"""The report pages: who sees what (grants and denials), the draft → generate step, status polling, publishing."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import OrganisationFactory, UserFactory
from projects.models import OrganisationMember, ProjectMembership
from projects.tests.factories import MembershipFactory
from reports.models import MemberGender, Report, ReportDraft
from reports.tests.factories import ReportFactory

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


@pytest.fixture
def queued(monkeypatch):
    sent = []
    monkeypatch.setattr("reports.tasks.render_report.delay", sent.append)
    return sent


@pytest.fixture
def draft(world):
    return ReportDraft.objects.create(project=world.project, report_type="vinnova_progress", period_start=START,
                                      period_end=END, summary="Första året")


def _status(client, user, url, method="get", data=None):
    client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


ROLES = ["coordinator", "steering", "reference", "funder", "lead", "outsider", "staff"]


@pytest.mark.parametrize(("role", "unpublished", "published"), [
    ("coordinator", 200, 200), ("steering", 200, 200), ("staff", 200, 200),
    ("funder", 404, 200),  # a funder contact sees only published reports addressed to their organisation
    ("reference", 404, 404), ("lead", 404, 404), ("outsider", 404, 404),
])
def test_who_may_see_and_download_a_report(client, world, role, unpublished, published):
    report = ReportFactory(project=world.project, done=True)
    user = getattr(world, role)
    for url in (reverse("reports:detail", args=[report.pk]), reverse("reports:download", args=[report.pk]),
                reverse("reports:status", args=[report.pk])):
        assert _status(client, user, url) == unpublished, url
    Report.objects.filter(pk=report.pk).update(published_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    for url in (reverse("reports:detail", args=[report.pk]), reverse("reports:download", args=[report.pk])):
        assert _status(client, user, url) == published, url


def test_a_funder_contact_of_another_funder_does_not_see_a_published_report(client, world):
    report = ReportFactory(project=world.project, done=True, published_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    other = UserFactory(organisation=OrganisationFactory(kind="funder"))
    MembershipFactory(project=world.project, user=other, role=ProjectMembership.Role.FUNDER_CONTACT)
    assert _status(client, other, reverse("reports:detail", args=[report.pk])) == 404
    assert _status(client, other, reverse("reports:download", args=[report.pk])) == 404
    client.force_login(other)
    page = client.get(reverse("reports:project", args=[world.project.pk]))
    assert page.status_code == 200 and reverse("reports:detail", args=[report.pk]) not in page.content.decode()


@pytest.mark.parametrize(("role", "expected"), [
    ("coordinator", 200), ("staff", 200), ("steering", 403), ("funder", 403), ("reference", 403), ("lead", 403),
    ("outsider", 404),
])
def test_only_coordinators_write_drafts(client, world, draft, role, expected):
    assert _status(client, getattr(world, role), reverse("reports:draft", args=[draft.pk])) == expected


@pytest.mark.parametrize(("role", "expected"), [
    ("coordinator", 302), ("steering", 403), ("funder", 404), ("outsider", 404),
])
def test_only_coordinators_publish(client, world, role, expected, monkeypatch):
    monkeypatch.setattr("reports.tasks.notify_publication.delay", lambda report_id: None)
    report = ReportFactory(project=world.project, done=True)
    assert _status(client, getattr(world, role), reverse("reports:publish", args=[report.pk]), "post") == expected
    report.refresh_from_db()
    assert (report.published_at is not None) == (expected == 302)


def test_the_coordinator_writes_the_texts_then_generates_a_new_version(client, world, draft, queued,
                                                                       django_capture_on_commit_callbacks):
    steering = OrganisationMember.objects.create(project=world.project, group="steering", name="Stig")
    client.force_login(world.coordinator)
    url = reverse("reports:draft", args=[draft.pk])
    page = client.get(url)
    key = page.context["form"].initial["idempotency_key"]
    data = {"version": draft.version, "idempotency_key": key, "summary": "Sammanfattning med åäö",
            "purpose": "Syfte", "effects": "", "approach": "", "deviations": "Inga", "next_period": "Mer",
            "gender_effects": "", f"gender_{steering.pk}": "man"}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "generate": "1"})

    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])
    assert queued == [report.pk]
    assert report.texts["summary"] == "Sammanfattning med åäö" and report.draft == draft
    assert report.report_type == "vinnova_progress" and report.kind == "progress"
    assert MemberGender.objects.get(member=steering).gender == "man"
    draft.refresh_from_db()
    assert draft.summary == "Sammanfattning med åäö" and draft.version == 2
    # The texts can change later without touching the queued version.
    client.post(url, {**data, "version": 2, "summary": "Ny text", "save": "1"})
    report.refresh_from_db()
    assert report.texts["summary"] == "Sammanfattning med åäö"


def test_two_people_saving_the_same_draft_the_second_is_told_and_keeps_the_text(client, world, draft, queued):
    client.force_login(world.coordinator)
    url = reverse("reports:draft", args=[draft.pk])
    base = {"idempotency_key": "8a1d4f8e-5d0c-4bb8-9a55-7f3f2a1e0b11", "save": "1"}
    assert client.post(url, {**base, "version": 1, "summary": "Först"}).status_code == 302

    response = client.post(url, {**base, "version": 1, "summary": "Min text som inte får försvinna"})

    assert response.status_code == 409
    assert "Min text som inte får försvinna" in response.content.decode()
    draft.refresh_from_db()
    assert draft.summary == "Först"


def test_generate_pressed_twice_says_the_report_is_already_being_generated(client, world, draft, queued,
                                                                           django_capture_on_commit_callbacks):
    """A double click: two posts of the same form (same draft version, same idempotency key) by the same person."""
    from django.contrib.messages import get_messages
    from django.utils import translation

    client.force_login(world.coordinator)
    url = reverse("reports:draft", args=[draft.pk])
    key = client.get(url).context["form"].initial["idempotency_key"]
    data = {"version": draft.version, "idempotency_key": key, "summary": "Dubbelklick", "generate": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url, data)  # before the first answer's page was shown

    report = Report.objects.get()  # asked for once, queued once
    assert queued == [report.pk] and report.status == Report.Status.QUEUED
    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("reports:detail", args=[report.pk])
    with translation.override("sv"):
        said = [(m.level_tag, str(m)) for m in get_messages(second.wsgi_request)]
        expected = translation.gettext("The report is already being generated (you pressed “Generate report” "
                                       "twice). This page shows when it is ready.")
    # The first press's "queued", then the second's: already being generated, not an error.
    assert said[-1] == ("info", expected) and all(level != "error" for level, _text in said)
    assert "Rapporten håller redan på att skapas" in expected
    draft.refresh_from_db()
    assert (draft.summary, draft.version) == ("Dubbelklick", 2)


def test_generate_on_a_draft_someone_else_changed_is_still_refused(client, world, draft, queued):
    other = MembershipFactory(project=world.project, role=ProjectMembership.Role.COORDINATOR).user
    url = reverse("reports:draft", args=[draft.pk])
    client.force_login(world.coordinator)
    key = client.get(url).context["form"].initial["idempotency_key"]
    client.force_login(other)
    assert client.post(url, {"version": 1, "idempotency_key": "8a1d4f8e-5d0c-4bb8-9a55-7f3f2a1e0b12",
                             "summary": "Den andras text", "save": "1"}).status_code == 302
    client.force_login(world.coordinator)
    response = client.post(url, {"version": 1, "idempotency_key": key, "summary": "Min text", "generate": "1"})
    assert response.status_code == 409
    assert not Report.objects.exists()
    body = response.content.decode()
    assert "Den andras text" in body and "Min text" in body
    draft.refresh_from_db()
    assert draft.summary == "Den andras text"


def test_a_period_that_ends_before_it_starts_is_refused_next_to_the_field(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("reports:draft_start", args=[world.project.pk]), {
        "report_type": "vinnova_progress", "period_start": "2025-12-31", "period_end": "2025-01-01"})
    assert response.status_code == 400
    assert response.context["start_form"].errors["period_end"]
    assert not ReportDraft.objects.exists()


def test_the_status_block_polls_while_pending_and_stops_when_finished(client, world):
    report = ReportFactory(project=world.project)
    client.force_login(world.coordinator)
    url = reverse("reports:status", args=[report.pk]) + "?part=detail"
    assert 'hx-trigger="every 3s"' in client.get(url).content.decode()
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING)
    assert 'hx-trigger="every 3s"' in client.get(url).content.decode()
    Report.objects.filter(pk=report.pk).update(status=Report.Status.DONE)
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done and 'hx-swap-oob="innerHTML"' in done


def test_a_failed_report_shows_its_reason(client, world):
    report = ReportFactory(project=world.project, status=Report.Status.FAILED,
                           failure_reason="RuntimeError: WeasyPrint fell over")
    client.force_login(world.coordinator)
    for url in (reverse("reports:detail", args=[report.pk]), reverse("reports:project", args=[world.project.pk])):
        page = client.get(url).content.decode()
        assert "RuntimeError: WeasyPrint fell over" in page
        assert 'hx-trigger' not in page


@pytest.mark.parametrize("n", [2, 12])
def test_the_project_report_page_runs_the_same_queries_whatever_the_number_of_reports(client, world, n):
    for i in range(n):
        ReportFactory(project=world.project, done=bool(i % 2), version_number=i + 1)
        ReportDraft.objects.create(project=world.project, report_type="esf_final", period_start=START,
                                   period_end=END)
    client.force_login(world.coordinator)
    url = reverse("reports:project", args=[world.project.pk])
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # Session, user, project, the user's roles and lab leadership (permission rules), the reports (one join with
    # project, requester and addressee), drafts, due dates: nine, the same at both sizes.
    assert len(queries) == EXPECTED_PROJECT_PAGE_QUERIES, [q["sql"][:120] for q in queries]


EXPECTED_PROJECT_PAGE_QUERIES = 7


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("n", [1, 10])
def test_the_report_page_and_the_draft_page_do_not_grow_with_versions_or_members(client, world, draft, n):
    reports = [ReportFactory(project=world.project, done=True, report_type="vinnova_progress", draft=draft,
                             version_number=i + 1) for i in range(n)]
    for i in range(n):
        OrganisationMember.objects.create(project=world.project, group="steering", name=f"Person {i}")
    client.force_login(world.coordinator)
    counts = (_count(client, reverse("reports:detail", args=[reports[0].pk])),
              _count(client, reverse("reports:draft", args=[draft.pk])))
    # The same numbers at 1 and at 10 versions and organisation members (session, user, the object with its
    # project, the permission lookups, then one query per list: versions; members, their genders; the draft page
    # also the current budget, for its grant decisions: here the project has none, one query).
    assert counts == EXPECTED_DETAIL_AND_DRAFT_QUERIES


EXPECTED_DETAIL_AND_DRAFT_QUERIES = (5, 8)
