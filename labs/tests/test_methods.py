"""The method catalogue: coordinators keep it in the portal (not only administrators in /admin/)."""

import pytest
from django.urls import reverse

from labs.models import Method


def test_a_coordinator_adds_a_method_and_sees_it_in_the_catalogue(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:method_new"), {"name": " Framtidsverkstad ", "description": "Boende "
                                                        "och tjänstepersoner skissar framtiden tillsammans."})
    assert response.status_code == 302
    method = Method.objects.get(name="Framtidsverkstad")
    assert method.description.startswith("Boende")
    page = client.get(reverse("labs:methods")).content.decode()
    assert "Framtidsverkstad" in page and reverse("labs:method_edit", args=[method.pk]) in page


def test_a_coordinator_corrects_a_method(client, world):
    method = Method.objects.create(name="Markanvisnig")
    client.force_login(world.coordinator)
    assert client.get(reverse("labs:method_edit", args=[method.pk])).status_code == 200
    client.post(reverse("labs:method_edit", args=[method.pk]),
                {"name": "Markanvisning som verktyg", "version": method.version})
    method.refresh_from_db()
    assert method.name == "Markanvisning som verktyg"


def test_a_duplicate_name_is_refused_next_to_the_field_and_the_typing_kept(client, world):
    Method.objects.get_or_create(name="Social konsekvensanalys")
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:method_new"), {"name": "Social konsekvensanalys",
                                                        "description": "Min beskrivning"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_name_error"' in html and "Min beskrivning" in html
    assert Method.objects.filter(name="Social konsekvensanalys").count() == 1


@pytest.mark.parametrize("role", ["lead", "steering", "funder", "outsider"])
def test_only_coordinators_and_administrators_change_the_catalogue(client, world, role):
    method = Method.objects.create(name="Seniorperspektiv")
    client.force_login(getattr(world, role))
    assert client.get(reverse("labs:method_new")).status_code == 403
    assert client.post(reverse("labs:method_new"), {"name": "Ny"}).status_code == 403
    assert client.post(reverse("labs:method_edit", args=[method.pk]), {"name": "Ändrad"}).status_code == 403
    assert not Method.objects.filter(name__in=["Ny", "Ändrad"]).exists()
    page = client.get(reverse("labs:methods"))
    assert page.status_code == 200 and "Seniorperspektiv" in page.content.decode()
    assert reverse("labs:method_new") not in page.content.decode()


def test_an_administrator_may_change_the_catalogue(client, world):
    client.force_login(world.staff)
    assert client.post(reverse("labs:method_new"), {"name": "Dialog med unga"}).status_code == 302


@pytest.mark.parametrize("n", [2, 20])
def test_the_catalogue_makes_the_same_queries_whatever_its_length(client, world, django_assert_num_queries, n):
    from labs.tests.factories import LabFactory

    for i in range(n):
        LabFactory(project=world.project, methods=[Method.objects.create(name=f"Metod {i}")])
    client.force_login(world.coordinator)
    # session, user, the menu's "leads a lab?" and "coordinator or steering?", "may edit?", methods with
    # their lab counts
    with django_assert_num_queries(4):
        assert client.get(reverse("labs:methods")).status_code == 200
