"""The permission rule registry (accounts/rules.py): every registered rule is documented in the README's
permissions table, each rule is called the way it is declared, and every app registers its rules in
AppConfig.ready(), not as a side effect of importing its views."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from accounts import rules
from accounts.tests.factories import UserFactory

README = Path(settings.BASE_DIR) / "README.md"


def _readme_rule_names() -> set[str]:
    """Rule names in the first column of the README's tables (`app.rule`, backticked)."""
    names = set()
    for first_cell in re.findall(r"^\| (.*?) \|", README.read_text(encoding="utf-8"), re.M):
        names |= set(re.findall(r"`([a-z_]+\.[a-z_]+)`", first_cell))
    return names


def test_every_registered_rule_is_in_the_readmes_permissions_table():
    assert set(rules.registered()) - _readme_rule_names() == set()


def test_the_readmes_permissions_table_names_only_registered_rules():
    assert _readme_rule_names() - set(rules.registered()) == set()


@pytest.fixture
def scratch_rules():
    names = []

    def declare(name, func):
        names.append(name)
        return rules.rule(name)(func)

    yield declare
    for name in names:
        rules._RULES.pop(name, None)


@pytest.mark.django_db
def test_an_object_less_rule_is_called_without_the_object(scratch_rules):
    scratch_rules("test.objectless", lambda user: True)
    user = UserFactory()
    assert rules.has(user, "test.objectless")
    assert rules.has(user, "test.objectless", object())  # e.g. {% can "x" project %} on an object-less rule


@pytest.mark.django_db
def test_an_object_rule_asked_without_its_object_refuses(scratch_rules):
    scratch_rules("test.with_object", lambda user, obj: True)
    user = UserFactory()
    assert rules.has(user, "test.with_object", object())
    assert not rules.has(user, "test.with_object")


@pytest.mark.parametrize("func", [lambda: True, lambda user, obj, extra: True, lambda *args: True,
                                  lambda user, **kwargs: True, lambda user=None: True])
def test_a_rule_with_another_signature_is_refused_at_registration(func):
    with pytest.raises(TypeError):
        rules.rule("test.bad_signature")(func)
    assert "test.bad_signature" not in rules.registered()


def test_every_registered_rule_has_one_of_the_two_signatures():
    for name, check in rules.registered().items():
        assert isinstance(check.takes_object, bool), name


def test_seminars_rules_are_registered_without_importing_its_views():
    """A rule registered only by importing views.py is missing wherever the views are not imported (a task,
    a management command): every app registers its rules in AppConfig.ready()."""
    code = (
        "import os, sys, django\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'grportal.settings')\n"
        "django.setup()\n"
        "from accounts.rules import registered\n"
        "print(','.join(sorted(n for n in registered())))\n"
        "print('seminars.views' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=settings.BASE_DIR, timeout=120)
    registered_names, seminars_views_imported = result.stdout.strip().splitlines()[-2:]
    names = set(registered_names.split(","))
    assert {"seminars.create_seminar", "seminars.organise_seminar"} <= names
    # The views may be imported by another app's ready() (a project-page section); the rules must not depend on it.
    if seminars_views_imported == "True":
        pytest.fail("django.setup() imports seminars.views; the test cannot tell where the rules come from")
