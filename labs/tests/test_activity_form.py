"""Logging an activity: the participant counts add up, submitted work is locked for the lead,
and every change is kept in the history with who made it."""

import datetime as dt

import pytest
from django.urls import reverse

from grportal.testing.html import field_block
from labs.forms import ActivityForm
from labs.models import Activity
from labs.tests.factories import ACTIVITY_FORM, ActivityFactory

TOO_MANY = {**ACTIVITY_FORM, "participants_total": "5", "participants_women": "4", "participants_men": "3",
            "participants_other": "0"}


def test_the_form_refuses_a_breakdown_larger_than_the_total(db):
    form = ActivityForm(TOO_MANY)
    assert not form.is_valid()
    assert list(form.errors) == ["participants_total"]
    assert len(form.errors["participants_total"]) == 1  # the model's repeat of the rule is not shown twice
    assert "7" in form.errors["participants_total"][0] and "5" in form.errors["participants_total"][0]


def test_a_breakdown_equal_to_the_total_is_fine(db):  # the check constraint is validated in SQL
    assert ActivityForm({**ACTIVITY_FORM, "participants_total": "12"}).is_valid()


def test_the_breakdown_may_be_left_out(db):
    data = {**ACTIVITY_FORM, "participants_women": "0", "participants_men": "0", "participants_other": "0"}
    assert ActivityForm(data).is_valid()


def test_the_error_is_shown_next_to_the_total_and_what_was_typed_is_kept(client, world):
    client.force_login(world.lead)
    response = client.post(reverse("labs:activity_new", args=[world.lab.pk]), TOO_MANY)

    assert response.status_code == 400
    assert not Activity.objects.exists()
    html = response.content.decode()
    total = field_block(html, "participants_total")
    assert 'class="errorlist" id="id_participants_total_error"' in total
    assert "aria-invalid=\"true\"" in total
    assert 'aria-describedby="id_participants_total_error"' in total
    assert "['" not in total  # an ErrorList, not a Python list's repr
    # Only the total carries the message; the breakdown fields have none.
    assert "errorlist" not in field_block(html, "participants_women")
    # What was typed is still there.
    assert 'name="participants_total" value="5"' in total
    assert 'value="4"' in field_block(html, "participants_women")
    assert 'value="3"' in field_block(html, "participants_men")
    assert 'value="Workshop om markanvisning"' in field_block(html, "title")
    assert 'value="Ale kulturhus"' in field_block(html, "place")
    # The summary at the top links to the field.
    assert 'href="#id_participants_total"' in html


def test_a_lead_logs_an_activity_as_a_draft(client, world):
    client.force_login(world.lead)
    response = client.post(reverse("labs:activity_new", args=[world.lab.pk]), ACTIVITY_FORM)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.lab == world.lab
    assert activity.created_by == world.lead
    assert activity.status == Activity.Status.DRAFT
    assert (activity.participants_total, activity.participants_women) == (12, 6)
    assert activity.co_financed_hours == 0  # the lab has a municipality: hours are typed per organisation


def test_hours_are_recorded_per_organisation_and_their_sum_kept_as_the_total(client, world):
    from accounts.tests.factories import OrganisationFactory

    partner = OrganisationFactory(name="Hyresgästföreningen")
    world.lab.partners.add(partner)
    client.force_login(world.lead)
    response = client.post(reverse("labs:activity_new", args=[world.lab.pk]), {
        **ACTIVITY_FORM, f"hours_{world.lab.municipality_id}": "24.5", f"hours_{partner.pk}": "3"})
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert {(t.organisation, str(t.hours)) for t in activity.co_financed_time.all()} == {
        (world.lab.municipality, "24.50"), (partner, "3.00")}
    assert str(activity.co_financed_hours) == "27.50"


def test_the_new_activity_form_suggests_the_labs_place_and_the_last_type_used(client, world):
    ActivityFactory(lab=world.lab, created_by=world.lead, kind=Activity.Kind.INTERVIEW)
    client.force_login(world.lead)
    form = client.get(reverse("labs:activity_new", args=[world.lab.pk])).context["form"]
    assert form.initial["place"] == world.lab.place
    assert form.initial["kind"] == Activity.Kind.INTERVIEW


@pytest.fixture
def submitted(world):
    return ActivityFactory(lab=world.lab, created_by=world.lead, status=Activity.Status.SUBMITTED)


