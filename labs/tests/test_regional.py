"""A regional lab moves between municipalities: each activity says where it was held, and the activity log
and the lessons bank find it under that municipality."""

import pytest
from django.urls import reverse

from accounts.tests.factories import MunicipalityFactory
from grportal.testing.html import field_block
from labs.models import Activity, Lab
from labs.tests.factories import ACTIVITY_FORM, ActivityFactory, LabFactory


@pytest.fixture
def tour(world):
    lab = LabFactory(project=world.project, name="Regionalt labb på turné", kind=Lab.Kind.REGIONAL,
                     municipality=None, place="", leads=[world.lead])
    return lab, municipality("Lerum"), municipality("Tjörn")


def municipality(name):
    from accounts.models import Organisation

    return Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, name=name).first() or MunicipalityFactory(
        name=name)


def test_a_regional_labs_activity_records_the_municipality_it_was_held_in(client, world, tour):
    lab, lerum, _ = tour
    client.force_login(world.lead)
    response = client.post(reverse("labs:activity_new", args=[lab.pk]), {**ACTIVITY_FORM, "municipality": lerum.pk})
    assert response.status_code == 302
    assert Activity.objects.get().municipality == lerum
    assert "Lerum" in client.get(reverse("labs:detail", args=[lab.pk])).content.decode()


def test_the_next_activity_suggests_the_municipality_used_last(client, world, tour):
    lab, _, tjorn = tour
    ActivityFactory(lab=lab, created_by=world.lead, municipality=tjorn)
    client.force_login(world.lead)
    html = client.get(reverse("labs:activity_new", args=[lab.pk])).content.decode()
    assert f'<option value="{tjorn.pk}" selected>' in field_block(html, "municipality")


def test_a_local_lab_does_not_ask_where(client, world):
    client.force_login(world.lead)
    html = client.get(reverse("labs:activity_new", args=[world.lab.pk])).content.decode()
    assert 'name="municipality"' not in html


def test_a_local_labs_activity_cannot_be_placed_in_another_municipality(world):
    from django.core.exceptions import ValidationError

    activity = ActivityFactory.build(lab=world.lab, municipality=world.other_lab.municipality)
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "municipality" in error.value.message_dict


def test_the_activity_log_and_lessons_find_a_regional_activity_under_its_municipality(client, world, tour):
    lab, lerum, tjorn = tour
    ActivityFactory(lab=lab, title="Turné i Lerum", municipality=lerum, lessons="Boka lokal tidigt")
    ActivityFactory(lab=lab, title="Turné på Tjörn", municipality=tjorn, lessons="Färjan styr tiden")
    ActivityFactory(lab=world.lab, title="Ale lokalt", lessons="Fika hjälper")
    client.force_login(world.coordinator)
    log = client.get(reverse("labs:activity_log"), {"municipality": lerum.pk})
    assert [a.title for a in log.context["activities"]] == ["Turné i Lerum"]
    local = client.get(reverse("labs:activity_log"), {"municipality": world.lab.municipality_id})
    assert [a.title for a in local.context["activities"]] == ["Ale lokalt"]
    lessons = client.get(reverse("labs:lessons"), {"municipality": tjorn.pk})
    assert [a.title for a in lessons.context["lessons"]] == ["Turné på Tjörn"]


def test_the_export_names_where_a_regional_activity_was_held(client, world, tour):
    import csv
    import io

    lab, lerum, _ = tour
    ActivityFactory(lab=lab, title="Turné i Lerum", municipality=lerum)
    client.force_login(world.coordinator)
    response = client.get(reverse("labs:activity_log"), {"lab": lab.pk, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][2] == "Lerum"
