"""A new organisation from the portal, for a partner missing from the plan editor's lists (issue 15): the same
validation as the admin (the model's organisation-number validator and clean), plus the SCB code of a
municipality."""

import pytest
from django.urls import reverse

from accounts.models import Organisation
from accounts.rules import has
from projects.models import ProjectMembership
from projects.tests.factories import MembershipFactory

URL = "/organisationer/ny/"


@pytest.fixture
def people(world):
    world.other_coordinator = MembershipFactory(role=ProjectMembership.Role.COORDINATOR).user
    return world


def test_the_url(db):
    assert reverse("accounts:organisation_new") == URL


@pytest.mark.parametrize(("role", "status"), [
    ("coordinator", 200), ("other_coordinator", 200), ("staff", 200),
    ("steering", 403), ("reference", 403), ("funder", 403), ("lead", 403), ("outsider", 403),
])
def test_anyone_who_coordinates_a_project_and_administrators_may_add_an_organisation(client, people, role, status):
    user = getattr(people, role)
    client.force_login(user)
    assert client.get(URL).status_code == status
    response = client.post(URL, {"name": "Röda korset Ale", "kind": "civil_society", "org_number": "802002-8711"})
    assert response.status_code == (302 if status == 200 else status)
    assert Organisation.objects.filter(name="Röda korset Ale").exists() == (status == 200)
    assert has(user, "accounts.add_organisation") == (status == 200)


def test_the_anonymous_are_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith("/konto/login/")


def post(client, data, next_url=""):
    values = {"name": "Hyresgästföreningen Väst", "kind": "civil_society", "org_number": "", "municipality_code": ""}
    values.update(data)
    if next_url:
        values["next"] = next_url
    return client.post(URL, values)


def error_next_to(body: str, field: str) -> str:
    start = body.index(f'id="id_{field}_error"')
    return body[start:start + 300]


@pytest.mark.parametrize(("number", "message"), [
    ("802002-8712", "Kontrollsiffran i organisationsnumret stämmer inte"),
    ("80200-28711", "tio siffror"),
    ("abc", "tio siffror"),
])
def test_a_bad_organisation_number_is_refused_with_the_message_next_to_the_field(client, world, number, message):
    client.force_login(world.coordinator)
    response = post(client, {"org_number": number})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in error_next_to(body, "org_number")
    assert 'value="Hyresgästföreningen Väst"' in body  # what was typed stays
    assert not Organisation.objects.filter(name="Hyresgästföreningen Väst").exists()


def test_a_good_number_is_stored_in_the_standard_form_and_the_person_goes_back(client, world):
    client.force_login(world.coordinator)
    back = reverse("projects:plan_add", args=[world.project.pk, "partner"])
    response = post(client, {"org_number": "8020028711"}, next_url=back)
    assert response.status_code == 302 and response.url == back
    organisation = Organisation.objects.get(name="Hyresgästföreningen Väst")
    assert organisation.org_number == "802002-8711"
    # … where the new organisation can be chosen.
    page = client.get(back)
    assert organisation in page.context["form"].fields["organisation"].queryset


def test_a_next_address_elsewhere_is_not_followed(client, world):
    client.force_login(world.coordinator)
    response = post(client, {}, next_url="https://evil.example/")
    assert response.status_code == 302 and response.url == "/"


def test_a_municipality_needs_its_four_digit_code(client, world):
    client.force_login(world.coordinator)
    missing = post(client, {"name": "Nyby kommun", "kind": "municipality"})
    assert "Ange kommunens kommunkod" in error_next_to(missing.content.decode(), "municipality_code")
    wrong = post(client, {"name": "Nyby kommun", "kind": "municipality", "municipality_code": "14a9"})
    assert "fyra siffror" in error_next_to(wrong.content.decode(), "municipality_code")
    assert post(client, {"name": "Nyby kommun", "kind": "municipality", "municipality_code": "1999"}).status_code \
        == 302
    assert Organisation.objects.get(name="Nyby kommun").municipality_code == "1999"


def test_only_a_municipality_has_a_municipality_code(client, world):
    client.force_login(world.coordinator)
    response = post(client, {"municipality_code": "1419"})
    assert "Bara en kommun har en kommunkod" in error_next_to(response.content.decode(), "municipality_code")


def test_a_municipality_code_is_not_used_twice(client, world):
    if not Organisation.objects.filter(municipality_code="1440").exists():  # the GR municipalities are loaded data
        Organisation.objects.create(name="Ale kommun", kind="municipality", municipality_code="1440")
    client.force_login(world.coordinator)
    response = post(client, {"name": "Ale igen", "kind": "municipality", "municipality_code": "1440"})
    assert response.status_code == 400
    assert Organisation.objects.filter(municipality_code="1440").count() == 1


def test_a_name_already_there_is_refused_whatever_its_case(client, world):
    Organisation.objects.get_or_create(name="RISE", defaults={"kind": "academia"})
    client.force_login(world.coordinator)
    response = post(client, {"name": "rise", "kind": "academia"})
    assert "Det finns redan en organisation som heter rise" in error_next_to(response.content.decode(), "name")
    assert Organisation.objects.filter(name__iexact="rise").count() == 1


def test_the_plan_editors_organisation_forms_link_here(client, world):
    client.force_login(world.coordinator)
    for kind in ("partner", "organisation", "nyckelperson"):
        page = client.get(reverse("projects:plan_add", args=[world.project.pk, kind])).content.decode()
        assert "Lägg till en ny organisation" in page, kind
        assert f'{URL}?next=/projekt/{world.project.pk}/plan/{kind}/ny/' in page, kind
    goal_form = client.get(reverse("projects:plan_add", args=[world.project.pk, "mal"])).content.decode()
    assert "Lägg till en ny organisation" not in goal_form