def test_a_lead_cannot_edit_a_submitted_activity(client, world, submitted):
    client.force_login(world.lead)
    url = reverse("labs:activity_edit", args=[submitted.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {**ACTIVITY_FORM, "title": "Ändrad i efterhand"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.title != "Ändrad i efterhand"


def test_a_lead_can_edit_a_returned_activity(client, world):
    returned = ActivityFactory(lab=world.lab, created_by=world.lead, status=Activity.Status.RETURNED,
                               return_reason="Saknar antal")
    client.force_login(world.lead)
    assert client.post(reverse("labs:activity_edit", args=[returned.pk]),
                       {**ACTIVITY_FORM, "version": returned.version}).status_code == 302


def test_the_coordinator_can_correct_a_submitted_activity(client, world, submitted):
    client.force_login(world.coordinator)
    url = reverse("labs:activity_edit", args=[submitted.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {**ACTIVITY_FORM, "title": "Rättad av samordnaren", "version": submitted.version})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.title == "Rättad av samordnaren"
    assert submitted.status == Activity.Status.SUBMITTED


def test_submitting_locks_the_activity_for_its_lead(client, world):
    activity = ActivityFactory(lab=world.lab, created_by=world.lead)
    client.force_login(world.lead)
    assert client.post(reverse("labs:activity_submit", args=[activity.pk])).status_code == 302
    activity.refresh_from_db()
    assert activity.status == Activity.Status.SUBMITTED
    assert client.get(reverse("labs:activity_edit", args=[activity.pk])).status_code == 403


def test_submit_accepts_only_post(client, world):
    activity = ActivityFactory(lab=world.lab)
    client.force_login(world.lead)
    assert client.get(reverse("labs:activity_submit", args=[activity.pk])).status_code == 405
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DRAFT


def test_the_history_records_who_created_and_who_changed_an_activity(client, world):
    client.force_login(world.lead)
    client.post(reverse("labs:activity_new", args=[world.lab.pk]), ACTIVITY_FORM)
    activity = Activity.objects.get()
    client.post(reverse("labs:activity_submit", args=[activity.pk]))
    client.force_login(world.coordinator)
    client.post(reverse("labs:activity_edit", args=[activity.pk]),
                {**ACTIVITY_FORM, "participants_total": "13", "version": activity.version})

    history = list(activity.history.order_by("history_date", "history_id"))
    assert [(h.history_type, h.history_user, h.status, h.participants_total) for h in history] == [
        ("+", world.lead, "draft", 12),
        ("~", world.lead, "submitted", 12),
        ("~", world.coordinator, "submitted", 13),
    ]


def test_the_database_refuses_a_breakdown_larger_than_the_total(world):
    """The check constraint guards writes that bypass the form (imports, the shell)."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(lab=world.lab, title="Fel", date=dt.date(2025, 1, 1),
                                participants_total=1, participants_women=2)


def test_an_approved_activity_cannot_be_submitted_again(client, world):
    activity = ActivityFactory(lab=world.lab, status=Activity.Status.APPROVED)
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:activity_submit", args=[activity.pk]), follow=True)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.APPROVED
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_an_activity_whose_creator_was_deleted_can_still_be_edited_and_submitted(client, world):
    from accounts.tests.factories import UserFactory

    gone = UserFactory()
    activity = ActivityFactory(lab=world.lab, created_by=gone)
    gone.delete()
    client.force_login(world.lead)
    response = client.post(reverse("labs:activity_submit", args=[activity.pk]))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == Activity.Status.SUBMITTED


def test_empty_breakdown_and_hours_count_as_zero(client, world):
    client.force_login(world.lead)
    response = client.post(reverse("labs:activity_new", args=[world.lab.pk]), {
        "kind": "meeting", "title": "Avstämning", "date": "2025-09-01", "participants_total": "4",
        "participants_women": "", "participants_men": "", "participants_other": "", "co_financed_hours": "",
    })
    assert response.status_code == 302
    activity = Activity.objects.get(title="Avstämning")
    assert (activity.participants_women, activity.participants_men, activity.co_financed_hours) == (0, 0, 0)


def test_a_new_activity_starts_with_empty_counts_but_today_and_the_labs_place(client, world):
    from django.utils import timezone

    client.force_login(world.lead)
    html = client.get(reverse("labs:activity_new", args=[world.lab.pk])).content.decode()
    for name in ("participants_total", "participants_women", "participants_men", "participants_other"):
        assert 'value="' not in field_block(html, name), name
    assert f'value="{timezone.localdate().isoformat()}"' in field_block(html, "date")
    assert f'value="{world.lab.place}"' in field_block(html, "place")


def test_editing_shows_the_saved_counts(client, world):
    activity = ActivityFactory(lab=world.lab, participants_total=10, participants_women=0)
    client.force_login(world.lead)
    html = client.get(reverse("labs:activity_edit", args=[activity.pk])).content.decode()
    assert 'value="10"' in field_block(html, "participants_total")
    assert 'value="0"' in field_block(html, "participants_women")
