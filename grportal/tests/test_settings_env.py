"""Settings: every operator knob is read from the environment in settings.py and listed in the README."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from grportal.tests.test_security import production_env

BASE_DIR = Path(django_settings.BASE_DIR)
APPS = ("accounts", "projects", "labs", "budgets", "seminars", "reports", "dashboards", "grportal")
NOT_FOR_OPERATORS = {"GRPORTAL_TESTING"}  # set by the test run itself (grportal/pytest_env.py)


def test_pytest_env_plugin_sets_testing(settings):
    assert settings.TESTING is True


def test_every_setting_the_code_reads_with_a_default_is_defined_in_settings_py():
    """getattr(settings, "X", default) hides a default in the code, where no operator finds or changes it."""
    names = set()
    for app in APPS:
        for path in (BASE_DIR / app).rglob("*.py"):
            if "/tests/" not in str(path):
                names |= set(re.findall(r"getattr\(settings,\s*\"([A-Z][A-Z0-9_]*)\"", path.read_text()))
    assert names, "the search found nothing: check the pattern"
    defined = set(re.findall(r"^([A-Z][A-Z0-9_]*)\s*=", (BASE_DIR / "grportal" / "settings.py").read_text(), re.M))
    assert sorted(names - defined) == []


def test_every_variable_settings_py_reads_is_in_the_readmes_environment_table():
    source = (BASE_DIR / "grportal" / "settings.py").read_text()
    variables = set(re.findall(r"env(?:_int|_bool|\.\w+)\(\s*\"([A-Z][A-Z0-9_]*)\"", source)) - NOT_FOR_OPERATORS
    readme = (BASE_DIR / "README.md").read_text()
    table = "\n".join(line for line in readme.splitlines() if line.startswith("| `"))
    assert "GRPORTAL_REPORT_LINK_VALID_DAYS" in variables
    assert sorted(v for v in variables if f"`{v}`" not in table) == []


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
