"""Swedish is the default language and every UI string has a Swedish translation; English is the second."""

import gettext
import io
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

SV_PO = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")


@pytest.fixture
def compiled_catalogs(settings):
    """Compile stale .mo files (as make does) and make this process read them afresh.

    Catalogs may have been read before this fixture ran, so both caches are emptied: Python's
    gettext keeps every .mo file it has read, and assigning LOCALE_PATHS sends setting_changed,
    which empties Django's.
    """
    call_command("compiletranslations", stdout=io.StringIO())
    gettext._translations.clear()
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)


def _swedish_entries():
    return [entry for entry in polib.pofile(str(SV_PO)) if not entry.obsolete]


def _label(entry):
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def test_every_swedish_entry_is_translated():
    untranslated = [
        _label(entry) for entry in _swedish_entries()
        if not (entry.msgstr_plural[0] and entry.msgstr_plural[1] if entry.msgid_plural else entry.msgstr)
    ]
    assert untranslated == [], "Translate these in locale/sv/LC_MESSAGES/django.po"


def test_no_swedish_entry_is_marked_fuzzy():
    po = polib.pofile(str(SV_PO))
    fuzzy = [_label(entry) for entry in po.fuzzy_entries()]
    assert fuzzy == [], "Check these translations and remove their '#, fuzzy' flag"
    assert "fuzzy" not in po.metadata_is_fuzzy, "The header is fuzzy: its Plural-Forms would be ignored"


def test_swedish_translations_keep_every_placeholder():
    broken = []
    for entry in _swedish_entries():
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            pairs = [(entry.msgid, entry.msgstr_plural.get(0, "")),
                     (entry.msgid_plural, entry.msgstr_plural.get(1, ""))]
        for source, translation in pairs:
            if translation and sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
                broken.append(_label(entry))
    assert broken == []


def test_login_page_is_in_swedish_by_default(client, compiled_catalogs):
    response = client.get(reverse("account_login"))

    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in body
    assert "Logga in på GR Portal" in body
    assert "Till innehållet" in body
    assert "E-postadress" in body
    assert "Log in" not in body
    assert "Skip to content" not in body


def test_login_page_is_in_english_when_the_person_chose_it(client, compiled_catalogs):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("account_login"))

    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Log in to GR Portal" in body
    assert "Skip to content" in body
    assert "Logga in" not in body


def test_an_english_browser_still_meets_the_swedish_service(client, compiled_catalogs):
    """Swedish is the default: the browser's Accept-Language does not choose, only the language switch does."""
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    body = response.content.decode()
    assert '<html lang="sv">' in body
    assert "Logga in på GR Portal" in body
    assert response["Content-Language"] == "sv"


def test_choosing_english_in_the_footer_switches_the_language(client, compiled_catalogs):
    login = reverse("account_login")

    response = client.post(reverse("set_language"), {"language": "en", "next": login}, follow=True)

    assert response.redirect_chain[-1][0] == login
    assert "Log in to GR Portal" in response.content.decode()


def test_accessibility_statement_is_in_swedish_by_default(client, compiled_catalogs):
    body = client.get(reverse("accessibility")).content.decode()

    assert "Tillgänglighetsredogörelse för GR Portal" in body
    assert "förstoring till 200 %." in body


def test_a_form_error_reads_as_plain_swedish(client, compiled_catalogs, world):
    client.force_login(world.lead)

    response = client.post(reverse("labs:activity_new", args=[world.lab.pk]), {
        "kind": "workshop", "title": "Uppstart", "date": "2026-11-02",
        "participants_total": 1, "participants_women": 3, "participants_men": 0, "participants_other": 0,
        "co_financed_hours": 0,
    })

    body = response.content.decode()
    assert response.status_code == 400
    assert "Kvinnor, män och övriga är tillsammans 3." in body
    assert "[&#x27;" not in body  # the error is text, not a Python list


SOURCE_DIRS = ["accounts", "budgets", "dashboards", "grportal", "labs", "projects", "reports", "seminars", "templates"]


def test_every_string_in_the_source_is_in_the_swedish_catalogue(tmp_path):
    """A string wrapped in gettext but never extracted would show in English on a Swedish page: extract the
    strings from a copy of the source as makemessages does (GNU gettext's xgettext) and look each one up."""
    import os
    import shutil
    import subprocess
    import sys

    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed: apt-get install gettext")
    base = Path(settings.BASE_DIR)
    for name in SOURCE_DIRS:
        shutil.copytree(base / name, tmp_path / name, ignore=shutil.ignore_patterns("tests", "__pycache__", "*.pyc"))
    shutil.copy(base / "manage.py", tmp_path)
    (tmp_path / "locale" / "sv" / "LC_MESSAGES").mkdir(parents=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_URL", "REDIS_URL"))}
    env.update(DJANGO_DEBUG="1", PYTHONPATH=str(tmp_path))
    subprocess.run([sys.executable, "manage.py", "makemessages", "-l", "sv", "--no-location"],
                   cwd=tmp_path, env=env, check=True, capture_output=True, timeout=300)
    extracted = polib.pofile(str(tmp_path / "locale" / "sv" / "LC_MESSAGES" / "django.po"))
    known = {(e.msgctxt, e.msgid) for e in _swedish_entries()
             if (e.msgstr_plural.get(0) if e.msgid_plural else e.msgstr) and "fuzzy" not in e.flags}
    missing = sorted(_label(e) for e in extracted if e.msgid and (e.msgctxt, e.msgid) not in known)
    assert missing == [], ("Run makemessages (README, Translations) and translate these in "
                           "locale/sv/LC_MESSAGES/django.po")
