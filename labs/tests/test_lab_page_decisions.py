"""The lab page's own approve and return carry the version of the activity the page showed (as the review inbox
does): a decision taken on what someone has since changed is refused and the activity stays as the other person
left it."""

import pytest
from django.db import transaction
from django.urls import reverse

from grportal.locking import StaleEdit, claim_version
from labs.models import Activity
from labs.services import activity_approve, activity_return
from labs.tests.factories import ActivityFactory


@pytest.fixture
def submitted(world):
    return ActivityFactory(lab=world.lab, created_by=world.lead, status=Activity.Status.SUBMITTED)


def _changed_by_someone_else(activity, **changes):
    """Another person's save (through claim_version, as every form does): the version moves on."""
    with transaction.atomic():
        claim_version(activity)
        for name, value in changes.items():
            setattr(activity, name, value)
        activity.save()
    activity.refresh_from_db()
    return activity


def test_the_lab_page_shows_the_version_in_the_approve_form(client, world, submitted):
    client.force_login(world.coordinator)
    page = client.get(reverse("labs:detail", args=[world.lab.pk])).content.decode()
    assert f'<input type="hidden" name="version" value="{submitted.version}">' in page


def test_an_approve_posted_with_an_old_version_is_refused_and_the_activity_stays(client, world, submitted):
    seen = submitted.version
    _changed_by_someone_else(submitted, title="Ändrad av någon annan")
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:activity_approve", args=[submitted.pk]), {"version": seen}, follow=True)
    submitted.refresh_from_db()
    assert submitted.status == Activity.Status.SUBMITTED
    assert submitted.title == "Ändrad av någon annan"
    page = response.content.decode()
    assert "Aktiviteten har ändrats sedan du öppnade sidan" in page
    assert "Ändrad av någon annan" in page  # the page is shown again as it is now


def test_an_approve_posted_with_the_current_version_goes_through(client, world, submitted):
    _changed_by_someone_else(submitted, title="Ändrad av någon annan")
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:activity_approve", args=[submitted.pk]), {"version": submitted.version})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Activity.Status.APPROVED


def test_a_return_posted_with_an_old_version_shows_the_conflict_and_keeps_the_reason(client, world, submitted):
    client.force_login(world.coordinator)
    form = client.get(reverse("labs:activity_return", args=[submitted.pk])).content.decode()
    assert f'name="version" value="{submitted.version}"' in form
    seen = submitted.version
    _changed_by_someone_else(submitted, title="Ändrad av någon annan")
    response = client.post(reverse("labs:activity_return", args=[submitted.pk]),
                           {"reason": "Rätta datumet.", "version": seen})
    assert response.status_code == 409
    page = response.content.decode()
    assert 'class="conflict"' in page and "Rätta datumet." in page
    submitted.refresh_from_db()
    assert submitted.status == Activity.Status.SUBMITTED
    assert f'name="version" value="{submitted.version}"' in page  # returning again decides on it as it is now
    again = client.post(reverse("labs:activity_return", args=[submitted.pk]),
                        {"reason": "Rätta datumet.", "version": submitted.version})
    assert again.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Activity.Status.RETURNED


@pytest.mark.django_db
def test_the_services_claim_the_version_only_when_given(world, submitted):
    seen = submitted.version
    _changed_by_someone_else(submitted, title="Ändrad")
    with pytest.raises(StaleEdit):
        activity_approve(activity=submitted, expected_version=seen)
    with pytest.raises(StaleEdit):
        activity_return(activity=submitted, reason="Rätta.", expected_version=seen)
    submitted.refresh_from_db()
    assert submitted.status == Activity.Status.SUBMITTED
    approved = activity_approve(activity=submitted, expected_version=submitted.version)
    assert approved.status == Activity.Status.APPROVED and approved.version == seen + 2
