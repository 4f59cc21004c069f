import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from grportal.exports import neutralise
from seminars.models import Registration
from seminars.retention import retention_run
from seminars.selectors import gender_balanced, seminar_counts
from seminars.services import registration_cancel, registration_create
from seminars.tests.factories import SeminarFactory

Status = Registration.Status


def future_seminar(**kwargs):
    start = timezone.now() + dt.timedelta(days=30)
    return SeminarFactory(starts_at=start, ends_at=start + dt.timedelta(hours=3), **kwargs)


def register(seminar, n, **kwargs):
    return registration_create(seminar_id=seminar.pk, name=f"Person {n}", email=f"p{n}@example.se",
                               sector="public", **kwargs)


@pytest.mark.django_db(transaction=True)
def test_a_full_seminar_puts_the_next_person_on_the_waiting_list_and_promotes_them_with_an_email():
    seminar = future_seminar(capacity=1)
    first, second = register(seminar, 1), register(seminar, 2)
    assert (first.status, second.status) == (Status.REGISTERED, Status.WAITING)
    assert len(mail.outbox) == 2 and mail.outbox[0].attachments[0][2] == "text/calendar"
    registration_cancel(registration_id=first.pk)
    second.refresh_from_db()
    assert second.status == Status.REGISTERED
    assert mail.outbox[-1].to == ["p2@example.se"]


@pytest.mark.django_db
def test_registering_twice_with_the_same_address_takes_one_seat():
    seminar = future_seminar(capacity=5)
    register(seminar, 1)
    register(seminar, 1)
    assert seminar.registrations.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_twenty_simultaneous_registrations_for_ten_seats_give_ten_seats_and_ten_waiting():
    seminar = future_seminar(capacity=10)
    barrier = threading.Barrier(20)
    errors = []

    def worker(n):
        try:
            barrier.wait()
            register(seminar, n)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert seminar.registrations.filter(status=Status.REGISTERED).count() == 10
    assert seminar.registrations.filter(status=Status.WAITING).count() == 10


@pytest.mark.django_db
@override_settings(GRPORTAL_RETENTION_REGISTRATIONS_DAYS=30)
def test_after_the_retention_time_the_personal_fields_are_gone_and_the_counts_remain():
    seminar = future_seminar(capacity=5, food_served=True)
    for n, gender in enumerate(["woman", "woman", "man"]):
        r = register(seminar, n, gender=gender, organisation="Ale kommun", dietary_needs="Vegan",
                     accessibility_needs="Hörslinga")
        r.attended_at = timezone.now()
        r.save()
    before = seminar_counts(seminar)

    retention_run(now=seminar.ends_at + dt.timedelta(hours=1))
    assert set(seminar.registrations.values_list("dietary_needs", "accessibility_needs")) == {("", "")}
    assert seminar.registrations.exclude(name="").count() == 3  # names stay until the retention time

    retention_run(now=seminar.ends_at + dt.timedelta(days=31))
    assert set(seminar.registrations.values_list("name", "email")) == {("", "")}
    after = seminar_counts(seminar)
    assert (after.registered, after.attended, after.by_gender, after.by_organisation) == \
        (before.registered, before.attended, before.by_gender, before.by_organisation)
    assert after.balanced_attended is False  # 2 women, 1 man: men are 33 %


def test_the_gender_balance_verdict_follows_the_40_60_rule():
    assert gender_balanced(4, 6) is True
    assert gender_balanced(3, 7) is False
    assert gender_balanced(0, 0) is None


def test_export_cells_that_look_like_formulas_are_neutralised():
    assert [neutralise(v) for v in ["=1+1", "+46", "-x", "@a", "Ale"]] == ["'=1+1", "'+46", "'-x", "'@a", "Ale"]


FORM = {"name": "Ada Andersson", "email": "ada@example.se", "organisation": "Ale kommun", "sector": "public",
        "accessibility_needs": "", "gender": "", "website": ""}


@pytest.mark.django_db
def test_a_visitor_registers_without_logging_in_and_cancels_through_the_emailed_link(
        client, django_capture_on_commit_callbacks):
    seminar = future_seminar(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("seminars:public", args=[seminar.pk]), FORM)
    assert response.status_code == 302
    registration = seminar.registrations.get()
    assert registration.consents_to_invitations is False
    body = mail.outbox[0].body
    cancel_path = body[body.index("/seminarier/avboka/"):].split()[0]
    assert client.get(cancel_path).status_code == 200
    client.post(cancel_path)
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


