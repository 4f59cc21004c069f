"""load_demo: a person for every role (finance support and a Länsstyrelsen contact too), --reset that rebuilds the
demo and deletes nothing else, and the login page that lists the demo accounts in demo mode only."""

import subprocess
import sys
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts.models import Organisation, User
from accounts.rules import has
from accounts.tests.factories import UserFactory
from dashboards.models import Meeting
from grportal.demo_people import DEMO_PASSWORD, PEOPLE
from grportal.testing.environment import production_env
from labs.models import Activity
from projects.models import Project
from projects.roles import roles_for
from projects.tests.factories import ProjectFactory
from reports.permissions import can_view_report
from reports.tests.factories import ReportFactory
from seminars.models import Seminar, Series
from seminars.tests.factories import SeminarFactory

pytestmark = pytest.mark.django_db

OUR_APPS = ("accounts", "projects", "labs", "budgets", "seminars", "reports", "dashboards")


def _counts():
    """Rows per model of our apps (history tables left out: they keep the deleted demo's past)."""
    return {model._meta.label: model.objects.count() for app in OUR_APPS
            for model in apps.get_app_config(app).get_models() if not model.__name__.startswith("Historical")}


def _load(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_every_demo_person_is_printed_with_a_role_and_exists():
    output = _load()

    for email, name, _org, role in PEOPLE:
        assert f"  {email:38} {role}" in output
        assert User.objects.get(email=email).full_name == name
    assert "ekonomi@demo.grportal.se" in output
    assert "lansstyrelsen@demo.grportal.se" in output
    assert DEMO_PASSWORD in output


def test_the_finance_support_may_edit_the_flagship_budget_and_nothing_makes_them_a_member():
    _load("--quiet-logins")
    project = Project.objects.get(short_name="SISP")
    person = User.objects.get(email="ekonomi@demo.grportal.se")

    assert project.pk in roles_for(person).finance_support
    assert project.pk not in roles_for(person).member_of
    budget = project.budgets.get(is_current=True)
    assert has(person, "budgets.edit_budget", budget)
    assert has(person, "budgets.edit_outcome", project)
    assert not has(User.objects.get(email="referens@demo.grportal.se"), "budgets.edit_budget", budget)


def test_each_funder_contact_sees_only_the_reports_addressed_to_their_own_organisation():
    _load("--quiet-logins")
    project = Project.objects.get(short_name="SISP")
    vinnova, lansstyrelsen = Organisation.objects.get(name="Vinnova"), Organisation.objects.get(
        name="Länsstyrelsen Västra Götaland")
    published = {"done": True, "published_at": "2026-01-15T10:00:00+01:00"}
    to_vinnova = ReportFactory(project=project, addressed_to=vinnova, **published)
    to_lansstyrelsen = ReportFactory(project=project, addressed_to=lansstyrelsen,
                                     report_type="lansstyrelsen_account", **published)
    vera = User.objects.get(email="vinnova@demo.grportal.se")
    lena = User.objects.get(email="lansstyrelsen@demo.grportal.se")

    assert lena.organisation == lansstyrelsen
    assert project.pk in roles_for(lena).funds
    assert can_view_report(lena, to_lansstyrelsen)
    assert not can_view_report(lena, to_vinnova)
    assert can_view_report(vera, to_vinnova)
    assert not can_view_report(vera, to_lansstyrelsen)


def test_reset_rebuilds_the_demo_and_keeps_everything_else():
    _load("--quiet-logins")
    fresh = _counts()
    activity = Activity.objects.get(lab__name="Labb Ale: markanvisning", title="Lokalt uppstartsmöte")
    activity.title = "Ändrad av någon som provade demon"
    activity.save()
    own_project = ProjectFactory(short_name="EGET", title="Ett eget projekt")
    own_person = UserFactory(email="riktig@example.se")
    with_own_rows = _counts()
    assert with_own_rows != fresh

    _load("--quiet-logins", "--reset")

    assert _counts() == with_own_rows
    assert Activity.objects.filter(lab__name="Labb Ale: markanvisning", title="Lokalt uppstartsmöte").exists()
    assert not Activity.objects.filter(title="Ändrad av någon som provade demon").exists()
    assert not Activity.objects.filter(pk=activity.pk).exists()  # rebuilt, not patched
    assert Project.objects.filter(pk=own_project.pk).exists()
    assert User.objects.filter(pk=own_person.pk).exists()
    assert Project.objects.filter(short_name="SISP").count() == 1
    assert Series.objects.filter(title="På spaning efter ett socialt hållbart samhälle").count() == 1
    assert Meeting.objects.filter(project=None).count() == 1


def test_reset_deletes_the_demo_series_seminars_but_not_another_seminar():
    _load("--quiet-logins")
    other = SeminarFactory()  # in a series of its own, its title much like the demo's
    demo_seminars = set(Seminar.objects.exclude(pk=other.pk).values_list("pk", flat=True))

    _load("--quiet-logins", "--reset")

    assert Seminar.objects.filter(pk=other.pk).exists()
    assert Series.objects.filter(pk=other.series_id).exists()
    assert not Seminar.objects.filter(pk__in=demo_seminars).exists()
    assert Seminar.objects.exclude(pk=other.pk).count() == len(demo_seminars)


def test_load_demo_and_reset_refuse_to_run_outside_development(settings):
    settings.DEBUG = settings.TESTING = False

    for args in ((), ("--reset",)):
        with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
            call_command("load_demo", *args, quiet_logins=True)
    assert not User.objects.filter(email__endswith="@demo.grportal.se").exists()


def test_in_demo_mode_the_login_page_lists_every_demo_role(client, settings, django_assert_max_num_queries):
    _load("--quiet-logins")
    settings.GRPORTAL_DEMO_LOGINS = True
    User.objects.filter(email="referens@demo.grportal.se").update(is_active=False)

    with django_assert_max_num_queries(1):  # the demo people who exist, whatever their number
        response = client.get(reverse("account_login"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Demokonton" in body
    assert DEMO_PASSWORD in body
    for email, _name, _org, role in PEOPLE:
        if email == "referens@demo.grportal.se":
            assert email not in body  # inactive: cannot log in, so not offered
        else:
            assert email in body
            assert str(role) in body
    assert "ekonomistöd: redigerar flaggskeppsprojektets budget och utfall" in body
    assert "labbledare, Ale" in body


def test_the_login_page_lists_only_demo_people_who_exist(client, settings):
    settings.GRPORTAL_DEMO_LOGINS = True

    body = client.get(reverse("account_login")).content.decode()

    assert "Demokonton" not in body
    assert DEMO_PASSWORD not in body


def test_by_default_outside_development_the_login_page_shows_no_demo_account(client, settings,
                                                                            django_assert_max_num_queries):
    _load("--quiet-logins")
    assert settings.GRPORTAL_DEMO_LOGINS is False  # the tests run as production does: DJANGO_DEBUG unset

    with django_assert_max_num_queries(0):
        body = client.get(reverse("account_login")).content.decode()

    assert "Demokonton" not in body
    assert DEMO_PASSWORD not in body
    assert "@demo.grportal.se" not in body


@pytest.mark.parametrize("variables, expected", [
    ({}, "False"),  # production: off
    ({"DJANGO_DEBUG": "1"}, "True"),  # development and `make run`: on
    ({"DJANGO_DEBUG": "1", "GRPORTAL_DEMO_LOGINS": "0"}, "False"),
    ({"GRPORTAL_DEMO_LOGINS": "1"}, "ImproperlyConfigured"),  # never in production
])
def test_demo_logins_are_on_only_in_development(variables, expected):
    script = ("import django; django.setup(); from django.conf import settings as s; print(s.GRPORTAL_DEMO_LOGINS)")
    result = subprocess.run([sys.executable, "-c", script], cwd=django_settings.BASE_DIR, capture_output=True,
                            text=True, timeout=120, env=production_env(**variables))

    if expected == "ImproperlyConfigured":
        assert result.returncode != 0
        assert "ImproperlyConfigured: GRPORTAL_DEMO_LOGINS" in result.stderr
    else:
        assert result.stdout.strip() == expected, result.stderr
