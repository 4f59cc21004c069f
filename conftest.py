"""Shared fixtures: compiled translations, a temporary MEDIA_ROOT, a fast hasher, and one project with a person per
role."""

import datetime as dt
import io
import os
import zoneinfo
from pathlib import Path
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils.translation.reloader import translation_file_changed

from accounts.tests.factories import OrganisationFactory, UserFactory
from labs.tests.factories import LabFactory
from projects.models import ProjectMembership
from projects.tests.factories import MembershipFactory, ProjectFactory, WorkPackageFactory

REQUIRE_SERVICES = os.environ.get("GRPORTAL_REQUIRE_SERVICES") == "1"
# GRPORTAL_TEST_TODAY=2027-06-01 runs the whole suite with the clock moved to that day (noon in Stockholm, the
# clock still ticking): no test may depend on the day it happens to run. CI runs the suite on today and on
# a day after the fixture projects have ended (.ci/run).
TEST_TODAY = os.environ.get("GRPORTAL_TEST_TODAY", "")


def pytest_configure(config):
    if TEST_TODAY:
        day = dt.date.fromisoformat(TEST_TODAY)
        noon = dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))
        config._grportal_travel = time_machine.travel(noon, tick=True)
        config._grportal_travel.start()


def pytest_unconfigure(config):
    travel = getattr(config, "_grportal_travel", None)
    if travel is not None:
        travel.stop()


def pytest_report_header(config):
    return f"clock moved to {TEST_TODAY} (GRPORTAL_TEST_TODAY)" if TEST_TODAY else None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (GRPORTAL_REQUIRE_SERVICES=1) a test skipped for lack of a service or browser fails."""
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_SERVICES and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.longrepr = f"Skipped in CI, where every service must be present: {reason}"


def _stale_translations() -> list[Path]:
    """The .mo files that are missing or older than their .po (a fresh checkout has none: they are not committed)."""
    stale = []
    for base in django_settings.LOCALE_PATHS:
        for po in Path(base).glob("*/LC_MESSAGES/*.po"):
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                stale.append(mo)
    return stale


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """Any single test file runs on a fresh checkout: the Swedish the tests expect needs the compiled .mo files,
    which `make translations` would otherwise have to build first."""
    stale = _stale_translations()
    if stale:
        call_command("compiletranslations", stdout=io.StringIO())
        translation_file_changed(sender=None, file_path=stale[0])  # forget any catalogue already loaded without it


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def world(db):
    """A project with a work package, two labs in two municipalities and a person in every role."""
    Role = ProjectMembership.Role
    project = ProjectFactory(title="Social innovation i samhällsplanering", short_name="SISP")
    work_package = WorkPackageFactory(project=project, code="AP1")
    people = SimpleNamespace(
        coordinator=UserFactory(full_name="Sara Samordnare"),
        steering=UserFactory(full_name="Stig Styrgrupp"),
        reference=UserFactory(full_name="Rut Referens"),
        funder=UserFactory(full_name="Vera Vinnova", organisation=project.funder),
        lead=UserFactory(full_name="Anna Ale"),
        other_lead=UserFactory(full_name="Karl Kungälv"),
        staff=UserFactory(full_name="Alva Admin", is_staff=True),
        outsider=UserFactory(full_name="Olle Utanför", organisation=OrganisationFactory()),
    )
    for person, role in [
        (people.coordinator, Role.COORDINATOR), (people.steering, Role.STEERING),
        (people.reference, Role.REFERENCE), (people.funder, Role.FUNDER_CONTACT),
    ]:
        MembershipFactory(project=project, user=person, role=role)
    lab = LabFactory(project=project, work_package=work_package, name="Labb Ale", leads=[people.lead])
    other_lab = LabFactory(project=project, work_package=work_package, name="Labb Kungälv", leads=[people.other_lead])
    return SimpleNamespace(project=project, work_package=work_package, lab=lab, other_lab=other_lab, **vars(people))