@pytest.mark.django_db
def test_a_forged_cancel_link_is_not_found(client):
    assert client.get(reverse("seminars:cancel", args=["1:forged"])).status_code == 404


@pytest.mark.django_db
def test_the_honeypot_stores_nothing_but_looks_like_success(client):
    seminar = future_seminar()
    response = client.post(reverse("seminars:public", args=[seminar.pk]), {**FORM, "website": "spam"})
    assert response.status_code == 302 and not seminar.registrations.exists()


@pytest.mark.django_db
@override_settings(SEMINARS_REGISTRATION_RATE_LIMIT=2)
def test_too_many_posts_from_one_address_are_refused(client):
    from django.core.cache import cache

    cache.clear()
    seminar = future_seminar()
    url = reverse("seminars:public", args=[seminar.pk])
    for n in range(2):
        client.post(url, {**FORM, "email": f"a{n}@example.se"})
    assert client.post(url, {**FORM, "email": "c@example.se"}).status_code == 429
    assert seminar.registrations.count() == 2
    cache.clear()


@pytest.mark.django_db
def test_dietary_needs_are_asked_only_when_food_is_served(client):
    without = future_seminar(food_served=False)
    with_food = future_seminar(food_served=True)
    assert 'name="dietary_needs"' not in client.get(reverse("seminars:public", args=[without.pk])).content.decode()
    assert 'name="dietary_needs"' in client.get(reverse("seminars:public", args=[with_food.pk])).content.decode()


