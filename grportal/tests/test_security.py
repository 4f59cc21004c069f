"""Production settings are safe, a bad setting stops start-up, pages carry a strict CSP, and no
URL hands out uploaded or generated files without a permission check."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.static import serve

from grportal.testing.environment import production_env
from labs.tests.factories import ActivityFactory
from reports.tests.factories import FAKE_PDF, ReportFactory

BASE_DIR = Path(settings.BASE_DIR)


def manage(*args, **env_overrides) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=production_env(**env_overrides),
        capture_output=True, text=True, timeout=120,
    )


# --- Settings ------------------------------------------------------------------------------


def test_the_deployment_checklist_passes_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("variable", "value"), [
    ("DJANGO_DEBUG", "maybe"),
    ("DATABASE_URL", "mysql://portal:secret@db.example.se/portal"),
    ("REDIS_URL", "http://x"),
    ("DJANGO_HSTS_SECONDS", "a year"),
    ("CELERY_TASK_TIME_LIMIT", "0"),
    ("GRPORTAL_HTTPS", "perhaps"),
])
def test_a_bad_value_stops_start_up_naming_the_variable(variable, value):
    result = manage("check", **{variable: value})
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured:"), result.stderr
    assert variable in last_line


def test_a_missing_secret_key_stops_start_up_when_debug_is_off():
    result = manage("check", DJANGO_SECRET_KEY=None)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured:")
    assert "DJANGO_SECRET_KEY" in last_line


def test_missing_allowed_hosts_stops_start_up_when_debug_is_off():
    result = manage("check", DJANGO_ALLOWED_HOSTS=None)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr.strip().splitlines()[-1]


def test_debug_is_off_unless_asked_for():
    script = "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)"
    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + script], cwd=BASE_DIR,
                            env=production_env(), capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["False", "True"], result.stderr


# --- Response headers ----------------------------------------------------------------------


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        if part.strip():
            name, *sources = part.split()
            directives[name] = sources
    return directives


@pytest.fixture
def pages(world):
    """Pages with forms, tables and HTMX attributes, as the people who use them see them."""
    activity = ActivityFactory(lab=world.lab, created_by=world.lead)
    return [
        (None, reverse("account_login")),
        (None, reverse("accessibility")),
        (world.coordinator, reverse("home")),
        (world.coordinator, world.project.get_absolute_url()),
        (world.lead, reverse("labs:detail", args=[world.lab.pk])),
        (world.lead, reverse("labs:activity_new", args=[world.lab.pk])),
        (world.lead, reverse("labs:activity_edit", args=[activity.pk])),
        (world.coordinator, reverse("projects:invite", args=[world.project.pk])),
    ]


def test_every_page_carries_a_csp_without_inline_script(client, pages):
    for user, url in pages:
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        directives = csp_directives(response)
        script_src = directives.get("script-src", directives.get("default-src"))
        assert script_src == ["'self'"], url
        assert "'unsafe-inline'" not in directives.get("style-src", [])
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]


def test_pages_hold_no_inline_script_or_style_the_csp_would_block(client, pages):
    for user, url in pages:
        if user:
            client.force_login(user)
        html = client.get(url).content.decode()
        inline_scripts = [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag]
        assert inline_scripts == [], url
        assert re.findall(r"<style\b", html) == [], url
        assert re.findall(r"\sstyle=", html) == [], url
        assert re.findall(r"\son[a-z]+=", html) == [], url  # onclick= and friends are inline script


def test_pages_carry_the_other_security_headers(client, db):
    response = client.get(reverse("account_login"))
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


# --- Files ---------------------------------------------------------------------------------


def _all_callbacks(patterns):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _all_callbacks(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            yield entry.callback


def test_no_url_serves_files_from_a_directory():
    assert serve not in set(_all_callbacks(get_resolver().url_patterns))
    assert not settings.MEDIA_URL


def test_media_root_is_not_inside_anything_served_as_static():
    # Read in a fresh process: in the tests MEDIA_ROOT is a temporary directory (conftest.py), which proves nothing.
    script = ("import json; from django.conf import settings as s; "
              "print(json.dumps([str(s.MEDIA_ROOT), str(s.STATIC_ROOT), *map(str, s.STATICFILES_DIRS)]))")
    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + script], cwd=BASE_DIR,
                            env=production_env(GRPORTAL_MEDIA_ROOT=None), capture_output=True, text=True, timeout=120)
    media, *served = (Path(p).resolve() for p in json.loads(result.stdout))
    assert media == (BASE_DIR / "var" / "media").resolve()
    assert served and not any(media.is_relative_to(d) or d.is_relative_to(media) for d in served)


@pytest.mark.parametrize("media_root", ["static/uploads", "staticfiles", "."])
def test_a_media_root_inside_or_around_the_static_files_stops_start_up(media_root):
    result = manage("check", GRPORTAL_MEDIA_ROOT=str(BASE_DIR / media_root))
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured:"), result.stderr
    assert "GRPORTAL_MEDIA_ROOT" in last_line


def test_a_generated_report_is_reachable_only_through_the_download_view(client, world):
    report = ReportFactory(project=world.project, done=True)
    stored = Path(report.file.path)
    assert stored.is_file()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT))

    with pytest.raises(ValueError):
        report.file.url  # noqa: B018  (no MEDIA_URL: the storage has no public address)

    client.force_login(world.staff)
    for guess in (f"/media/{report.file.name}", f"/{report.file.name}", f"/static/{report.file.name}",
                  f"/var/media/{report.file.name}"):
        assert client.get(guess).status_code == 404, guess

    download = reverse("reports:download", args=[report.pk])
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == FAKE_PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")

    client.force_login(world.lead)  # a lab lead may not see funder reports
    assert client.get(download).status_code == 404
