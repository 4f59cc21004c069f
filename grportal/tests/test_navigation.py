"""The main menu shows each person what they can use, and nothing they cannot."""

import pytest
from django.urls import reverse


def menu(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return {str(item["label"]): item["url"] for item in response.context["nav_items"]}


@pytest.mark.parametrize("person", ["coordinator", "steering", "lead", "staff"])
def test_people_who_work_with_labs_find_the_log_and_the_lessons(client, world, person):
    items = menu(client, getattr(world, person))
    assert items["Mina labb"] == reverse("labs:mine")
    assert items["Aktivitetslogg"] == reverse("labs:activity_log")
    assert items["Lärdomar"] == reverse("labs:lessons")


@pytest.mark.parametrize("person", ["reference", "funder", "outsider"])
def test_others_get_no_lab_menu(client, world, person):
    items = menu(client, getattr(world, person))
    assert set(items) == {"Start", "Mina projekt", "Seminarier"}


def test_only_staff_see_the_administration(client, world):
    assert "Administration" in menu(client, world.staff)
    assert "Administration" not in menu(client, world.coordinator)


def test_the_current_page_is_marked(client, world):
    client.force_login(world.lead)
    response = client.get(reverse("labs:activity_log"))
    current = [item for item in response.context["nav_items"] if item["current"]]
    assert [str(item["label"]) for item in current] == ["Aktivitetslogg"]


def test_coordinators_and_administrators_find_the_review_inbox_and_it_is_marked_current(client, world):
    for person in ("coordinator", "staff"):
        assert menu(client, getattr(world, person))["Granska"] == reverse("labs:review")
    for person in ("steering", "lead", "reference", "funder", "outsider"):
        assert "Granska" not in menu(client, getattr(world, person))
    client.force_login(world.coordinator)
    response = client.get(reverse("labs:review"))
    current = [item for item in response.context["nav_items"] if item["current"]]
    assert [str(item["label"]) for item in current] == ["Granska"]
