"""One client address and one limiter for the whole portal, behind the TLS proxy and without it (issue 13).

The proxy set-up is read from the settings module itself, loaded under DJANGO_BEHIND_PROXY=1, so these tests
see whatever that variable really configures."""

import datetime as dt
import os
import runpy
from unittest import mock

import pytest
import time_machine
from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

import grportal.settings
from grportal.client_ip import client_ip
from seminars.tests.factories import SeminarFactory

PROXY = "10.0.0.5"  # the TLS proxy, as gunicorn sees it
OUTER_PROXY = "10.0.0.9"
A, B = "198.51.100.10", "203.0.113.20"
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct-horse-battery"  # accounts.tests.factories.UserFactory
FORM = {"name": "Ada Andersson", "email": "ada@example.se", "organisation": "Ale kommun", "sector": "public",
        "accessibility_needs": "", "gender": "", "website": ""}


def settings_from_environment(**environ) -> dict:
    """The settings that these environment variables change, as grportal/settings.py computes them."""
    with mock.patch.dict(os.environ):
        for name in ("DJANGO_BEHIND_PROXY", "DJANGO_TRUSTED_PROXY_COUNT"):
            os.environ.pop(name, None)
        plain = runpy.run_path(grportal.settings.__file__)
        os.environ.update(environ)
        configured = runpy.run_path(grportal.settings.__file__)
    missing = object()
    return {name: value for name, value in configured.items()
            if name.isupper() and not name.startswith("_") and plain.get(name, missing) != value}


@pytest.fixture
def behind_proxy(settings):
    """Apply the settings of a deployment behind the TLS proxy (more variables may be given)."""
    def configure(**environ):
        changed = settings_from_environment(DJANGO_BEHIND_PROXY="1", **environ)
        assert changed, "DJANGO_BEHIND_PROXY=1 changes no setting"
        for name, value in changed.items():
            setattr(settings, name, value)
    configure()
    return configure


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """The limits count in the cache, which (Redis) outlives a test: these count in a local-memory cache of their
    own."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "grportal-client-ip-tests"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def login(client, email, password, forwarded_for=None):
    extra = {"REMOTE_ADDR": PROXY}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def refused_as_too_many(response) -> bool:
    form = response.context and response.context.get("form")
    errors = form.errors.as_data().get("__all__", []) if form else []
    return any(error.code == "too_many_login_attempts" for error in errors)


def fail_logins_from(client, forwarded_for, times):
    responses = [login(client, f"gissning{n}@example.se", "fel-losenord", forwarded_for) for n in range(times)]
    return [refused_as_too_many(response) for response in responses]


# --- Login ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_behind_the_proxy_eleven_failures_from_one_client_do_not_lock_out_a_lab_lead_elsewhere(behind_proxy, world):
    assert fail_logins_from(Client(), A, 11) == [False] * 10 + [True]

    lab_lead = Client()
    response = login(lab_lead, world.lead.email, PASSWORD, forwarded_for=B)
    assert response.status_code == 302
    assert lab_lead.session["_auth_user_id"] == str(world.lead.pk)


@pytest.mark.django_db
def test_a_forged_forwarded_for_prefix_does_not_let_a_limited_client_escape(behind_proxy, world):
    """The client sends "X-Forwarded-For: B"; the proxy appends A. Only the proxy's entry counts."""
    fail_logins_from(Client(), A, 10)

    forged = login(Client(), world.lead.email, PASSWORD, forwarded_for=f"{B}, {A}")
    assert refused_as_too_many(forged)
    assert refused_as_too_many(login(Client(), world.lead.email, PASSWORD, forwarded_for=f"evil, {A}"))

    assert login(Client(), world.lead.email, PASSWORD, forwarded_for=B).status_code == 302


@pytest.mark.django_db
def test_without_the_proxy_setting_x_forwarded_for_is_ignored(world):
    attacker = Client()
    for n in range(10):
        attacker.post(reverse("account_login"), {"login": f"g{n}@example.se", "password": "fel-losenord"},
                      REMOTE_ADDR=A, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = attacker.post(reverse("account_login"), {"login": world.lead.email, "password": PASSWORD},
                             REMOTE_ADDR=A, HTTP_X_FORWARDED_FOR=B)
    assert refused_as_too_many(response)
    assert Client().post(reverse("account_login"), {"login": world.lead.email, "password": PASSWORD},
                         REMOTE_ADDR=B).status_code == 302


# --- The seminar registration limiter -------------------------------------------------------------------------


def register(client, seminar, n, forwarded_for):
    return client.post(reverse("seminars:public", args=[seminar.pk]), {**FORM, "email": f"p{n}@example.se"},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for).status_code


@pytest.fixture
def seminar(db, settings):
    settings.SEMINARS_REGISTRATION_RATE_LIMIT = 2
    starts = NOW + dt.timedelta(days=30)
    return SeminarFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=3))


def test_behind_the_proxy_the_seminar_limiter_counts_each_real_client(behind_proxy, seminar):
    client = Client()
    assert [register(client, seminar, n, A) for n in range(2)] == [302, 302]
    assert register(client, seminar, 3, f"{B}, {A}") == 429  # a forged prefix does not help
    assert register(client, seminar, 4, B) == 302
    assert seminar.registrations.count() == 3


def test_behind_two_proxies_the_seminar_limiter_takes_the_entry_the_outer_proxy_added(behind_proxy, seminar):
    behind_proxy(DJANGO_TRUSTED_PROXY_COUNT="2")
    client = Client()
    assert [register(client, seminar, n, f"{A}, {OUTER_PROXY}") for n in range(2)] == [302, 302]
    assert register(client, seminar, 3, f"{B}, {A}, {OUTER_PROXY}") == 429
    assert register(client, seminar, 4, f"{B}, {OUTER_PROXY}") == 302


def test_without_the_proxy_setting_the_seminar_limiter_ignores_x_forwarded_for(seminar):
    client = Client()
    statuses = [client.post(reverse("seminars:public", args=[seminar.pk]), {**FORM, "email": f"p{n}@example.se"},
                            REMOTE_ADDR=A, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code for n in range(3)]
    assert statuses == [302, 302, 429]


# --- The rule itself ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("proxies", "forwarded_for", "expected"), [
    (0, None, A),
    (0, B, A),  # no proxy configured: the header is the client's own words
    (1, None, A),  # a request that did not come through the proxy
    (1, B, B),
    (1, f"evil, {B}", B),
    (1, f"{B}:51234", B),
    (1, "2001:db8::7", "2001:db8::7"),
    (1, "[2001:db8::7]:443", "2001:db8::7"),
    (1, "not an address", A),
    (2, f"evil, {B}, {OUTER_PROXY}", B),
    (2, B, B),  # fewer entries than proxies: the request skipped the outer one
])
def test_the_client_address_is_the_one_our_proxies_added(settings, proxies, forwarded_for, expected):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxies
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    request = RequestFactory().post("/", REMOTE_ADDR=A, **extra)
    assert client_ip(request) == expected
    assert get_adapter(request).get_client_ip(request) == expected  # allauth's login limits count the same client


def test_the_proxy_variables_configure_the_trusted_proxy_count():
    assert settings_from_environment(DJANGO_BEHIND_PROXY="1")["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1
    assert settings_from_environment(DJANGO_BEHIND_PROXY="1", DJANGO_TRUSTED_PROXY_COUNT="2")[
        "ALLAUTH_TRUSTED_PROXY_COUNT"] == 2
    assert "ALLAUTH_TRUSTED_PROXY_COUNT" not in settings_from_environment(DJANGO_TRUSTED_PROXY_COUNT="2")
