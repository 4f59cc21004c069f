"""Settings: every setting the code reads is defined in settings.py, and every operator knob is read from the
environment there and listed in the README."""

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from grportal.testing.environment import production_env

BASE_DIR = Path(django_settings.BASE_DIR)
APPS = ("accounts", "projects", "labs", "budgets", "seminars", "reports", "dashboards", "grportal")
NOT_FOR_OPERATORS = {"GRPORTAL_TESTING"}  # set by the test run itself (grportal/pytest_env.py)


def test_pytest_env_plugin_sets_testing():
    # In a fresh process with none of the settings variables (the test command sets GRPORTAL_TESTING itself, so
    # reading this run's settings would prove nothing): the plugin alone gives the test configuration.
    script = ("import grportal.pytest_env, django; django.setup(); from django.conf import settings as s; "
              "print(s.TESTING, 'testserver' in s.ALLOWED_HOSTS)")
    result = subprocess.run([sys.executable, "-c", script], cwd=BASE_DIR, capture_output=True, text=True, timeout=120,
                            env=production_env(DJANGO_SECRET_KEY=None, DJANGO_ALLOWED_HOSTS=None))
    assert result.stdout.split() == ["True", "True"], result.stderr
    assert "-p grportal.pytest_env" in (BASE_DIR / "pytest.ini").read_text()


# Settings the code reads that settings.py leaves at Django's (or a third-party app's) default.
FRAMEWORK_DEFAULTS = {"LANGUAGE_COOKIE_NAME", "SESSION_COOKIE_NAME"}


def _app_sources():
    for app in APPS:
        for path in sorted((BASE_DIR / app).rglob("*.py")):
            if "tests" not in path.relative_to(BASE_DIR).parts and path != BASE_DIR / "grportal" / "settings.py":
                yield path, path.read_text()


def test_every_setting_the_code_reads_is_defined_in_settings_py():
    """A setting read with `settings.X` or `getattr(settings, "X")` is defined, with its default, in settings.py."""
    read = {}
    for path, text in _app_sources():
        for name in re.findall(r"\bsettings\.([A-Z][A-Z0-9_]*)\b", text) + re.findall(
                r"getattr\(\s*settings\s*,\s*[\"']([A-Z][A-Z0-9_]*)[\"']", text):
            read.setdefault(name, []).append(str(path.relative_to(BASE_DIR)))
    assert {"LABS_NUDGE_AFTER_WEEKS", "ALLAUTH_TRUSTED_PROXY_COUNT", "REPORT_LINK_VALID_DAYS"} <= set(read), \
        "the search missed settings it should find: check the patterns"
    module = importlib.import_module("grportal.settings")  # its own namespace, not Django's global defaults
    defined = {name for name in vars(module) if name.isupper()}
    assert FRAMEWORK_DEFAULTS.isdisjoint(defined), "defined in settings.py now: drop it from FRAMEWORK_DEFAULTS"
    assert {name: read[name] for name in sorted(set(read) - defined - FRAMEWORK_DEFAULTS)} == {}


def test_no_code_hides_a_settings_default_in_a_getattr():
    """getattr(settings, "X", default) keeps a default in the code, where no operator finds or changes it."""
    found = [f"{path.relative_to(BASE_DIR)}: {match}" for path, text in _app_sources()
             for match in re.findall(r"getattr\(\s*settings\s*,\s*[\"'][A-Z][A-Z0-9_]*[\"']\s*,[^)]*\)", text)]
    assert found == []


def test_every_variable_settings_py_reads_is_in_the_readmes_environment_table():
    source = (BASE_DIR / "grportal" / "settings.py").read_text()
    variables = set(re.findall(r"env(?:_int|_bool|\.\w+)\(\s*\"([A-Z][A-Z0-9_]*)\"", source)) - NOT_FOR_OPERATORS
    readme = (BASE_DIR / "README.md").read_text()
    table = "\n".join(line for line in readme.splitlines() if line.startswith("| `"))
    assert "GRPORTAL_REPORT_LINK_VALID_DAYS" in variables
    assert sorted(v for v in variables if f"`{v}`" not in table) == []
    # ... and the other way round: the table's first column names no variable that settings.py does not read.
    listed = set()
    for line in readme[readme.index("### Environment variables"):].splitlines():
        if line.startswith("| `"):
            listed |= set(re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split("|")[1]))
    assert "DJANGO_SECRET_KEY" in listed
    assert sorted(listed - variables) == []


@pytest.mark.parametrize(("variables", "expected"), [
    ({}, ["30", "14", "20971520"]),
    ({"GRPORTAL_REPORT_LINK_VALID_DAYS": "7", "GRPORTAL_REPORT_REMIND_DAYS_BEFORE": "21",
      "GRPORTAL_SEMINARS_DOCUMENT_MAX_MB": "5"}, ["7", "21", "5242880"]),
])
def test_the_report_link_days_reminder_window_and_document_size_are_read_from_the_environment(variables, expected):
    script = ("from django.conf import settings as s; "
              "print(s.REPORT_LINK_VALID_DAYS, s.REPORT_REMIND_DAYS_BEFORE, s.SEMINARS_DOCUMENT_MAX_BYTES)")
    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + script], cwd=BASE_DIR,
                            capture_output=True, text=True, timeout=120, env=production_env(**variables))
    assert result.stdout.split() == expected, result.stderr


def test_a_bad_report_link_validity_stops_start_up_naming_the_variable():
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=BASE_DIR,
                            capture_output=True, text=True, timeout=120,
                            env=production_env(GRPORTAL_REPORT_LINK_VALID_DAYS="a month"))
    assert result.returncode != 0
    assert "GRPORTAL_REPORT_LINK_VALID_DAYS" in result.stderr.strip().splitlines()[-1]
