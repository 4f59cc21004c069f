"""After the seminar: a signed link to a short feedback form for those who attended; answers kept without names."""

import datetime as dt
import time

import pytest
from django.core import mail, signing
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from grportal.testing.tasks import run_in_process
from seminars.models import Feedback, Registration
from seminars.retention import retention_run
from seminars.selectors import feedback_summary
from seminars.services import feedback_give, feedback_request
from seminars.tests.factories import RegistrationFactory, SeminarFactory
from seminars.tests.utils import sv
from seminars.tokens import FEEDBACK_SALT, make_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_in_process(monkeypatch):
    """The queued email task runs here, in-process, instead of going to a broker with no worker in these tests."""
    from seminars.tasks import send_feedback_requests

    run_in_process(monkeypatch, send_feedback_requests)


@pytest.fixture
def past(world):
    start = timezone.now() - dt.timedelta(days=2)
    return SeminarFactory(project=world.project, starts_at=start, ends_at=start + dt.timedelta(hours=3))


def attendee(seminar, **kwargs):
    return RegistrationFactory(seminar=seminar, attended_at=seminar.starts_at, **kwargs)


def link_in(message) -> str:
    return message.body[message.body.index("/seminarier/aterkoppling/"):].split()[0]


def test_the_organiser_sends_the_form_once_and_only_those_who_attended_get_it(
        client, world, past, django_capture_on_commit_callbacks):
    came = attendee(past, email="came@example.se")
    RegistrationFactory(seminar=past, email="absent@example.se")
    RegistrationFactory(seminar=past, email="cancelled@example.se", attended_at=past.starts_at,
                        status=Registration.Status.CANCELLED)
    client.force_login(world.coordinator)
    url = reverse("seminars:feedback_overview", args=[past.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert [m.to for m in mail.outbox] == [[came.email]]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert len(mail.outbox) == 1  # not sent twice
    past.refresh_from_db()
    assert past.feedback_requested_at is not None


def test_nothing_is_sent_before_the_seminar_is_over(world):
    start = timezone.now() + dt.timedelta(days=2)
    coming = SeminarFactory(project=world.project, starts_at=start, ends_at=start + dt.timedelta(hours=3))
    attendee(coming)
    assert feedback_request(seminar=coming) == 0
    coming.refresh_from_db()
    assert coming.feedback_requested_at is None


def test_an_attendee_answers_through_the_link_and_the_answer_is_not_linked_to_them(
        client, past, django_capture_on_commit_callbacks):
    registration = attendee(past, name="Ada Andersson")
    with django_capture_on_commit_callbacks(execute=True):
        feedback_request(seminar=past)
    url = link_in(mail.outbox[0])
    page = client.get(url)
    assert page.status_code == 200 and 'name="rating"' in page.content.decode()
    response = client.post(url, {"rating": "4", "comment": "Mer tid för frågor."})
    assert response.status_code == 200
    assert sv("Thank you! Your answers help us plan the next seminar.") in response.content.decode()
    feedback = Feedback.objects.get()
    assert (feedback.seminar_id, feedback.rating, feedback.comment) == (past.pk, 4, "Mer tid för frågor.")
    assert {f.name for f in Feedback._meta.get_fields()}.isdisjoint({"registration", "name", "email"})
    registration.refresh_from_db()
    assert registration.feedback_given is True
    # The same link cannot add a second answer.
    again = client.post(url, {"rating": "1"})
    assert sv("You have already answered. Thank you!") in again.content.decode()
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize("data", [{}, {"rating": "6"}, {"rating": "x"}, {"rating": "3", "comment": "a" * 2001},
                                  {"rating": "3", "comment": "nul\x00"}])
def test_an_invalid_answer_stores_nothing_and_says_why(client, past, data):
    registration = attendee(past)
    response = client.post(reverse("seminars:feedback", args=[make_token(registration, FEEDBACK_SALT)]), data)
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_forged_or_wrong_purpose_link_is_not_found(client, past):
    from seminars.tokens import CANCEL_SALT

    registration = attendee(past)
    assert client.get(reverse("seminars:feedback", args=["1:forged"])).status_code == 404
    assert client.get(reverse("seminars:feedback", args=[make_token(registration, CANCEL_SALT)])).status_code == 404


def test_someone_who_did_not_attend_cannot_answer(client, past):
    registration = RegistrationFactory(seminar=past)
    assert client.get(reverse("seminars:feedback", args=[make_token(registration, FEEDBACK_SALT)])).status_code == 404


def test_the_link_expires_after_sixty_days(client, past, monkeypatch):
    registration = attendee(past)
    token = make_token(registration, FEEDBACK_SALT)
    real = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real() + 61 * 24 * 3600)
    assert client.get(reverse("seminars:feedback", args=[token])).status_code == 404


def test_the_summary_counts_ratings_and_averages_them(past):
    for rating, comment in [(5, "Bra"), (4, ""), (4, "Mer fika"), (1, "")]:
        feedback_give(registration_id=attendee(past).pk, rating=rating, comment=comment)
    summary = feedback_summary(past)
    assert summary.answers == 4
    assert str(summary.average) == "3.5"  # (5 + 4 + 4 + 1) / 4
    assert summary.by_rating == [(5, 1), (4, 2), (3, 0), (2, 0), (1, 1)]
    assert summary.comments == ["Bra", "Mer fika"]


@override_settings(GRPORTAL_RETENTION_FEEDBACK_DAYS=30)
def test_comments_are_erased_after_the_feedback_retention_time_and_the_ratings_remain(past):
    feedback_give(registration_id=attendee(past).pk, rating=5, comment="Namn Namnsson var bäst")
    retention_run(now=past.ends_at + dt.timedelta(days=29))
    assert Feedback.objects.get().comment == "Namn Namnsson var bäst"
    retention_run(now=past.ends_at + dt.timedelta(days=31))
    feedback = Feedback.objects.get()
    assert (feedback.comment, feedback.rating) == ("", 5)
    assert feedback_summary(past).average is not None


def test_the_organisers_overview_shows_answers_without_names(client, world, past):
    feedback_give(registration_id=attendee(past, name="Ada Andersson").pk, rating=5, comment="Lärorikt")
    client.force_login(world.coordinator)
    html = client.get(reverse("seminars:feedback_overview", args=[past.pk])).content.decode()
    assert "Lärorikt" in html and "Ada Andersson" not in html


@hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rating=st.text(max_size=5), comment=st.text(max_size=2100))
def test_the_fuzzed_feedback_form_never_fails_and_stores_only_valid_answers(client, past, rating, comment):
    registration = attendee(past)
    response = client.post(reverse("seminars:feedback", args=[make_token(registration, FEEDBACK_SALT)]),
                           {"rating": rating, "comment": comment})
    assert response.status_code in (200, 400)
    stored = Feedback.objects.filter(seminar=past).count()
    assert stored == (1 if response.status_code == 200 else 0)
    Feedback.objects.filter(seminar=past).delete()
