"""With REQUIRE_MFA (GRPORTAL_REQUIRE_MFA, on in production), administrators, coordinators and finance support, who
see salaries, set up two-step verification (TOTP, with recovery codes) before any other page; everyone else is never
asked. The TOTP code is computed from the secret at a frozen time, never waited for."""

import datetime as dt
import subprocess
import sys
import zoneinfo

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from accounts.tests.factories import UserFactory
from budgets.tests.factories import FinanceSupportFactory
from grportal.testing.environment import production_env

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 8, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))
PASSWORD = "correct-horse-battery"  # accounts.tests.factories.UserFactory
MESSAGE = "Ditt konto ger tillgång till löner och budgetar: slå på tvåstegsverifiering"


@pytest.fixture
def require_mfa(settings):
    settings.REQUIRE_MFA = True


@pytest.fixture
def finance_support(world):
    return FinanceSupportFactory(project=world.project, user=UserFactory(full_name="Eva Ekonomi")).user


def log_in(client, user, **kwargs):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}, **kwargs)


def confirm_password(client):
    """allauth asks for the password again before an authenticator is added, even right after logging in."""
    return client.post(reverse("account_reauthenticate") + "?next=" + reverse("mfa_activate_totp"),
                       {"password": PASSWORD})


def with_totp(user):
    TOTP.activate(user, generate_totp_secret())
    return user


def test_a_coordinator_without_totp_logs_in_and_lands_on_the_set_up_page_told_why(client, world, require_mfa):
    response = log_in(client, world.coordinator, follow=True)

    activate = reverse("mfa_activate_totp")
    assert [url for url, _status in response.redirect_chain] == [
        reverse("home"), activate, reverse("account_reauthenticate") + "?next=%2Fkonto%2F2fa%2Ftotp%2Factivate%2F"]
    assert response.status_code == 200
    assert escape(MESSAGE) in response.content.decode()
    assert confirm_password(client).url == activate
    set_up_page = client.get(activate)
    assert set_up_page.status_code == 200
    assert set_up_page.context["totp_url"].startswith("otpauth://totp/")


@pytest.mark.parametrize("page", ["home", "my_account", "project", "lab", "admin"])
def test_every_other_page_sends_a_coordinator_without_totp_to_the_set_up_page(client, world, require_mfa, page):
    url = {"home": reverse("home"), "my_account": reverse("my_account"), "project": world.project.get_absolute_url(),
           "lab": reverse("labs:detail", args=[world.lab.pk]), "admin": reverse("admin:index")}[page]
    log_in(client, world.coordinator)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_an_htmx_request_is_sent_to_the_set_up_page_as_a_whole_page(client, world, require_mfa):
    client.force_login(world.coordinator)

    response = client.get(world.project.get_absolute_url(), headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("role", ["coordinator", "staff", "finance_support"])
def test_administrators_coordinators_and_finance_support_must_set_it_up(client, world, finance_support, require_mfa,
                                                                          role):
    person = finance_support if role == "finance_support" else getattr(world, role)
    client.force_login(person)

    assert client.get(reverse("home")).url == reverse("mfa_activate_totp")


@pytest.mark.parametrize("role", ["lead", "steering", "reference", "funder", "outsider"])
def test_people_who_see_no_salaries_are_not_asked(client, world, require_mfa, role):
    log_in(client, getattr(world, role))

    assert client.get(reverse("home")).status_code == 200
    if role == "lead":
        assert client.get(reverse("labs:detail", args=[world.lab.pk])).status_code == 200


def test_with_the_setting_off_nobody_is_asked(client, world, settings):
    settings.REQUIRE_MFA = False
    log_in(client, world.coordinator)

    assert client.get(reverse("home")).status_code == 200
    assert client.get(world.project.get_absolute_url()).status_code == 200


def test_set_up_pages_logout_language_switch_and_public_pages_stay_open(client, world, require_mfa):
    log_in(client, world.coordinator)
    confirm_password(client)

    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("accessibility")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_activating_totp_shows_recovery_codes_and_then_every_page_works(client, world, require_mfa):
    with time_machine.travel(NOW, tick=False):
        log_in(client, world.coordinator)
        confirm_password(client)
        assert client.get(reverse("mfa_activate_totp")).status_code == 200
        secret = client.session["mfa.totp.secret"]
        code = format_hotp_value(hotp_value(secret, int(NOW.timestamp()) // 30))

        response = client.post(reverse("mfa_activate_totp"), {"code": code})

        assert response.status_code == 302
        assert response.url == reverse("mfa_view_recovery_codes")
        codes_page = client.get(response.url).content.decode()
        recovery = Authenticator.objects.get(user=world.coordinator, type=Authenticator.Type.RECOVERY_CODES)
        assert all(code in codes_page for code in RecoveryCodes(recovery).get_unused_codes())
        assert client.get(reverse("home")).status_code == 200
        assert client.get(world.project.get_absolute_url()).status_code == 200


def test_a_coordinator_with_totp_uses_the_portal_as_before(client, world, require_mfa):
    client.force_login(with_totp(world.coordinator))

    assert client.get(reverse("home")).status_code == 200
    assert client.get(world.project.get_absolute_url()).status_code == 200


@time_machine.travel(NOW, tick=False)  # no once-a-minute session write of the idle timeout in between
def test_the_answer_is_kept_in_the_session_so_later_pages_cost_no_extra_query(client, world, settings):
    client.force_login(with_totp(world.coordinator))
    url = world.project.get_absolute_url()
    settings.REQUIRE_MFA = False
    client.get(url)
    with CaptureQueriesContext(connection) as without_mfa:
        client.get(url)

    settings.REQUIRE_MFA = True
    client.get(url)  # asks once and keeps the answer
    with CaptureQueriesContext(connection) as with_mfa:
        assert client.get(url).status_code == 200

    assert len(with_mfa) == len(without_mfa)


def test_turning_totp_off_sends_the_coordinator_back_to_the_set_up_page(client, world, require_mfa):
    client.force_login(with_totp(world.coordinator))
    assert client.get(reverse("home")).status_code == 200

    Authenticator.objects.filter(user=world.coordinator).delete()  # what the deactivation page does
    client.get(reverse("mfa_index"))

    assert client.get(reverse("home")).url == reverse("mfa_activate_totp")


@pytest.mark.parametrize(("overrides", "expected"), [
    ({}, "True"),
    ({"DJANGO_DEBUG": "1"}, "False"),
    ({"GRPORTAL_REQUIRE_MFA": "0"}, "False"),
    ({"DJANGO_DEBUG": "1", "GRPORTAL_REQUIRE_MFA": "1"}, "True"),
])
def test_production_settings_require_mfa_unless_turned_off(overrides, expected):
    script = ("import django; django.setup(); from django.conf import settings; "
              "print(settings.REQUIRE_MFA, 'grportal.middleware.RequireMFAMiddleware' in settings.MIDDLEWARE, "
              "'recovery_codes' in settings.MFA_SUPPORTED_TYPES)")
    result = subprocess.run([sys.executable, "-c", script], cwd=settings.BASE_DIR, capture_output=True, text=True,
                            timeout=120, env=production_env(**overrides))
    assert result.stdout.split() == [expected, "True", "True"], result.stderr
