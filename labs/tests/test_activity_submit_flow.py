"""The activity form fits the hour after a workshop: "Spara och skicka in" saves and submits in one go (or nothing
happens), "Spara som utkast" keeps a draft, the lab page then says which happened and what comes next; the length is
typed in hours apart from the co-financed working time; the date lies within the project's period or says why not;
the optional parts are folded until they hold something."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from grportal.testing.html import field_block
from labs import services
from labs.forms import ActivityForm, hours_from_minutes
from labs.models import Activity
from labs.tests.factories import ACTIVITY_FORM, ActivityFactory

pytestmark = pytest.mark.django_db

SUBMITTED = "är inskickad till samordnaren, som granskar den."
DRAFT = "är sparat. Det syns inte i någon sammanställning förrän du skickar in det."
OUTSIDE = ("Datumet ligger utanför projektets period 1 jan 2025–31 dec 2026. Ange ett annat datum eller skriv varför "
           "aktiviteten ändå hör till projektet.")


def new_url(world):
    return reverse("labs:activity_new", args=[world.lab.pk])


def page(response) -> str:
    return unescape(response.content.decode())


# --- Save and submit, or save as a draft ------------------------------------------------------------------------


def test_the_new_form_offers_save_and_submit_first_and_save_as_draft_second(client, world):
    client.force_login(world.lead)
    html = page(client.get(new_url(world)))
    submit = html.index('name="action" value="submit" class="button">Spara och skicka in</button>')
    draft = html.index('name="action" value="draft" class="button button-secondary">Spara som utkast</button>')
    assert submit < draft


def test_save_and_submit_submits_and_the_lab_page_says_so_and_offers_another(client, world):
    client.force_login(world.lead)
    response = client.post(new_url(world), {**ACTIVITY_FORM, "action": "submit"})
    activity = Activity.objects.get()
    assert activity.status == Activity.Status.SUBMITTED
    assert activity.submissions.get().submitted_by == world.lead
    assert response.url == reverse("labs:detail", args=[world.lab.pk]) + f"?sparad={activity.pk}"

    html = page(client.get(response.url))
    assert f"Aktiviteten ”Workshop om markanvisning” {SUBMITTED}" in html
    actions = html[html.index('<div class="next-actions">'):]
    actions = actions[:actions.index("</div>")]
    assert f'href="{new_url(world)}">Logga en till aktivitet</a>' in actions
    assert "Skicka in" not in actions  # already submitted
    assert f'id="activity-{activity.pk}" class="row-saved"' in html


def test_save_as_draft_keeps_a_draft_and_the_lab_page_offers_to_submit_it(client, world):
    client.force_login(world.lead)
    response = client.post(new_url(world), {**ACTIVITY_FORM, "action": "draft"})
    activity = Activity.objects.get()
    assert activity.status == Activity.Status.DRAFT

    html = page(client.get(response.url))
    assert f"Utkastet ”Workshop om markanvisning” {DRAFT}" in html
    actions = html[html.index('<div class="next-actions">'):]
    actions = actions[:actions.index("</div>")]
    assert f'action="{reverse("labs:activity_submit", args=[activity.pk])}"' in actions
    assert 'class="button">Skicka in<span class="visually-hidden"> Workshop om markanvisning</span>' in actions
    assert "button button-secondary" in actions and "Logga en till aktivitet" in actions

    # The button on the lab page submits it, and the page then says so.
    sent = client.post(reverse("labs:activity_submit", args=[activity.pk]))
    assert sent.url == response.url
    activity.refresh_from_db()
    assert activity.status == Activity.Status.SUBMITTED
    assert SUBMITTED in page(client.get(sent.url))


def test_a_post_without_a_choice_saves_a_draft(client, world):
    client.force_login(world.lead)
    client.post(new_url(world), ACTIVITY_FORM)
    assert Activity.objects.get().status == Activity.Status.DRAFT


def test_when_submitting_fails_nothing_is_saved_and_the_reason_is_on_the_form(client, world, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError("Samordnaren tar inte emot något just nu.")

    monkeypatch.setattr("labs.views.activity_submit", refuse)
    client.force_login(world.lead)
    response = client.post(new_url(world), {**ACTIVITY_FORM, "action": "submit"})
    assert response.status_code == 400
    assert not Activity.objects.exists()
    html = page(response)
    assert "Samordnaren tar inte emot något just nu." in html
    assert 'value="Workshop om markanvisning"' in field_block(html, "title")


def test_a_returned_activity_is_corrected_and_submitted_again_from_its_form(client, world):
    activity = ActivityFactory(lab=world.lab, status=Activity.Status.RETURNED, return_reason="Lägg till målgrupper")
    client.force_login(world.lead)
    url = reverse("labs:activity_edit", args=[activity.pk])
    html = page(client.get(url))
    assert "Spara och skicka in" in html and "Spara som utkast" in html

    client.post(url, {**ACTIVITY_FORM, "version": activity.version, "action": "draft"})
    activity.refresh_from_db()
    assert activity.status == Activity.Status.RETURNED
    assert "syns inte i någon sammanställning förrän du skickar in den igen" in page(
        client.get(reverse("labs:detail", args=[world.lab.pk]) + f"?sparad={activity.pk}"))

    client.post(url, {**ACTIVITY_FORM, "title": "Rättad", "version": activity.version, "action": "submit"})
    activity.refresh_from_db()
    assert (activity.status, activity.title) == (Activity.Status.SUBMITTED, "Rättad")


def test_a_coordinator_editing_a_submitted_activity_only_saves(client, world):
    activity = ActivityFactory(lab=world.lab, status=Activity.Status.SUBMITTED)
    client.force_login(world.coordinator)
    url = reverse("labs:activity_edit", args=[activity.pk])
    html = page(client.get(url))
    assert '<button type="submit" name="action" value="save" class="button">Spara</button>' in html
    assert "Spara och skicka in" not in html and "Spara som utkast" not in html

    response = client.post(url, {**ACTIVITY_FORM, "title": "Rättad av samordnaren", "version": activity.version,
                                 "action": "save"})
    activity.refresh_from_db()
    assert (activity.status, activity.title) == (Activity.Status.SUBMITTED, "Rättad av samordnaren")
    assert "Ändringarna i ”Rättad av samordnaren” är sparade." in page(client.get(response.url))


def test_asking_to_submit_an_approved_activity_again_saves_nothing(client, world):
    activity = ActivityFactory(lab=world.lab, status=Activity.Status.APPROVED, title="Godkänd")
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:activity_edit", args=[activity.pk]),
                           {**ACTIVITY_FORM, "title": "Ändrad", "version": activity.version, "action": "submit"})
    assert response.status_code == 400
    assert "Bara ett utkast" in page(response) or "can be submitted" in page(response)
    activity.refresh_from_db()
    assert (activity.status, activity.title) == (Activity.Status.APPROVED, "Godkänd")


# --- Length apart from the co-financed working time ---------------------------------------------------------------


def test_the_length_is_typed_in_hours_with_a_decimal_comma_and_stored_in_minutes(client, world):
    client.force_login(world.lead)
    client.post(new_url(world), {**ACTIVITY_FORM, "duration_hours": "2,5",
                                 f"hours_{world.lab.municipality_id}": "7,5"})
    activity = Activity.objects.get()
    assert activity.duration_minutes == 150
    assert str(activity.co_financed_hours) == "7.50"  # the co-financed hours take the decimal comma too
    html = page(client.get(reverse("labs:activity_edit", args=[activity.pk])))
    assert 'value="2,5"' in field_block(html, "duration_hours")
    assert 'inputmode="decimal"' in field_block(html, "duration_hours")
    assert 'value="7,50"' in field_block(html, f"hours_{world.lab.municipality_id}")


@pytest.mark.parametrize(("minutes", "hours"), [(150, "2.5"), (120, "2"), (75, "1.25"), (20, "0.33"), (None, None)])
def test_minutes_are_shown_as_hours_with_no_needless_decimals(minutes, hours):
    assert (str(hours_from_minutes(minutes)) if minutes else None) == hours


@pytest.mark.parametrize(("typed", "message"), [
    ("90", "Mer än 24 timmar"), ("0", "Skriv hur länge aktiviteten pågick i timmar"), ("två", "errorlist"),
])
def test_a_length_that_cannot_be_right_is_refused_next_to_the_field(client, world, typed, message):
    client.force_login(world.lead)
    response = client.post(new_url(world), {**ACTIVITY_FORM, "duration_hours": typed})
    assert response.status_code == 400
    assert message in field_block(page(response), "duration_hours")


def test_the_length_may_be_left_out(db):
    form = ActivityForm({**ACTIVITY_FORM, "duration_hours": ""})
    assert form.is_valid(), form.errors
    assert form.service_kwargs()["duration_minutes"] is None


def test_the_help_texts_tell_the_length_from_the_co_financed_hours(client, world):
    client.force_login(world.lead)
    html = page(client.get(new_url(world)))
    assert "Hur länge aktiviteten pågick" in field_block(html, "duration_hours")
    assert "alla personers tid sammanlagt" in html
    assert "Inte hur länge aktiviteten pågick." in html
    world.lab.municipality = None
    world.lab.kind = "regional"
    world.lab.save()
    html = page(client.get(new_url(world)))  # one field for the total when the lab names no organisation
    assert "Arbetstid som kommunerna bidrar med (alla personers tid sammanlagt)" in field_block(
        html, "co_financed_hours")


# --- The date within the project's period ---------------------------------------------------------------------


def test_a_date_outside_the_projects_period_is_refused_next_to_the_date_and_a_reason_is_asked_for(client, world):
    client.force_login(world.lead)
    response = client.post(new_url(world), {**ACTIVITY_FORM, "date": "2024-11-20"})
    assert response.status_code == 400
    assert not Activity.objects.exists()
    html = page(response)
    assert OUTSIDE in field_block(html, "date")
    assert "Varför hör aktiviteten ändå till projektet?" in field_block(html, "date_outside_reason")


def test_a_reason_lets_a_date_outside_the_period_through(client, world):
    client.force_login(world.lead)
    response = client.post(new_url(world), {**ACTIVITY_FORM, "date": "2024-11-20", "action": "submit",
                                            "date_outside_reason": "Förberedande möte inför projektstart."})
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.status == Activity.Status.SUBMITTED
    assert activity.date_outside_reason == "Förberedande möte inför projektstart."


def test_the_reason_field_is_not_shown_while_the_date_needs_none(client, world):
    client.force_login(world.lead)
    assert 'name="date_outside_reason"' not in page(client.get(new_url(world)))
    response = client.post(new_url(world), {**ACTIVITY_FORM, "participants_total": "1"})  # another error
    assert 'name="date_outside_reason"' not in page(response)


def test_the_service_refuses_a_date_outside_the_period_whatever_the_path(world):
    import datetime as dt

    with pytest.raises(ValidationError) as refused:
        services.activity_create(lab=world.lab, created_by=world.lead, title="X", participants_total=3,
                                 date=dt.date(2027, 2, 1))
    assert list(refused.value.error_dict) == ["date"]
    assert not Activity.objects.exists()
    activity = services.activity_create(lab=world.lab, created_by=world.lead, title="X", participants_total=3,
                                        date=dt.date(2027, 2, 1), date_outside_reason="Slutseminarium efteråt.")
    assert activity.pk
    # An older activity outside the period cannot be submitted without a reason either.
    old = ActivityFactory(lab=world.lab, date=dt.date(2024, 6, 1))
    with pytest.raises(ValidationError):
        services.activity_submit(activity=old)
    old.refresh_from_db()
    assert old.status == Activity.Status.DRAFT


def test_the_first_and_the_last_day_of_the_period_are_inside(world):
    import datetime as dt

    for day in (dt.date(2025, 1, 1), dt.date(2026, 12, 31)):
        services.activity_create(lab=world.lab, created_by=world.lead, title=str(day), participants_total=1, date=day)


# --- Shorter on a phone ------------------------------------------------------------------------------------------


def test_the_optional_parts_are_folded_until_they_hold_something(client, world):
    client.force_login(world.lead)
    html = page(client.get(new_url(world)))
    assert html.count('<details class="form-part">') == 4  # target groups are not offered: the project has none
    assert '<details class="form-part" open>' not in html
    assert 'style="' not in html[html.index("<form method=\"post\" enctype"):]

    response = client.post(new_url(world), {**ACTIVITY_FORM, "lessons": "Kvällstid fungerade.",
                                            "participants_total": "1"})
    html = page(response)
    lessons = html[html.rindex("<details", 0, html.index('name="lessons"')):]
    assert lessons.startswith('<details class="form-part" open>')
    # The participant breakdown with the error is open too; the attachment stays folded.
    attachment = html[html.rindex("<details", 0, html.index('name="attachment"')):]
    assert attachment.startswith('<details class="form-part">')


def test_an_edited_activity_opens_what_it_holds(client, world):
    activity = ActivityFactory(lab=world.lab, lessons="Det gick bra.", participants_public=3)
    client.force_login(world.lead)
    html = page(client.get(reverse("labs:activity_edit", args=[activity.pk])))
    for name, expected in [("lessons", "open"), ("participants_public", "open"), ("attachment", "closed")]:
        part = html[html.rindex("<details", 0, html.index(f'name="{name}"')):]
        assert part.startswith('<details class="form-part" open>') == (expected == "open"), name
