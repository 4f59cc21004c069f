"""Login is the default: every URL in the URLconf sends an anonymous visitor to the login page,
except the few listed as public. The URLconf is walked, so a new URL is covered the day it
is added; a new public URL must be added to PUBLIC (grportal/testing/urls.py) on purpose."""

from urllib.parse import parse_qs, urlsplit

import pytest

from grportal.testing.urls import PUBLIC, all_urls

LOGIN_URL = "/konto/login/"

URLS = all_urls()
PROTECTED = [pytest.param(path, id=name or path) for path, name, _ in URLS if name not in PUBLIC]


def test_the_walk_finds_the_portals_own_pages():
    names = {name for _, name, _ in URLS}
    assert {"home", "projects:detail", "labs:activity_submit", "reports:download", "budgets:detail"} <= names
    assert len(PROTECTED) > 40  # the admin contributes most of them


def test_every_public_name_exists():
    """A renamed or removed public page must leave this list too."""
    assert PUBLIC <= {name for _, name, _ in URLS}


def test_only_the_listed_views_are_marked_public():
    marked = {name or path for path, name, entry in URLS if not getattr(entry.callback, "login_required", True)}
    assert marked == PUBLIC


def _login_redirect(client, path):
    """Where an anonymous GET ends up: (login path, next), following the admin's extra hop."""
    response = client.get(path)
    for _ in range(2):
        if response.status_code != 302:
            break
        location = urlsplit(response.url)
        if location.path == LOGIN_URL:
            return location.path, parse_qs(location.query).get("next")
        response = client.get(response.url)
    return response.status_code, None


@pytest.mark.django_db
@pytest.mark.parametrize("path", PROTECTED)
def test_an_anonymous_visitor_is_sent_to_login(client, path):
    assert _login_redirect(client, path) == (LOGIN_URL, [path])


@pytest.mark.django_db
def test_the_admin_has_no_login_form_of_its_own(client):
    """Staff log in through allauth too, with its rate limits and two-factor step."""
    from accounts.tests.factories import UserFactory

    UserFactory(email="admin@example.se", is_staff=True, is_superuser=True)
    response = client.post("/admin/login/", {"username": "admin@example.se", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert urlsplit(response.url).path == LOGIN_URL
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_admin_login_refuses_a_logged_in_person_who_is_not_staff(client):
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get("/admin/login/").status_code == 403


OWN_PUBLIC = ["accessibility", "health", "set_language", "seminars:public", "accounts:invitation_accept",
              "seminars:thanks", "seminars:ics", "seminars:cancel", "seminars:feedback", "seminars:document_download",
              "reports:shared"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", [pytest.param(p, id=n) for p, n, _ in URLS if n in OWN_PUBLIC])
def test_a_public_page_does_not_ask_for_login(client, path):
    response = client.get(path)
    assert not (response.status_code == 302 and urlsplit(response.url).path == LOGIN_URL)
    assert response.status_code < 500


@pytest.mark.django_db
def test_an_anonymous_visitor_can_read_the_public_pages(client):
    from seminars.tests.factories import SeminarFactory

    seminar = SeminarFactory(title="Socialt hållbart boende")
    assert client.get("/tillganglighet/").status_code == 200
    health = client.get("/halsa/")
    # 200 and the database up; Redis and the worker depend on the run's set-up, see test_redis_down.py
    assert health.status_code == 200 and health.json()["database"] == "ok"
    response = client.get(f"/seminarier/{seminar.pk}/")
    assert response.status_code == 200
    assert "Socialt hållbart boende" in response.content.decode()
    assert client.get("/konto/login/").status_code == 200
