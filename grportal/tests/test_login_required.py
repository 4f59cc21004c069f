"""Login is the default: every URL in the URLconf sends an anonymous visitor to the login page,
except the few listed here as public. The URLconf is walked, so a new URL is covered the day it
is added; a new public URL must be added to PUBLIC on purpose."""

import re
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

LOGIN_URL = "/konto/login/"

PUBLIC = {
    # Logging in, the two-factor step of logging in, and the admin's own login form.
    "account_login", "account_confirm_login_code", "mfa_authenticate", "admin:login",
    "account_logout", "account_inactive",
    # Password reset, for people who cannot log in.
    "account_reset_password", "account_reset_password_done",
    "account_reset_password_from_key", "account_reset_password_from_key_done",
    # Sign-up is closed (accounts.adapters); the page only says so.
    "account_signup",
    # allauth's email-confirmation links, opened from a mail client.
    "account_email_verification_sent", "account_confirm_email",
    # GR Portal's own public pages.
    "accounts:invitation_accept", "accessibility", "health", "set_language", "seminars:public",
    # Seminars: public registration, its thank-you page, the calendar file and the signed cancel link.
    "seminars:thanks", "seminars:ics", "seminars:cancel",
    # Seminars: the signed feedback link, and documentation an organiser made public (a private document
    # sends an anonymous visitor to the login page from inside the view).
    "seminars:feedback", "seminars:document_download",
    # Reports: the signed, expiring link a funder's contact without an account gets for a published report.
    "reports:shared",
}

SAMPLES = ("1", "abc", "abc-1")  # tried in order for each path parameter
ROUTE_SAMPLES = {"int": "1", "str": "abc", "slug": "abc", "path": "abc", "uuid": str(uuid.UUID(int=1))}


def _groups(regex: str):
    """Top-level capture groups of a regex as (start, end, inner) spans."""
    depth, start = 0, None
    i = 0
    while i < len(regex):
        char = regex[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":  # skip a character class, which may hold brackets
            i = regex.index("]", i + 2)
        elif char == "(":
            if depth == 0:
                start = i
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                yield start, i + 1, regex[start + 1:i]
        i += 1


def _sample_for_group(inner: str) -> str:
    inner = re.sub(r"^\?P<\w+>", "", inner)
    candidates = list(SAMPLES)
    if re.fullmatch(r"[\w|]+", inner):  # alternatives of literals: auth|account|…
        candidates.insert(0, inner.split("|")[0])
    for candidate in candidates:
        if re.fullmatch(inner, candidate):
            return candidate
    raise AssertionError(f"No sample value matches ({inner}); add one to SAMPLES.")


def _sample_path(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:(\w+):)?\w+>", lambda m: ROUTE_SAMPLES[m.group(1) or "str"], str(pattern))
    assert isinstance(pattern, RegexPattern)
    regex = pattern.regex.pattern
    parts, last = [], 0
    for start, end, inner in _groups(regex):
        parts += [regex[last:start], _sample_for_group(inner)]
        last = end
    parts.append(regex[last:])
    text = "".join(parts).lstrip("^").rstrip("$").replace("\\", "")
    return text


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace and (f"{namespace}:{entry.namespace}" if namespace else entry.namespace)
            yield from _walk(entry.url_patterns, prefix + _sample_path(entry.pattern), ns or namespace)
        else:
            assert isinstance(entry, URLPattern)
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield "/" + prefix + _sample_path(entry.pattern), name, entry


def all_urls():
    """(path, route name, pattern) for every route, with sample values that resolve back to it."""
    found = []
    for path, name, entry in _walk(get_resolver().url_patterns):
        match = resolve(path)
        assert match.func == entry.callback, f"the sample {path} for {entry.pattern} resolves elsewhere"
        found.append((path, name, entry))
    return found


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
