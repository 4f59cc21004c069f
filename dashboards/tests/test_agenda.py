"""A flag on the project dashboard is put on the agenda of the project's next steering-group meeting."""

import datetime as dt

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from dashboards.models import Meeting
from projects.tests.factories import WorkPackageFactory

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2027, 1, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        yield

TEXT = "AP9 Lärande: försenat mot tidplanen, skulle ha avslutats 2026-12-31"


def url(world):
    return reverse("dashboards:agenda_add", args=[world.project.pk])


def late_package(world):
    return WorkPackageFactory(project=world.project, code="AP9", title="Lärande", end_date=dt.date(2026, 12, 31),
                              status="ongoing")


def test_the_flag_is_appended_once_to_the_next_meeting(client, world):
    MeetingFactory(project=world.project, date=dt.date(2027, 1, 5), agenda="Gammalt")  # already held
    meeting = MeetingFactory(project=world.project, date=dt.date(2027, 1, 15))
    later = MeetingFactory(project=world.project, date=dt.date(2027, 3, 1))
    late_package(world)
    client.force_login(world.coordinator)
    page = client.get(reverse("dashboards:project", args=[world.project.pk])).content.decode()
    assert "data-agenda-form" in page and f'value="{TEXT}"' in page and "data-on-agenda" not in page
    assert "Sätt på dagordningen" in page

    response = client.post(url(world), {"text": TEXT, "version": meeting.version})
    assert response.status_code == 302
    assert response.url == reverse("dashboards:project", args=[world.project.pk])
    meeting.refresh_from_db()
    assert meeting.agenda_list == ["Läget", "Budgeten", TEXT]
    assert meeting.version == 2
    later.refresh_from_db()
    assert TEXT not in later.agenda
    response = client.get(response.url)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Lagt på dagordningen för styrgruppsmötet 15 januari 2027" in messages
    page = response.content.decode()
    flag = page[page.index('data-flag="late-work-package"'):]
    assert "data-on-agenda" in flag[:flag.index("</li>")]  # not stale despite the caches
    assert "data-agenda-form" not in flag[:flag.index("</li>")]

    client.post(url(world), {"text": TEXT, "version": meeting.version})  # a second POST
    meeting.refresh_from_db()
    assert meeting.agenda_list.count(TEXT) == 1
    assert meeting.version == 2


def test_no_next_meeting_creates_nothing_and_opens_the_new_meeting_form(client, world):
    MeetingFactory(project=world.project, date=dt.date(2026, 12, 1))  # in the past
    client.force_login(world.coordinator)
    before = Meeting.objects.count()
    response = client.post(url(world), {"text": TEXT})
    assert response.status_code == 302
    assert response.url.startswith(reverse("dashboards:meeting_new"))
    assert Meeting.objects.count() == before
    form = client.get(response.url).context["form"]
    assert form.initial["agenda"] == TEXT
    assert form.initial["project"] == world.project.pk


def test_a_stale_version_is_refused(client, world):
    meeting = MeetingFactory(project=world.project, date=dt.date(2027, 1, 15))
    meeting.title = "Ändrat av någon annan"
    meeting.version = 2
    meeting.save()
    client.force_login(world.coordinator)
    response = client.post(url(world), {"text": TEXT, "version": 1}, follow=True)
    meeting.refresh_from_db()
    assert TEXT not in meeting.agenda
    assert meeting.version == 2
    assert "Mötet har ändrats av någon annan" in response.content.decode()


@pytest.mark.parametrize(("role", "expected"), [("steering", 403), ("lead", 403), ("funder", 403),
                                                ("reference", 403), ("outsider", 404)])
def test_only_those_who_edit_meetings_may_add(client, world, role, expected):
    meeting = MeetingFactory(project=world.project, date=dt.date(2027, 1, 15))
    late_package(world)
    client.force_login(getattr(world, role))
    assert client.post(url(world), {"text": TEXT, "version": 1}).status_code == expected
    meeting.refresh_from_db()
    assert TEXT not in meeting.agenda


def test_the_steering_group_sees_the_flag_but_no_button(client, world):
    MeetingFactory(project=world.project, date=dt.date(2027, 1, 15))
    late_package(world)
    client.force_login(world.steering)
    page = client.get(reverse("dashboards:project", args=[world.project.pk])).content.decode()
    assert 'data-flag="late-work-package"' in page
    assert "data-agenda-form" not in page


def test_the_start_page_shows_the_steering_group_its_open_decisions_and_next_meeting(client, world):
    from .factories import DecisionFactory

    MeetingFactory(project=world.project, date=dt.date(2026, 12, 1), title="Förra mötet")
    meeting = MeetingFactory(project=world.project, date=dt.date(2027, 1, 15), title="Januarimötet",
                             agenda="Läget\nBudgeten")
    DecisionFactory(meeting=meeting, text="Anställ en projektledare", due_date=dt.date(2027, 2, 1))
    DecisionFactory(meeting=meeting, text="Redan gjort", status="done")
    client.force_login(world.steering)
    page = client.get(reverse("home")).content.decode()
    assert 'data-start-panel="steering"' in page
    panel = page[page.index('data-start-panel="steering"'):]
    panel = panel[:panel.index("</section>")]
    assert "Januarimötet" in panel and "15 januari 2027" in panel and "Förra mötet" not in panel
    assert "<li>Läget</li>" in panel and "<li>Budgeten</li>" in panel
    assert "Anställ en projektledare" in panel and "2027-02-01" in panel and "Redan gjort" not in panel
    assert reverse("dashboards:meeting_detail", args=[meeting.pk]) in panel


def test_a_lab_lead_gets_no_steering_panel(client, world):
    MeetingFactory(project=world.project, date=dt.date(2027, 1, 15))
    client.force_login(world.lead)
    assert 'data-start-panel="steering"' not in client.get(reverse("home")).content.decode()
