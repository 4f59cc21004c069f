"""Who sees the dashboards and the steering group's meetings, and who may record them."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from projects.models import ProjectMembership
from projects.tests.factories import MembershipFactory, ProjectFactory, WorkPackageFactory

from .factories import DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def status(client, user, url, method="get", data=None):
    client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


@pytest.mark.parametrize("who, expected", [
    ("staff", 200), ("coordinator", 200), ("steering", 200),
    ("reference", 403), ("funder", 403), ("lead", 403), ("outsider", 403),
])
def test_portfolio_dashboard(client, world, who, expected):
    assert status(client, getattr(world, who), reverse("dashboards:portfolio")) == expected


@pytest.mark.parametrize("who, expected", [
    ("staff", 200), ("coordinator", 200), ("steering", 200),
    ("reference", 403), ("funder", 403), ("lead", 403), ("outsider", 404),
])
def test_project_dashboard(client, world, who, expected):
    url = reverse("dashboards:project", args=[world.project.pk])
    assert status(client, getattr(world, who), url) == expected


def test_a_steering_member_sees_only_their_own_projects(client, world):
    other = ProjectFactory(title="Ett annat projekt")
    client.force_login(world.steering)
    page = client.get(reverse("dashboards:portfolio")).content.decode()
    assert world.project.title in page
    assert "Ett annat projekt" not in page
    assert client.get(reverse("dashboards:project", args=[other.pk])).status_code == 404
    # the administrator sees both
    client.force_login(world.staff)
    page = client.get(reverse("dashboards:portfolio")).content.decode()
    assert world.project.title in page and "Ett annat projekt" in page


def test_the_menu_shows_the_dashboard_to_those_who_may_see_it(client, world):
    link = f'href="{reverse("dashboards:portfolio")}"'
    for user, shown in [(world.steering, True), (world.coordinator, True), (world.staff, True),
                        (world.lead, False), (world.reference, False)]:
        client.force_login(user)
        assert (link in client.get(reverse("home")).content.decode()) is shown, user


@pytest.mark.parametrize("who, expected", [
    ("staff", 200), ("coordinator", 200), ("steering", 200), ("reference", 404), ("lead", 404), ("outsider", 404),
])
def test_meeting_page(client, world, who, expected):
    meeting = MeetingFactory(project=world.project)
    assert status(client, getattr(world, who), meeting.get_absolute_url()) == expected


@pytest.mark.parametrize("who, expected", [
    ("staff", 200), ("coordinator", 200), ("steering", 403), ("reference", 404), ("outsider", 404),
])
def test_meeting_edit_page(client, world, who, expected):
    meeting = MeetingFactory(project=world.project)
    url = reverse("dashboards:meeting_edit", args=[meeting.pk])
    assert status(client, getattr(world, who), url) == expected


def test_another_projects_meeting_is_hidden_from_a_steering_member(client, world):
    meeting = MeetingFactory(project=ProjectFactory())
    client.force_login(world.steering)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert meeting.title not in client.get(reverse("dashboards:meetings")).content.decode()


def test_a_portfolio_meeting_is_seen_by_steering_and_edited_by_coordinators_only(client, world):
    meeting = MeetingFactory(project=None)
    assert status(client, world.steering, meeting.get_absolute_url()) == 200
    assert status(client, world.steering, reverse("dashboards:meeting_edit", args=[meeting.pk])) == 403
    assert status(client, world.coordinator, reverse("dashboards:meeting_edit", args=[meeting.pk])) == 200
    assert status(client, world.lead, meeting.get_absolute_url()) == 404


@pytest.mark.parametrize("who, expected", [("steering", 403), ("reference", 403), ("lead", 403),
                                           ("coordinator", 200), ("staff", 200)])
def test_recording_a_meeting(client, world, who, expected):
    assert status(client, getattr(world, who), reverse("dashboards:meeting_new")) == expected


def test_a_coordinator_cannot_record_a_meeting_for_a_project_they_do_not_coordinate(client, world):
    other = ProjectFactory()
    MembershipFactory(project=other, user=world.coordinator, role=ProjectMembership.Role.STEERING)
    client.force_login(world.coordinator)
    response = client.post(reverse("dashboards:meeting_new"), {"project": other.pk, "date": "2026-11-20"})
    assert response.status_code == 200
    assert response.context["form"].errors["project"]
    assert not other.steering_meetings.exists()


def test_a_steering_member_cannot_post_a_decision(client, world):
    meeting = MeetingFactory(project=world.project)
    url = reverse("dashboards:decision_new", args=[meeting.pk])
    assert status(client, world.steering, url, "post", {"text": "Nej", "status": "open"}) == 403
    assert not meeting.decisions.exists()
    decision = DecisionFactory(meeting=meeting)
    url = reverse("dashboards:decision_edit", args=[decision.pk])
    assert status(client, world.steering, url, "post", {"text": "Ändrat", "status": "done", "version": 1}) == 403
    decision.refresh_from_db()
    assert decision.text != "Ändrat"
    assert status(client, UserFactory(), url) == 404


def test_work_package_linked_must_belong_to_the_meetings_project(client, world):
    meeting = MeetingFactory(project=world.project)
    foreign = WorkPackageFactory(project=ProjectFactory())
    client.force_login(world.coordinator)
    response = client.post(reverse("dashboards:decision_new", args=[meeting.pk]),
                           {"text": "Förläng", "status": "open", "work_package": foreign.pk})
    assert response.status_code == 200
    assert "work_package" in response.context["form"].errors
    assert not meeting.decisions.exists()
