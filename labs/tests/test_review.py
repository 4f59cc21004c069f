"""Coordinators approve or return activities with a reason the lead sees; approved ones can be reopened;
every step is kept in the history. Phase changes are recorded with their date."""

import datetime as dt

import pytest
from django.urls import reverse

from labs.models import Activity
from labs.tests.factories import ActivityFactory


@pytest.fixture
def submitted(world):
    return ActivityFactory(lab=world.lab, created_by=world.lead, status=Activity.Status.SUBMITTED)


def test_a_coordinator_approves_a_submitted_activity(client, world, submitted):
    client.force_login(world.coordinator)
    assert client.post(reverse("labs:activity_approve", args=[submitted.pk])).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Activity.Status.APPROVED


def test_a_lead_cannot_approve_their_own_activity(client, world, submitted):
    client.force_login(world.lead)
    assert client.post(reverse("labs:activity_approve", args=[submitted.pk])).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Activity.Status.SUBMITTED


def test_a_returned_activity_shows_the_reason_to_the_lead_who_can_edit_it_again(client, world, submitted):
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:activity_return", args=[submitted.pk]),
                           {"reason": "Ange hur många som var unga."})
    assert response.status_code == 302
    client.force_login(world.lead)
    page = client.get(reverse("labs:detail", args=[world.lab.pk])).content.decode()
    assert "Ange hur många som var unga." in page
    edit = client.get(reverse("labs:activity_edit", args=[submitted.pk]))
    assert edit.status_code == 200 and "Ange hur många som var unga." in edit.content.decode()


def test_returning_without_a_reason_is_refused_next_to_the_field(client, world, submitted):
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:activity_return", args=[submitted.pk]), {"reason": "  "})
    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Activity.Status.SUBMITTED


def test_a_coordinator_can_reopen_an_approved_activity_for_the_lead(client, world):
    approved = ActivityFactory(lab=world.lab, created_by=world.lead, status=Activity.Status.APPROVED)
    client.force_login(world.lead)
    assert client.get(reverse("labs:activity_edit", args=[approved.pk])).status_code == 403
    client.force_login(world.coordinator)
    client.post(reverse("labs:activity_return", args=[approved.pk]), {"reason": "Rätta datumet."})
    approved.refresh_from_db()
    assert approved.status == Activity.Status.RETURNED
    client.force_login(world.lead)
    assert client.get(reverse("labs:activity_edit", args=[approved.pk])).status_code == 200


def test_the_history_keeps_who_submitted_returned_and_approved(client, world):
    activity = ActivityFactory(lab=world.lab, created_by=world.lead)
    client.force_login(world.lead)
    client.post(reverse("labs:activity_submit", args=[activity.pk]))
    client.force_login(world.coordinator)
    client.post(reverse("labs:activity_return", args=[activity.pk]), {"reason": "Saknar lärdomar"})
    client.force_login(world.lead)
    client.post(reverse("labs:activity_submit", args=[activity.pk]))
    client.force_login(world.coordinator)
    client.post(reverse("labs:activity_approve", args=[activity.pk]))
    steps = [(h.history_user, h.status) for h in activity.history.order_by("history_date", "history_id")][1:]
    assert steps == [(world.lead, "submitted"), (world.coordinator, "returned"), (world.lead, "submitted"),
                     (world.coordinator, "approved")]


def test_a_phase_change_is_recorded_with_its_date_and_shown(client, world):
    client.force_login(world.lead)
    response = client.post(reverse("labs:phase", args=[world.lab.pk]),
                           {"phase": "test", "changed_on": "2025-04-02", "note": "Första testet"})
    assert response.status_code == 302
    world.lab.refresh_from_db()
    assert world.lab.phase == "test"
    change = world.lab.phase_changes.get()
    assert (change.changed_on, change.changed_by) == (dt.date(2025, 4, 2), world.lead)
    assert "2025-04-02" in client.get(reverse("labs:detail", args=[world.lab.pk])).content.decode()


def test_another_municipalitys_lead_cannot_change_the_phase(client, world):
    client.force_login(world.other_lead)
    response = client.post(reverse("labs:phase", args=[world.lab.pk]), {"phase": "spread", "changed_on": "2025-04-02"})
    assert response.status_code == 404
    world.lab.refresh_from_db()
    assert world.lab.phase != "spread" and not world.lab.phase_changes.exists()


def test_the_edit_page_shows_who_changed_the_activity_and_when(client, world):
    activity = ActivityFactory(lab=world.lab, created_by=world.lead)
    client.force_login(world.lead)
    client.post(reverse("labs:activity_submit", args=[activity.pk]))
    client.force_login(world.coordinator)
    client.post(reverse("labs:activity_return", args=[activity.pk]), {"reason": "Saknar lärdomar"})
    html = client.get(reverse("labs:activity_edit", args=[activity.pk])).content.decode()
    history = html[html.index('id="history-heading"'):]
    history = history[:history.index("</section>")]
    assert history.count("<li>") == 3  # created (by the factory, no one), submitted, returned
    assert history.index(world.coordinator.full_name) < history.index(world.lead.full_name)  # newest first


def test_the_lab_page_shows_where_the_lab_is_in_the_cycle(client, world):
    import re

    from labs.models import Lab

    world.lab.phase = "test"
    world.lab.save()
    client.force_login(world.lead)
    html = client.get(reverse("labs:detail", args=[world.lab.pk])).content.decode()
    cycle = re.search(r'<ol class="plain-list" aria-label="[^"]+">(.*?)</ol>', html, flags=re.S).group(1)
    items = re.findall(r"<li( aria-current=\"step\")?>(.*?)</li>", cycle, flags=re.S)
    assert [re.sub(r"<[^>]+>|\s*\(.*\)", "", text).strip() for _, text in items] == [
        str(label) for _, label in Lab.Phase.choices]
    assert [bool(current) for current, _ in items] == [False, False, True, False, False]
