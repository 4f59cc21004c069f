"""The activity form's breakdowns: sectors and target groups fit in the total, dates stay within a year,
themes are kept, and a refused save keeps everything typed with the message next to the field."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from grportal.testing.html import field_block
from labs.forms import NEGATIVE_COUNT, NEGATIVE_HOURS
from labs.models import Activity, TargetGroupCount
from labs.tests.factories import ACTIVITY_FORM, ActivityFactory
from projects.models import TargetGroup


@pytest.fixture
def groups(world):
    newly_arrived = TargetGroup.objects.create(project=world.project, name="Nyanlända")
    young = TargetGroup.objects.create(project=world.project, name="Unga")
    return newly_arrived, young


def post_new(client, world, data):
    client.force_login(world.lead)
    return client.post(reverse("labs:activity_new", args=[world.lab.pk]), data)


def test_a_lead_logs_participants_by_target_group_sector_and_themes(client, world, groups):
    newly_arrived, young = groups
    response = post_new(client, world, {
        **ACTIVITY_FORM, f"target_group_{newly_arrived.pk}": "7", f"target_group_{young.pk}": "",
        "participants_public": "4", "participants_residents": "8", "lesson_themes": ["courage", "time"],
        "lessons": "Bjud in via föreningarna",
    })
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert [(c.target_group, c.count) for c in activity.target_group_counts.all()] == [(newly_arrived, 7)]
    assert (activity.participants_public, activity.participants_residents) == (4, 8)
    assert activity.theme_list == ["courage", "time"]


def test_sectors_adding_up_to_more_than_the_total_are_refused_next_to_the_sectors(client, world):
    response = post_new(client, world, {**ACTIVITY_FORM, "participants_public": "10", "participants_private": "5"})
    assert response.status_code == 400
    assert not Activity.objects.exists()
    html = response.content.decode()
    block = field_block(html, "participants_public")
    assert "15" in block and "12" in block and 'id="id_participants_public_error"' in block
    assert 'value="10"' in block and 'value="5"' in field_block(html, "participants_private")
    assert '<details class="form-part" open>' in html  # the sector breakdown opens to show its error


def test_a_target_group_larger_than_the_total_is_refused_and_the_typing_kept(client, world, groups):
    newly_arrived, _ = groups
    response = post_new(client, world,
                        {**ACTIVITY_FORM, f"target_group_{newly_arrived.pk}": "13", "lessons": "Viktigt"})
    assert response.status_code == 400
    assert not Activity.objects.exists() and not TargetGroupCount.objects.exists()
    block = field_block(response.content.decode(), f"target_group_{newly_arrived.pk}")
    assert "errorlist" in block and 'value="13"' in block
    assert "Viktigt" in response.content.decode()


@pytest.mark.parametrize("field", ["participants_total", "participants_women", "participants_public"])
def test_a_negative_count_is_refused_next_to_its_field(client, world, field):
    response = post_new(client, world, {**ACTIVITY_FORM, field: "-1"})
    assert response.status_code == 400
    assert not Activity.objects.exists()
    block = field_block(response.content.decode(), field)
    assert "errorlist" in block and 'value="-1"' in block
    assert str(NEGATIVE_COUNT) in block  # a sentence about people, not the generic "greater than or equal to 0"
    assert 'value="Workshop om markanvisning"' in field_block(response.content.decode(), "title")


def test_negative_hours_are_refused_next_to_the_organisation(client, world):
    response = post_new(client, world, {**ACTIVITY_FORM, f"hours_{world.lab.municipality_id}": "-2"})
    assert response.status_code == 400
    block = field_block(response.content.decode(), f"hours_{world.lab.municipality_id}")
    assert str(NEGATIVE_HOURS) in block and 'value="-2"' in block


def test_a_date_more_than_a_year_ahead_is_refused(client, world):
    far = (timezone.localdate() + dt.timedelta(days=400)).isoformat()
    response = post_new(client, world, {**ACTIVITY_FORM, "date": far})
    assert response.status_code == 400
    block = field_block(response.content.decode(), "date")
    assert "errorlist" in block and far in block
    assert not Activity.objects.exists()


def test_a_date_within_the_coming_year_is_fine(client, world):
    soon = (timezone.localdate() + dt.timedelta(days=300)).isoformat()
    world.project.end_date = timezone.localdate() + dt.timedelta(days=400)  # and within the project's period
    world.project.save()
    assert post_new(client, world, {**ACTIVITY_FORM, "date": soon}).status_code == 302


def test_the_model_refuses_a_far_future_date_written_past_the_form(world):
    from django.core.exceptions import ValidationError

    activity = ActivityFactory.build(lab=world.lab, date=timezone.localdate() + dt.timedelta(days=366))
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "date" in error.value.message_dict


def test_editing_shows_and_replaces_the_target_group_counts(client, world, groups):
    newly_arrived, young = groups
    activity = ActivityFactory(lab=world.lab, created_by=world.lead)
    TargetGroupCount.objects.create(activity=activity, target_group=newly_arrived, count=3)
    client.force_login(world.lead)
    url = reverse("labs:activity_edit", args=[activity.pk])
    assert 'value="3"' in field_block(client.get(url).content.decode(), f"target_group_{newly_arrived.pk}")
    data = {**ACTIVITY_FORM, "participants_total": "10", "participants_women": "5", "participants_men": "5",
            "participants_other": "0", f"target_group_{young.pk}": "2", "version": activity.version}
    assert client.post(url, data).status_code == 302
    assert [(c.target_group, c.count) for c in activity.target_group_counts.all()] == [(young, 2)]


def test_another_projects_target_group_is_refused_by_the_service(world):
    from django.core.exceptions import ValidationError

    from labs.services import activity_create
    from projects.tests.factories import ProjectFactory

    foreign = TargetGroup.objects.create(project=ProjectFactory(), name="Seniorer")
    with pytest.raises(ValidationError):
        activity_create(lab=world.lab, created_by=world.lead, title="X", participants_total=5,
                        target_group_counts={foreign.pk: 1})
    assert not Activity.objects.exists()


def test_a_lead_logs_only_in_their_own_labs(client, world):
    client.force_login(world.lead)
    url = reverse("labs:activity_new", args=[world.other_lab.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, ACTIVITY_FORM).status_code == 404
    assert not Activity.objects.exists()


def test_another_municipalitys_lead_cannot_view_or_edit_an_activity(client, world):
    activity = ActivityFactory(lab=world.lab, created_by=world.lead)
    client.force_login(world.other_lead)
    assert client.get(reverse("labs:detail", args=[world.lab.pk])).status_code == 404
    assert client.get(reverse("labs:activity_edit", args=[activity.pk])).status_code == 404
    assert client.post(reverse("labs:activity_edit", args=[activity.pk]), ACTIVITY_FORM).status_code == 404
    activity.refresh_from_db()
    assert activity.title != ACTIVITY_FORM["title"]


def test_the_form_asks_for_the_labs_own_target_groups_when_it_has_some(client, world, groups):
    newly_arrived, young = groups
    world.lab.target_groups.add(young)
    client.force_login(world.lead)
    html = client.get(reverse("labs:activity_new", args=[world.lab.pk])).content.decode()
    assert f'name="target_group_{young.pk}"' in html
    assert f'name="target_group_{newly_arrived.pk}"' not in html