@pytest.mark.django_db
def test_the_calendar_file_is_an_icalendar_event(client):
    seminar = future_seminar()
    response = client.get(reverse("seminars:ics", args=[seminar.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    from icalendar import Calendar

    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert seminar.title in str(event["SUMMARY"])
    assert event.decoded("DTSTART") == seminar.starts_at.replace(microsecond=0)


text = st.text(max_size=300)
# Valid values mixed with random ones, so that the fuzzing also reaches the path that stores a registration.
emails = st.one_of(st.emails().filter(lambda e: len(e) <= 254), text)
sectors = st.one_of(st.sampled_from(["public", "civil", "private", "academia", "other"]), text)
genders = st.one_of(st.sampled_from(["", "woman", "man", "other"]), text)
boxes = st.sampled_from(["", "on", "true", "false", "0", "x" * 10])


@pytest.mark.django_db
@override_settings(SEMINARS_REGISTRATION_RATE_LIMIT=10_000)
@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=text, email=emails, sector=sectors, gender=genders, organisation=text, dietary=text,
       accessibility=text, consent=boxes, website=st.one_of(st.just(""), text))
@example(name="Ada Andersson", email="ada@example.se", sector="public", gender="woman", organisation="Ale kommun",
         dietary="Vegan", accessibility="", consent="", website="")
@example(name="Ada", email="ada@example.se", sector="public", gender="", organisation="", dietary="", accessibility="",
         consent="on", website="http://spam.example")
def test_the_fuzzed_public_form_never_fails_and_stores_nothing_when_invalid(
        client, django_capture_on_commit_callbacks, name, email, sector, gender, organisation, dietary,
        accessibility, consent, website):
    seminar = future_seminar(food_served=True)
    data = {"name": name, "email": email, "sector": sector, "gender": gender, "organisation": organisation,
            "dietary_needs": dietary, "accessibility_needs": accessibility, "consents_to_invitations": consent,
            "website": website}
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):  # the confirmation email is built and sent too
        response = client.post(reverse("seminars:public", args=[seminar.pk]), data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert not seminar.registrations.exists() and len(mail.outbox) == sent
        assert 'class="error-summary"' in response.content.decode()  # the visitor is told what to fix
    elif website.strip():
        assert not seminar.registrations.exists()  # the honeypot: looks like success, stores nothing
    else:
        stored = seminar.registrations.get()
        assert (stored.name, stored.email.lower(), stored.sector, stored.gender) == \
            (name.strip(), email.strip().lower(), sector, gender)
        assert stored.consents_to_invitations is (consent in ("on", "true", "x" * 10))
        assert stored.dietary_needs == dietary.strip()
        assert mail.outbox[sent:][0].to == [stored.email]


@pytest.mark.django_db
def test_after_the_seminar_has_started_the_cancel_link_changes_nothing(client):
    from seminars.tokens import CANCEL_SALT, make_token

    seminar = future_seminar(capacity=5)
    registration = register(seminar, 1)
    registration.attended_at = timezone.now()
    registration.save()
    seminar.starts_at = timezone.now() - dt.timedelta(hours=1)
    seminar.save()
    url = reverse("seminars:cancel", args=[make_token(registration, CANCEL_SALT)])
    assert client.post(url).status_code == 200
    registration.refresh_from_db()
    assert registration.status == Status.REGISTERED  # the report counts keep them
    assert seminar_counts(seminar).attended == 1


@pytest.mark.django_db
# The proxy settings as DJANGO_BEHIND_PROXY=1 sets them (grportal/tests/test_client_ip.py).
@override_settings(SEMINARS_REGISTRATION_RATE_LIMIT=1, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
                   ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_limit_counts_each_visitor_not_the_proxy(client):
    seminar = future_seminar()
    url = reverse("seminars:public", args=[seminar.pk])
    # A client cannot dodge the limit by sending its own X-Forwarded-For: the proxy's last entry counts.
    assert client.post(url, {**FORM, "email": "a@example.se"}, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7") \
        .status_code == 302
    assert client.post(url, {**FORM, "email": "b@example.se"}, HTTP_X_FORWARDED_FOR="5.6.7.8, 198.51.100.7") \
        .status_code == 429
    assert client.post(url, {**FORM, "email": "c@example.se"}, HTTP_X_FORWARDED_FOR="203.0.113.9") \
        .status_code == 302


# --- Gaps closed in the audit of issue 6 ------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_only_a_seat_comes_with_a_calendar_file_and_every_email_links_to_cancel():
    from icalendar import Calendar

    seminar = future_seminar(capacity=1)
    first = register(seminar, 1)
    register(seminar, 2)
    seat, waiting = mail.outbox
    assert seat.to == ["p1@example.se"] and waiting.to == ["p2@example.se"]
    assert [a[0] for a in seat.attachments] == ["seminarium.ics"]
    event = Calendar.from_ical(seat.attachments[0][1]).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == seminar.starts_at.replace(microsecond=0)
    assert waiting.attachments == []  # a place on the waiting list is not a seat: nothing for the calendar yet
    registration_cancel(registration_id=first.pk)
    promoted = mail.outbox[-1]
    assert promoted.to == ["p2@example.se"] and [a[2] for a in promoted.attachments] == ["text/calendar"]
    for message in (seat, waiting, promoted):
        assert "/seminarier/avboka/" in message.body
    from django.utils import translation

    with translation.override("sv"):  # the emails are in the portal's language
        give_up_seat = translation.gettext("Cannot come? Cancel here, so that someone on the waiting list gets your "
                                           "seat:")
        leave_list = translation.gettext("No longer interested? Leave the waiting list here:")
    assert give_up_seat in seat.body and leave_list not in seat.body
    assert leave_list in waiting.body and give_up_seat not in waiting.body


@pytest.mark.django_db
def test_after_the_deadline_the_service_itself_stores_nothing():
    from django.core.exceptions import ValidationError

    seminar = future_seminar(registration_deadline=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError):
        register(seminar, 1)
    assert not seminar.registrations.exists() and mail.outbox == []


@pytest.mark.django_db
def test_a_form_that_passes_just_before_the_deadline_gets_a_message_not_an_error_page(client, monkeypatch):
    from django.core.exceptions import ValidationError

    from seminars import views

    def closed(**kwargs):  # the deadline passes between the form's check and the locked write
        raise ValidationError("Registration for this seminar is closed.", code="closed")

    monkeypatch.setattr(views, "registration_create", closed)
    seminar = future_seminar()
    response = client.post(reverse("seminars:public", args=[seminar.pk]), FORM)
    assert response.status_code == 400 and not seminar.registrations.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@override_settings(SEMINARS_REGISTRATION_RATE_LIMIT=10_000)
def test_twenty_simultaneous_requests_to_the_public_form_for_ten_seats_give_ten_seats_and_ten_waiting():
    """The same as above through the whole stack: 20 visitors post the public form at the same moment, each
    request in its own thread with its own database connection."""
    from django.test import Client

    seminar = future_seminar(capacity=10)
    url = reverse("seminars:public", args=[seminar.pk])
    barrier = threading.Barrier(20)
    statuses, errors = [], []

    def visitor(n):
        try:
            client = Client()
            barrier.wait()
            statuses.append(client.post(url, {**FORM, "email": f"besokare{n}@example.se"}).status_code)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and statuses == [302] * 20
    assert seminar.registrations.filter(status=Status.REGISTERED).count() == 10
    assert seminar.registrations.filter(status=Status.WAITING).count() == 10
    # Each visitor got one email: ten with the calendar file (a seat), ten without (the waiting list).
    assert len({m.to[0] for m in mail.outbox}) == len(mail.outbox) == 20
    assert sum(1 for m in mail.outbox if m.attachments) == 10


def test_the_nightly_retention_task_is_in_the_beat_schedule():
    from celery.schedules import crontab

    from grportal.celery import app

    app.finalize()
    entries = {e["task"]: e["schedule"] for e in app.conf.beat_schedule.values()}
    assert isinstance(entries["seminars.tasks.erase_expired_personal_data"], crontab)
    assert "seminars.tasks.erase_expired_personal_data" in app.tasks


@pytest.mark.django_db
@override_settings(GRPORTAL_RETENTION_REGISTRATIONS_DAYS=730)
def test_the_retention_task_anonymises_only_what_is_past_its_time_and_the_counts_remain():
    from seminars.tasks import erase_expired_personal_data

    old_start = timezone.now() - dt.timedelta(days=800)
    old = SeminarFactory(starts_at=old_start, ends_at=old_start + dt.timedelta(hours=3), food_served=True)
    recent_start = timezone.now() - dt.timedelta(days=10)
    recent = SeminarFactory(starts_at=recent_start, ends_at=recent_start + dt.timedelta(hours=3), food_served=True)
    from seminars.tests.factories import RegistrationFactory

    for seminar in (old, recent):
        RegistrationFactory(seminar=seminar, gender="woman", dietary_needs="Vegan", accessibility_needs="Tolk",
                            consents_to_invitations=True, attended_at=seminar.starts_at)
        RegistrationFactory(seminar=seminar, gender="man", organisation="Chalmers", sector="academia")
    before = seminar_counts(old)

    result = erase_expired_personal_data.apply().get()
    assert result["anonymised"] == 2 and result["needs"] == 2
    assert set(old.registrations.values_list("name", "email", "consents_to_invitations", "dietary_needs",
                                             "accessibility_needs")) == {("", "", False, "", "")}
    assert recent.registrations.exclude(name="").count() == 2  # within the retention time: names stay
    assert set(recent.registrations.values_list("dietary_needs", "accessibility_needs")) == {("", "")}
    after = seminar_counts(old)
    assert [(b.label, b.registered, b.attended) for b in after.by_gender + after.by_sector + after.by_organisation] \
        == [(b.label, b.registered, b.attended) for b in before.by_gender + before.by_sector + before.by_organisation]
    assert erase_expired_personal_data.apply().get()["anonymised"] == 0  # idempotent


@pytest.mark.django_db
def test_the_calendar_file_is_stamped_now_and_its_sequence_follows_the_seminars_version(client, settings):
    from icalendar import Calendar

    settings.SITE_URL = "https://portal.goteborgsregionen.se"
    seminar = future_seminar()
    Seminar = type(seminar)
    Seminar.objects.filter(pk=seminar.pk).update(version=3)
    event = Calendar.from_ical(client.get(reverse("seminars:ics", args=[seminar.pk])).content).walk("VEVENT")[0]
    assert abs(event.decoded("DTSTAMP") - timezone.now()) < dt.timedelta(minutes=1)
    assert event["SEQUENCE"] == 3
    assert str(event["UID"]) == f"seminar-{seminar.pk}@portal.goteborgsregionen.se"
    assert str(event["URL"]).endswith(f"/seminarier/{seminar.pk}/")


@pytest.mark.django_db
def test_registering_an_address_that_is_already_registered_looks_the_same_and_tells_only_its_owner(
        client, django_capture_on_commit_callbacks):
    seminar = future_seminar(capacity=1)
    url = reverse("seminars:public", args=[seminar.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {**FORM, "email": "ada@example.se"})
        again = client.post(url, {**FORM, "name": "Someone Else", "email": "ADA@example.se"})
        new = client.post(url, {**FORM, "email": "bo@example.se"})  # full: the waiting list
    assert first.status_code == again.status_code == new.status_code == 302
    assert first.url == again.url == new.url  # the same page whether the address was known, seated or waiting
    assert seminar.registrations.get(email="ada@example.se").name == "Ada Andersson"  # not overwritten
    assert [m.to for m in mail.outbox] == [["ada@example.se"], ["ada@example.se"], ["bo@example.se"]]
    html = client.get(reverse("seminars:thanks", args=[seminar.pk])).content.decode() + \
        client.get(url).content.decode()
    assert "ada@example.se" not in html and "Ada Andersson" not in html
