"""Pages for a logged-in person (salaries, participants) are never kept by a browser cache or a proxy; public pages
and static files keep their normal caching."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_max_age

from budgets.tests.factories import BudgetFactory, CostLineFactory
from seminars.tests.factories import RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def seminar(world):
    start = timezone.now() + dt.timedelta(days=30)
    seminar = SeminarFactory(project=world.project, starts_at=start, ends_at=start + dt.timedelta(hours=3))
    RegistrationFactory(seminar=seminar, name="Greta Deltagare")
    return seminar


def test_a_budget_page_with_salaries_is_not_stored(client, world):
    budget = BudgetFactory(project=world.project)
    CostLineFactory(budget=budget)
    client.force_login(world.coordinator)
    response = client.get(reverse("budgets:detail", args=[budget.pk]))
    assert response.status_code == 200
    assert {"no-store", "private"} <= directives(response)
    assert "public" not in directives(response)


def test_a_registration_list_and_the_check_in_are_not_stored(client, world, seminar):
    client.force_login(world.coordinator)
    for name in ("seminars:registrations", "seminars:check_in"):
        response = client.get(reverse(name, args=[seminar.pk]))
        assert response.status_code == 200 and "Greta Deltagare" in response.content.decode()
        assert {"no-store", "private"} <= directives(response), name


def test_the_account_page_and_a_404_for_a_logged_in_person_are_not_stored(client, world):
    client.force_login(world.lead)
    assert {"no-store", "private"} <= directives(client.get(reverse("my_account")))
    assert {"no-store", "private"} <= directives(client.get("/finns-inte/"))


def test_logging_in_is_not_stored(client, world):
    response = client.post(reverse("account_login"), {"login": world.coordinator.email,
                                                      "password": "correct-horse-battery"})
    assert response.status_code == 302 and "sessionid" in response.cookies
    assert {"no-store", "private"} <= directives(response)


def test_an_anonymous_public_seminar_page_is_unaffected(client, seminar):
    response = client.get(reverse("seminars:public", args=[seminar.pk]))
    assert response.status_code == 200
    assert "no-store" not in directives(response) and "private" not in directives(response)
    assert "sessionid" not in response.cookies


def test_static_files_keep_their_caching_for_a_logged_in_person(client, world):
    client.force_login(world.coordinator)
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert "no-store" not in directives(response)
    assert get_max_age(response) is not None
