"""Sessions end after GRPORTAL_SESSION_IDLE_MINUTES without a request (two hours by default), and ten hours after
login however active the person is. The clock is moved with time-machine, never waited for."""

import datetime as dt
import subprocess
import sys
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from grportal.testing.environment import production_env

pytestmark = pytest.mark.django_db
LOGIN_AT = dt.datetime(2026, 3, 2, 8, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))
IDLE_MESSAGE = "Du loggades ut efter 120 minuter utan aktivitet. Logga in igen för att fortsätta."


def is_logged_in(client) -> bool:
    response = client.get(reverse("home"))
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_a_person_active_within_the_idle_time_stays_logged_in_past_it(client, world):
    with time_machine.travel(LOGIN_AT, tick=False) as traveller:
        client.force_login(world.coordinator)
        for _ in range(4):  # a request every 1 h 59 min: 7 h 56 min in all
            traveller.shift(dt.timedelta(hours=1, minutes=59))
            assert is_logged_in(client)


def test_after_the_idle_time_the_next_request_sends_the_person_to_log_in_with_a_swedish_message(client, world):
    project_url = world.project.get_absolute_url()
    with time_machine.travel(LOGIN_AT, tick=False) as traveller:
        client.force_login(world.coordinator)
        traveller.shift(dt.timedelta(minutes=30))
        assert client.get(project_url).status_code == 200
        traveller.shift(dt.timedelta(hours=2, minutes=2))
        response = client.get(project_url)
        assert response.status_code == 302
        assert response.url == reverse("account_login") + "?next=" + project_url
        login_page = client.get(response.url).content.decode()
        assert escape(IDLE_MESSAGE) in login_page
        # The session is gone, not just this request: the next page asks again, without repeating the message.
        again = client.get(reverse("home"))
        assert again.status_code == 302
        assert escape(IDLE_MESSAGE) not in client.get(again.url).content.decode()


def test_an_idle_htmx_request_sends_the_whole_page_to_log_in(client, world):
    project_url = world.project.get_absolute_url()
    with time_machine.travel(LOGIN_AT, tick=False) as traveller:
        client.force_login(world.coordinator)
        traveller.shift(dt.timedelta(hours=3))
        response = client.get(reverse("home"), HTTP_HX_REQUEST="true",
                              HTTP_HX_CURRENT_URL="http://testserver" + project_url + "?tab=plan")
        assert response.status_code == 200
        assert response.headers["HX-Redirect"] == reverse("account_login") + "?next=" + \
            project_url.replace("/", "%2F") + "%3Ftab%3Dplan"
        assert not is_logged_in(client)


def test_the_login_still_ends_ten_hours_after_it_began_however_active(client, world):
    with time_machine.travel(LOGIN_AT, tick=False) as traveller:
        client.force_login(world.coordinator)
        for _ in range(9):  # every hour until 9 h after login
            traveller.shift(dt.timedelta(hours=1))
            assert is_logged_in(client)
        traveller.shift(dt.timedelta(hours=1, minutes=1))
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert escape("Du loggades ut eftersom en inloggning gäller högst 10 timmar. "
                      "Logga in igen för att fortsätta.") in client.get(response.url).content.decode()


def test_the_idle_time_is_read_from_the_setting(client, world, settings):
    settings.SESSION_IDLE_TIMEOUT = dt.timedelta(minutes=15)
    with time_machine.travel(LOGIN_AT, tick=False) as traveller:
        client.force_login(world.coordinator)
        traveller.shift(dt.timedelta(minutes=14))
        assert is_logged_in(client)
        traveller.shift(dt.timedelta(minutes=17))
        assert not is_logged_in(client)


def test_a_public_page_still_answers_after_the_idle_time_but_no_longer_as_the_person(client, world):
    from seminars.tests.factories import SeminarFactory

    seminar = SeminarFactory(project=world.project)
    with time_machine.travel(LOGIN_AT, tick=False) as traveller:
        client.force_login(world.coordinator)
        traveller.shift(dt.timedelta(hours=3))
        response = client.get(reverse("seminars:public", args=[seminar.pk]))
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("value", "expected"), [(None, "7200.0"), ("30", "1800.0")])
def test_grportal_session_idle_minutes_sets_the_idle_time(value, expected):
    script = "from django.conf import settings; print(settings.SESSION_IDLE_TIMEOUT.total_seconds())"
    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + script],
                            cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120,
                            env=production_env(GRPORTAL_SESSION_IDLE_MINUTES=value))
    assert result.stdout.split() == [expected], result.stderr


def test_a_bad_idle_time_stops_start_up_naming_the_variable():
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=settings.BASE_DIR,
                            capture_output=True, text=True, timeout=120,
                            env=production_env(GRPORTAL_SESSION_IDLE_MINUTES="two hours"))
    assert result.returncode != 0
    assert "GRPORTAL_SESSION_IDLE_MINUTES" in result.stderr.strip().splitlines()[-1]
