"""Shared fixtures: a temporary MEDIA_ROOT, a fast hasher, and one project with a person per role."""

import os
from types import SimpleNamespace

import pytest

from accounts.tests.factories import OrganisationFactory, UserFactory
from labs.tests.factories import LabFactory
from projects.models import ProjectMembership
from projects.tests.factories import MembershipFactory, ProjectFactory, WorkPackageFactory

REQUIRE_SERVICES = os.environ.get("GRPORTAL_REQUIRE_SERVICES") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (GRPORTAL_REQUIRE_SERVICES=1) a test skipped for lack of a service or browser fails."""
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_SERVICES and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.longrepr = f"Skipped in CI, where every service must be present: {reason}"


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
