"""A lab's settings (method from the catalogue, place, partners, target groups, local or regional) are kept
by the project's coordinators in the portal, with the history of who changed what."""

import pytest
from django.urls import reverse

from accounts.tests.factories import OrganisationFactory
from labs.models import Lab, Method
from projects.models import TargetGroup
from projects.tests.factories import ProjectFactory


def settings_data(lab, **changes):
    methods = [m.pk for m in lab.methods.all()] or [Method.objects.get_or_create(name="Framtidsverkstad")[0].pk]
    data = {"name": lab.name, "kind": lab.kind, "municipality": lab.municipality_id or "", "place": lab.place,
            "methods": methods, "work_package": lab.work_package_id or "", "phase": lab.phase,
            "version": lab.version}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_coordinator_sets_the_method_partners_and_target_groups(client, world):
    method = Method.objects.create(name="Framtidsverkstad")
    partner = OrganisationFactory(name="Hyresgästföreningen")
    young = TargetGroup.objects.create(project=world.project, name="Unga")
    client.force_login(world.coordinator)
    url = reverse("labs:edit", args=[world.lab.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, settings_data(world.lab, methods=[method.pk], place="Nödinge",
                                              partners=[partner.pk], target_groups=[young.pk]))
    assert response.status_code == 302
    world.lab.refresh_from_db()
    assert (list(world.lab.methods.all()), world.lab.place) == ([method], "Nödinge")
    assert list(world.lab.partners.all()) == [partner] and list(world.lab.target_groups.all()) == [young]
    assert world.lab.history.first().history_user == world.coordinator


def test_a_lab_can_become_regional_and_then_has_no_municipality_of_its_own(client, world):
    client.force_login(world.coordinator)
    client.post(reverse("labs:edit", args=[world.lab.pk]), settings_data(world.lab, kind="regional", municipality=""))
    world.lab.refresh_from_db()
    assert (world.lab.kind, world.lab.municipality) == (Lab.Kind.REGIONAL, None)


def test_a_local_lab_without_a_municipality_is_refused_and_the_typing_kept(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:edit", args=[world.lab.pk]),
                           settings_data(world.lab, municipality="", place="Ny plats"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_municipality_error"' in html and 'value="Ny plats"' in html
    world.lab.refresh_from_db()
    assert world.lab.municipality is not None and world.lab.place != "Ny plats"


def test_another_projects_target_group_is_not_offered(client, world):
    foreign = TargetGroup.objects.create(project=ProjectFactory(), name="Främmande")
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:edit", args=[world.lab.pk]),
                           settings_data(world.lab, target_groups=[foreign.pk]))
    assert response.status_code == 400
    assert not world.lab.target_groups.exists()


@pytest.mark.parametrize(("role", "status"), [("lead", 403), ("steering", 403), ("other_lead", 404),
                                              ("funder", 404), ("outsider", 404)])
def test_only_coordinators_change_a_labs_settings(client, world, role, status):
    client.force_login(getattr(world, role))
    url = reverse("labs:edit", args=[world.lab.pk])
    assert client.get(url).status_code == status
    assert client.post(url, settings_data(world.lab, place="Ändrad")).status_code == status
    world.lab.refresh_from_db()
    assert world.lab.place != "Ändrad"
    page = client.get(reverse("labs:detail", args=[world.lab.pk]))
    assert url not in page.content.decode()
