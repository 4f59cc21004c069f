"""Organisers edit the seminar and its programme (add, edit, reorder, remove); the public page shows it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from grportal.locking import StaleEdit
from seminars.models import ProgrammeItem, Seminar
from seminars.services import programme_item_save
from seminars.tests.factories import ProgrammeItemFactory, SeminarFactory
from seminars.tests.utils import sv

pytestmark = pytest.mark.django_db


@pytest.fixture
def seminar(world):
    start = timezone.now() + dt.timedelta(days=30)
    return SeminarFactory(project=world.project, starts_at=start, ends_at=start + dt.timedelta(hours=3))


def titles(seminar):
    return list(seminar.programme.values_list("title", flat=True))


def test_an_organiser_adds_items_at_the_end_of_the_programme(client, world, seminar):
    client.force_login(world.coordinator)
    url = reverse("seminars:programme", args=[seminar.pk])
    for time, title in [("09:00", "Välkommen"), ("09:15", "Tillit som planeringsfråga")]:
        response = client.post(url, {"starts_at": time, "ends_at": "", "title": title, "speaker": "Doris Forskare",
                                     "speaker_title": "Forskare", "speaker_organisation": "RISE"})
        assert response.status_code == 302
    assert titles(seminar) == ["Välkommen", "Tillit som planeringsfråga"]
    assert list(seminar.programme.values_list("position", flat=True)) == [1, 2]


def test_an_item_that_ends_before_it_starts_is_refused_with_a_message_and_nothing_is_saved(client, world, seminar):
    client.force_login(world.coordinator)
    response = client.post(reverse("seminars:programme", args=[seminar.pk]),
                           {"starts_at": "10:00", "ends_at": "09:00", "title": "Baklänges"})
    assert response.status_code == 400
    assert sv("The item cannot end before it starts.") in response.content.decode()
    assert 'value="Baklänges"' in response.content.decode()  # what was typed is kept
    assert not seminar.programme.exists()


def test_move_up_and_down_reorders_the_programme_and_the_public_page_follows(client, world, seminar):
    first, second, third = (ProgrammeItemFactory(seminar=seminar, title=t, position=p)
                            for p, t in enumerate(["A", "B", "C"], start=1))
    client.force_login(world.coordinator)
    client.post(reverse("seminars:programme_item_move", args=[seminar.pk, third.pk]), {"direction": "up"})
    assert titles(seminar) == ["A", "C", "B"]
    client.post(reverse("seminars:programme_item_move", args=[seminar.pk, first.pk]), {"direction": "down"})
    assert titles(seminar) == ["C", "A", "B"]
    # Moving the first item up changes nothing.
    client.post(reverse("seminars:programme_item_move", args=[seminar.pk, third.pk]), {"direction": "up"})
    assert titles(seminar) == ["C", "A", "B"]
    client.logout()
    html = client.get(reverse("seminars:public", args=[seminar.pk])).content.decode()
    assert html.index(">C<") < html.index(">A<") < html.index(">B<")


def test_items_with_equal_positions_can_still_be_moved(seminar):
    from seminars.services import programme_item_move

    a = ProgrammeItemFactory(seminar=seminar, title="A", position=0)
    b = ProgrammeItemFactory(seminar=seminar, title="B", position=0)
    programme_item_move(item=b, up=True)
    assert titles(seminar) == ["B", "A"]
    assert ProgrammeItem.objects.get(pk=a.pk).position == 2


def test_the_public_page_shows_times_and_speakers_name_title_and_organisation(client, seminar):
    ProgrammeItemFactory(seminar=seminar, title="Tillit", starts_at=dt.time(9, 15), ends_at=dt.time(10, 0),
                         speaker="Doris Forskare", speaker_title="Forskare", speaker_organisation="RISE")
    html = client.get(reverse("seminars:public", args=[seminar.pk])).content.decode()
    assert "9.15–10.00" in html and "Tillit" in html and "Doris Forskare, Forskare, RISE" in html


def test_an_organiser_edits_and_removes_an_item(client, world, seminar):
    item = ProgrammeItemFactory(seminar=seminar, title="Gammal titel")
    client.force_login(world.coordinator)
    url = reverse("seminars:programme_item", args=[seminar.pk, item.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"starts_at": "09:30", "title": "Ny titel", "speaker": "", "version": item.version})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.starts_at, item.version) == ("Ny titel", dt.time(9, 30), 2)
    client.post(reverse("seminars:programme_item_delete", args=[seminar.pk, item.pk]))
    assert not seminar.programme.exists()


def test_two_organisers_editing_the_same_item_do_not_overwrite_each_other(client, world, seminar):
    item = ProgrammeItemFactory(seminar=seminar, title="Start")
    opened_version = item.version
    item.title = "Saved by someone else"
    programme_item_save(item=item, expected_version=opened_version)
    client.force_login(world.coordinator)
    url = reverse("seminars:programme_item", args=[seminar.pk, item.pk])
    response = client.post(url, {"starts_at": "09:00", "title": "Mine", "version": opened_version})
    assert response.status_code == 409
    assert sv("Someone else saved this while you were editing, so your changes are not saved yet.") \
        in response.content.decode()
    assert 'value="Mine"' in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Saved by someone else"
    # Saving again from the refreshed form (which now carries the current version) keeps the person's text.
    response = client.post(url, {"starts_at": "09:00", "title": "Mine", "version": item.version})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Mine"


def test_a_stale_seminar_form_is_refused_and_keeps_what_was_typed(client, world, seminar):
    from seminars.services import seminar_save

    opened_version = seminar.version
    seminar.title = "Saved by someone else"
    seminar_save(seminar=seminar, expected_version=opened_version)
    client.force_login(world.coordinator)
    data = {"title": "Mitt förslag", "starts_at": "2027-03-11T09:00", "ends_at": "2027-03-11T12:00",
            "place": "GR", "capacity": "60", "project": world.project.pk, "version": opened_version}
    response = client.post(reverse("seminars:edit", args=[seminar.pk]), data)
    assert response.status_code == 409
    assert "Mitt förslag" in response.content.decode()
    assert Seminar.objects.get(pk=seminar.pk).title == "Saved by someone else"


def test_the_service_raises_on_a_lost_update(seminar):
    item = ProgrammeItemFactory(seminar=seminar)
    programme_item_save(item=item, expected_version=1)
    with pytest.raises(StaleEdit):
        programme_item_save(item=item, expected_version=1)


def test_an_item_of_another_seminar_is_not_found(client, world, seminar):
    other = ProgrammeItemFactory(seminar=SeminarFactory(project=world.project))
    client.force_login(world.coordinator)
    assert client.get(reverse("seminars:programme_item", args=[seminar.pk, other.pk])).status_code == 404
    assert client.post(reverse("seminars:programme_item_delete", args=[seminar.pk, other.pk])).status_code == 404
    assert ProgrammeItem.objects.filter(pk=other.pk).exists()


def test_the_public_page_shows_the_accessibility_information(client, seminar):
    Seminar.objects.filter(pk=seminar.pk).update(step_free_access=True, hearing_loop=False,
                                                  interpretation="Teckenspråkstolk", accessibility="Hållplats Svingeln")
    html = client.get(reverse("seminars:public", args=[seminar.pk])).content.decode()
    assert sv("Yes: the entrance, the room and a toilet can be reached without steps.") in html
    assert "Teckenspråkstolk" in html and "Hållplats Svingeln" in html
    assert sv("Hearing loop") in html and sv("No.") in html
