"""Nothing typed is lost when the session has expired: the activity form posted after the login ran out is kept
(grportal.form_restore) and, after logging in again, the form is back as it was left, unsaved.

The whole flow runs with the CSRF check on (Client(enforce_csrf_checks=True)), through the real login form, with
the clock moved past the idle timeout by time-machine."""

import datetime as dt
import re
import zoneinfo
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from grportal import form_restore
from grportal.testing.html import field_block
from labs.models import Activity
from labs.tests.factories import ACTIVITY_FORM, ActivityFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"  # accounts.tests.factories.UserFactory
LOGIN_AT = dt.datetime(2026, 3, 2, 8, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))
TYPED = {**ACTIVITY_FORM, "title": "Dialog på biblioteket", "participants_total": "17", "participants_women": "9",
         "lessons": "Kvällstid fungerade bäst.", "lesson_themes": ["courage", "time"], "duration_hours": "2,5",
         "action": "submit"}
RESTORED = "Vi har återställt det du skrev innan du loggades ut. Kontrollera och spara."


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def log_in(client, user, next_url=None):
    """Through the login form, as a person does (with its CSRF token); returns the response after the redirect."""
    login = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    page = client.get(login)
    data = {"login": user.email, "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(page.content.decode())}
    if next_url:
        data["next"] = next_url
    response = client.post(login, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


@pytest.fixture
def traveller():
    """The clock, stopped on a Monday morning (the cache's 24 hours run on it as well)."""
    with time_machine.travel(LOGIN_AT, tick=False) as traveller:
        yield traveller


def post_after_the_session_ran_out(client, user, url, data, traveller):
    """Log in, open the form, stay away past the idle timeout, post: the response to that post."""
    log_in(client, user)
    token = csrf_token(client.get(url).content.decode())
    traveller.shift(dt.timedelta(hours=2, minutes=5))
    response = client.post(url, {**data, "csrfmiddlewaretoken": token})
    traveller.shift(dt.timedelta(minutes=3))  # finding the password
    return response


def test_the_form_posted_after_the_session_expired_is_back_after_logging_in_again(world, traveller):
    client = Client(enforce_csrf_checks=True)
    url = reverse("labs:activity_new", args=[world.lab.pk])

    response = post_after_the_session_ran_out(client, world.lead, url, TYPED, traveller)

    assert response.status_code == 302
    assert not Activity.objects.exists()  # nothing is saved while logged out
    login_url = urlsplit(response.url)
    assert login_url.path == reverse("account_login")
    next_url = parse_qs(login_url.query)["next"][0]
    assert next_url.startswith(url + "?restore=")
    login_page = client.get(response.url).content.decode()
    assert "Du loggades ut efter 120 minuter utan aktivitet." in login_page
    assert "Det du skrev är sparat: logga in igen" in login_page

    back = log_in(client, world.lead, next_url)
    assert back.url == next_url
    form = client.get(back.url)
    html = form.content.decode()
    assert form.status_code == 200
    assert RESTORED in unescape(html)
    assert 'value="Dialog på biblioteket"' in field_block(html, "title")
    assert 'value="17"' in field_block(html, "participants_total")
    assert 'value="9"' in field_block(html, "participants_women")
    assert 'value="2,5"' in field_block(html, "duration_hours")
    assert "Kvällstid fungerade bäst.</textarea>" in field_block(html, "lessons")
    assert re.search(r'value="courage"[^>]*checked', html) and re.search(r'value="time"[^>]*checked', html)
    assert 'value="2025-05-20"' in field_block(html, "date")
    assert "errorlist" not in html  # unbound: shown as typed, not judged
    assert not Activity.objects.exists()  # and still nothing saved until they press save

    # Saving the restored form works like any other (a fresh CSRF token: the login rotated it).
    saved = client.post(url, {**TYPED, "csrfmiddlewaretoken": csrf_token(html)})
    assert saved.status_code == 302
    assert Activity.objects.get().status == Activity.Status.SUBMITTED

    # Used once: the same link prefills nothing now.
    again = client.get(back.url).content.decode()
    assert 'value="Dialog på biblioteket"' not in again
    assert "gick inte att återställa" in unescape(again)


def test_an_edit_posted_after_the_session_expired_comes_back_with_the_version_it_was_based_on(world, traveller):
    activity = ActivityFactory(lab=world.lab, title="Uppstart", created_by=world.lead)
    client = Client(enforce_csrf_checks=True)
    url = reverse("labs:activity_edit", args=[activity.pk])
    data = {**ACTIVITY_FORM, "title": "Uppstart med boende", "version": str(activity.version), "action": "draft"}

    response = post_after_the_session_ran_out(client, world.lead, url, data, traveller)

    next_url = parse_qs(urlsplit(response.url).query)["next"][0]
    html = client.get(log_in(client, world.lead, next_url).url).content.decode()
    assert 'value="Uppstart med boende"' in field_block(html, "title")
    assert f'name="version" value="{activity.version}"' in html
    activity.refresh_from_db()
    assert activity.title == "Uppstart"


def test_a_post_refused_by_the_csrf_check_is_not_kept(world):
    client = Client(enforce_csrf_checks=True)
    url = reverse("labs:activity_new", args=[world.lab.pk])
    response = client.post(url, TYPED)  # no token, no cookie: a cross-site post
    assert response.status_code == 403
    assert form_restore.COOKIE not in response.cookies


def test_files_are_not_kept_and_the_person_is_told_to_choose_them_again(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from labs.tests.factories import PNG

    client = Client()
    url = reverse("labs:activity_new", args=[world.lab.pk])
    response = client.post(url, {**TYPED, "attachment": SimpleUploadedFile("foto.png", PNG, "image/png")})
    next_url = parse_qs(urlsplit(response.url).query)["next"][0]
    token = parse_qs(urlsplit(next_url).query)["restore"][0]
    entry = cache.get(form_restore.CACHE_PREFIX + token)
    assert "attachment" not in entry["data"] and "csrfmiddlewaretoken" not in entry["data"]
    assert entry["had_files"] is True
    assert set(entry) == {"path", "data", "had_files"}  # what was typed and where: nothing about the person

    client.force_login(world.lead)
    html = unescape(client.get(next_url).content.decode())
    assert "Välj filen igen" in html


def _kept(world) -> tuple[Client, str]:
    """An anonymous post kept: the client that posted (with its cookie) and the URL to come back to."""
    client = Client()
    response = client.post(reverse("labs:activity_new", args=[world.lab.pk]), TYPED)
    return client, parse_qs(urlsplit(response.url).query)["next"][0]


def test_the_token_alone_prefills_nothing_in_another_browser(world):
    _client, next_url = _kept(world)
    other_browser = Client()
    other_browser.force_login(world.lead)
    html = unescape(other_browser.get(next_url).content.decode())
    assert "Dialog på biblioteket" not in html
    assert "gick inte att återställa" in html


def test_what_was_kept_is_given_back_only_on_the_page_it_was_posted_to(world):
    client, next_url = _kept(world)
    token = parse_qs(urlsplit(next_url).query)["restore"][0]
    client.force_login(world.coordinator)
    other_page = reverse("labs:activity_new", args=[world.other_lab.pk]) + f"?restore={token}"
    assert "Dialog på biblioteket" not in client.get(other_page).content.decode()


def test_someone_who_may_not_log_in_the_lab_gets_nothing(world):
    client, next_url = _kept(world)
    client.force_login(world.other_lead)  # the same browser, another lab's lead
    assert client.get(next_url).status_code == 404
    client.force_login(world.lead)  # the view refused before taking it: still there for the right person
    assert "Dialog på biblioteket" in client.get(next_url).content.decode()


def test_an_unreachable_cache_keeps_nothing_and_the_login_redirect_is_the_usual_one(world, monkeypatch):
    monkeypatch.setattr(form_restore.cache, "get", lambda key, default=None, version=None: default)  # as unreachable
    url = reverse("labs:activity_new", args=[world.lab.pk])
    response = Client().post(url, TYPED)
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=" + url


def test_other_forms_are_not_kept(world):
    response = Client().post(reverse("labs:phase", args=[world.lab.pk]), {"phase": "test"})
    assert response.url == reverse("account_login") + "?next=" + reverse("labs:phase", args=[world.lab.pk])
