"""The indicator form offers a field for every setting a computed source reads, saves the chosen source's
settings in source_params and refuses bad ones in Swedish, next to the field.

The settings are declared by the apps that register sources (labs: "kind" and "target_group"), so projects
never imports them; these tests use the sources as the installed apps register them.
"""

import pytest
from django.urls import reverse

from projects.models import Indicator
from projects.tests.factories import IndicatorFactory, TargetGroupFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def add_indicator(client, project, **fields):
    data = {"name": "Nyanlända som deltagit", "baseline": "0", "target": "40", "direction": "up"} | fields
    return client.post(reverse("projects:plan_add", args=[project.pk, "indikator"]),
                       {f"indicator-new-{key}": value for key, value in data.items()}, **HTMX)


def test_the_form_has_a_field_for_each_source_setting_with_the_projects_choices(client, world):
    TargetGroupFactory(project=world.project, name="Nyanlända")
    TargetGroupFactory(name="Annat projekts målgrupp")
    client.force_login(world.coordinator)

    body = client.get(reverse("projects:plan_add", args=[world.project.pk, "indikator"])).content.decode()

    assert 'name="indicator-new-source_target_group"' in body
    assert 'name="indicator-new-source_kind"' in body
    assert "Nyanlända" in body and "Annat projekts målgrupp" not in body
    assert "Lärträff" in body or "Learning workshop" in body  # the activity kinds, from labs


def test_a_target_group_source_saves_its_target_group(client, world):
    newly_arrived = TargetGroupFactory(project=world.project, name="Nyanlända")
    client.force_login(world.coordinator)

    response = add_indicator(client, world.project, source="labs.participants_target_group",
                             source_target_group=str(newly_arrived.pk), source_kind="workshop")

    assert response.status_code == 200
    indicator = Indicator.objects.get(name="Nyanlända som deltagit")
    assert indicator.source_params == {"target_group": str(newly_arrived.pk), "kind": "workshop"}


def test_a_target_group_source_without_a_target_group_is_refused_in_swedish_on_the_field(client, world):
    client.force_login(world.coordinator)

    response = add_indicator(client, world.project, source="labs.participants_target_group")

    html = response.content.decode()
    assert 'id="id_indicator-new-source_target_group_error"' in html
    assert "Välj målgrupp" in html
    assert not Indicator.objects.filter(name="Nyanlända som deltagit").exists()


def test_another_projects_target_group_is_refused_in_swedish(client, world):
    foreign = TargetGroupFactory(name="Annat projekts målgrupp")
    client.force_login(world.coordinator)

    response = add_indicator(client, world.project, source="labs.participants_target_group",
                             source_target_group=str(foreign.pk))

    html = response.content.decode()
    assert 'id="id_indicator-new-source_target_group_error"' in html
    assert "Välj en av projektets målgrupper." in html
    assert not Indicator.objects.filter(name="Nyanlända som deltagit").exists()


def test_a_setting_the_chosen_source_does_not_use_is_refused_rather_than_silently_ignored(client, world):
    group = TargetGroupFactory(project=world.project)
    client.force_login(world.coordinator)

    response = add_indicator(client, world.project, source="labs.participants", source_target_group=str(group.pk))

    html = response.content.decode()
    assert 'id="id_indicator-new-source_target_group_error"' in html
    assert "använder inte den här inställningen" in html
    response = add_indicator(client, world.project, source="", source_kind="workshop")
    assert "Värden som fylls i för hand använder inga inställningar för källan" in response.content.decode()
    assert not Indicator.objects.exists()


def test_changing_the_source_keeps_only_the_new_sources_settings_and_the_form_shows_the_saved_ones(client, world):
    group = TargetGroupFactory(project=world.project, name="Nyanlända")
    indicator = IndicatorFactory(project=world.project, name="Deltagare", baseline=0, target=40,
                                 source="labs.participants_target_group",
                                 source_params={"target_group": group.pk, "kind": "meeting"})
    client.force_login(world.coordinator)
    url = reverse("projects:plan_edit", args=[world.project.pk, "indikator", indicator.pk])

    form = client.get(url).content.decode()
    assert f'<option value="{group.pk}" selected>Nyanlända</option>' in form
    assert '<option value="meeting" selected>' in form

    prefix = f"indicator-{indicator.pk}"
    client.post(url, {f"{prefix}-{k}": v for k, v in {
        "name": "Deltagare", "baseline": "0", "target": "40", "direction": "up", "source": "labs.participants",
        "source_kind": "meeting", "version": str(indicator.version)}.items()}, **HTMX)

    indicator.refresh_from_db()
    assert (indicator.source, indicator.source_params) == ("labs.participants", {"kind": "meeting"})


def test_the_project_page_says_when_a_chosen_target_group_has_been_deleted(client, world):
    gone = TargetGroupFactory(project=world.project, name="Borttagen grupp")
    IndicatorFactory(project=world.project, name="Deltagare ur gruppen", baseline=0, target=10,
                     source="labs.participants_target_group", source_params={"target_group": str(gone.pk)})
    gone.delete()
    client.force_login(world.coordinator)

    html = client.get(world.project.get_absolute_url()).content.decode()

    assert "Målgrupp: finns inte längre bland valen, välj på nytt" in html
