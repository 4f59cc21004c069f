"""The demo's lessons bank (issue 16): standalone lessons of the flagship in the manner of an innovation-forum study
("Se! Förstå! Koppla ihop! Pröva!"): what was learned, what it led to, and who in the organisation still knows.
They are listed in the Erfarenhetsbank and in the funder report of the period they were recorded in."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from labs.demo import LESSONS, lesson_date
from labs.models import Lesson, Theme
from labs.selectors import STANDALONE_LESSON, lessons_for_project
from projects.models import Project
from reports.content import Source, lessons_content
from reports.registry import get_report_type

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 9, 15)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2025, 9, 15, 12, 0, tzinfo=dt.UTC), tick=False):
        yield TODAY


@pytest.fixture
def flagship(settings):
    call_command("load_demo", quiet_logins=True)
    call_command("load_demo", quiet_logins=True)  # twice: idempotent
    return Project.objects.get(short_name="SISP")


def test_the_demo_records_distinct_complete_lessons_once(flagship):
    lessons = list(Lesson.objects.filter(project=flagship).select_related("lab", "contact_organisation"))
    assert len(lessons) == len(LESSONS) >= 8  # the second run created nothing more
    assert len({lesson.title for lesson in lessons}) == len(lessons)
    assert len({lesson.text for lesson in lessons}) == len(lessons)
    for lesson in lessons:
        lesson.full_clean()  # as the form would accept it: themes from the catalogue, a date not in the future
        assert lesson.text and lesson.effect and lesson.contact_name and lesson.contact_organisation
        assert 1 <= len(lesson.theme_list) <= 3 and set(lesson.theme_list) <= set(Theme.values)
        assert flagship.start_date <= lesson.recorded_on <= min(flagship.end_date, TODAY)
        assert lesson.created_by is not None and lesson.version == 1
        assert not lesson.contact_email or lesson.contact_email.endswith("@example.se")
    tied = [lesson for lesson in lessons if lesson.lab]
    assert len(tied) >= 2 and all(lesson.lab.project_id == flagship.pk for lesson in tied)
    # A lab's lesson is recorded by that lab's lead; the whole project's by the coordinator.
    assert all(lesson.created_by in lesson.lab.leads.all() for lesson in tied)
    coordinator = User.objects.get(email="samordnare@demo.grportal.se")
    assert {lesson.created_by for lesson in lessons if not lesson.lab} == {coordinator}
    assert {lesson.lab.municipality.name for lesson in tied} >= {"Partille", "Kungälv"}
    assert any(lesson.contact_email for lesson in lessons) and not all(lesson.contact_email for lesson in lessons)
    assert any(lesson.title.startswith("Det som inte fungerade") for lesson in lessons)
    assert len({lesson.recorded_on for lesson in lessons}) == len(lessons)  # spread over the project, not one day


def test_the_coordinator_finds_them_in_the_bank_without_more_queries(client, flagship, django_assert_num_queries):
    client.force_login(User.objects.get(email="samordnare@demo.grportal.se"))
    # As labs/tests/test_standalone_lessons.py counts them: the number of queries does not grow with the rows.
    with django_assert_num_queries(12):
        response = client.get(reverse("labs:lessons"))
    assert response.status_code == 200
    listed = {item.pk for item in response.context["lessons"] if item.lesson_kind == STANDALONE_LESSON}
    assert listed == set(Lesson.objects.filter(project=flagship).values_list("pk", flat=True))
    body = response.content.decode()
    for lesson in Lesson.objects.filter(project=flagship):
        assert escape(lesson.effect) in body and escape(lesson.contact_name) in body
    assert 'href="mailto:amina.yusuf@example.se"' in body


def test_the_funder_report_takes_the_lessons_recorded_in_its_period(flagship):
    start = flagship.start_date
    end = start + dt.timedelta(days=364)  # the project's first year
    source = Source(project=flagship, period_start=start, period_end=end)
    rows = lessons_content(source, get_report_type("vinnova_progress"))["lessons"]
    standalone = {row["title"] for row in rows if row["kind"] == STANDALONE_LESSON}
    in_period = set(Lesson.objects.filter(project=flagship, recorded_on__range=(start, end))
                    .values_list("title", flat=True))
    assert standalone == in_period
    later = set(Lesson.objects.filter(project=flagship, recorded_on__gt=end).values_list("title", flat=True))
    assert in_period and later  # the demo has lessons on both sides of the period
    assert all(row["effect"] for row in rows if row["kind"] == STANDALONE_LESSON)
    everything = {item.pk for item in lessons_for_project(flagship) if item.lesson_kind == STANDALONE_LESSON}
    assert len(everything) == len(LESSONS)


def test_a_re_dated_project_carries_its_lessons_along(flagship):
    before = {lesson.title: lesson.recorded_on for lesson in Lesson.objects.filter(project=flagship)}
    moved = dt.date(2020, 1, 1) - flagship.start_date
    Project.objects.filter(pk=flagship.pk).update(start_date=flagship.start_date + moved,
                                                  end_date=flagship.end_date + moved)
    with time_machine.travel(dt.datetime(2030, 1, 1, 12, 0, tzinfo=dt.UTC), tick=False):
        call_command("load_demo", quiet_logins=True)
    after = {lesson.title: lesson for lesson in Lesson.objects.filter(project=flagship)}
    assert set(after) == set(before)
    for title, lesson in after.items():
        assert lesson.recorded_on - before[title] == moved
        assert lesson.version == 2  # moved through the service, so an open form notices the change


def test_a_lessons_date_lies_in_the_15_months_that_have_passed_never_after_the_project_nor_today():
    project = Project(start_date=dt.date(2024, 1, 1), end_date=dt.date(2025, 12, 31))
    assert lesson_date(project, 100, TODAY) == dt.date(2024, 3, 16)  # 100 of 600 source days → day 75
    assert lesson_date(project, 600, dt.date(2027, 1, 1)) == dt.date(2025, 3, 26)  # day 450
    assert lesson_date(project, 600, dt.date(2024, 6, 1)) == dt.date(2024, 6, 1)  # not in the future
    short = Project(start_date=dt.date(2024, 1, 1), end_date=dt.date(2024, 2, 29))
    assert lesson_date(short, 600, dt.date(2027, 1, 1)) == short.end_date
