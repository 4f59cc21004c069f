"""Browser tests: one headless Chromium per session, a fresh context per test, axe-core on every page.

The browser is Debian's Chromium (GRPORTAL_BROWSER to use another); Playwright never downloads one.
Every page a test visits must pass axe-core's WCAG 2.1 A and AA rules (`check_page`), and a page that
breaks the Content Security Policy or throws a JavaScript error fails the test.
"""

import importlib
import os
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urldefrag

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from grportal.demo_calendar import DemoCalendar
from grportal.management.commands.load_demo import DEMO_PASSWORD

BROWSER = os.environ.get("GRPORTAL_BROWSER", "/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.call_passed = report.passed


@pytest.fixture(scope="session")
def browser():
    if not (os.path.isfile(BROWSER) and os.access(BROWSER, os.X_OK)):
        pytest.skip(f"No Chromium at {BROWSER}: install Debian's chromium package or set GRPORTAL_BROWSER.")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the main thread, where Django would then refuse ORM calls.
    # Browser tests run last (pytest-django orders transactional tests after the others), so this stays theirs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=BROWSER, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def _media_url_while_live_server_starts():
    """Django's live server mounts MEDIA_URL when it starts; the portal sets it to None (files go only through
    permission-checked views), which the live server cannot parse. A path nothing links to, for the start only."""
    original = settings.MEDIA_URL
    settings.MEDIA_URL = "/_media-is-not-served/"
    return original


@pytest.fixture(scope="session")
def live_server(_media_url_while_live_server_starts, live_server):
    settings.MEDIA_URL = _media_url_while_live_server_starts  # the started server keeps its own parsed copy
    return live_server


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def page(browser, live_server, request):
    """A page in a fresh context (a Swedish-speaking visitor) that records CSP violations and script errors."""
    context = browser.new_context(base_url=live_server.url, locale="sv-SE", viewport=DESKTOP, accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.problems = []
    page.visited = []  # main-frame URLs, without fragment
    page.checked = set()  # URLs that axe has checked

    def on_console(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            page.problems.append(f"CSP violation on {page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.problems.append(f"JavaScript error on {page.url}: {error}"))
    page.on("framenavigated", lambda frame: frame == page.main_frame and page.visited.append(urldefrag(frame.url).url))
    yield page
    context.close()
    if getattr(request.node, "call_passed", False):
        if page.problems:
            pytest.fail("\n".join(page.problems), pytrace=False)
        unchecked = [url for url in dict.fromkeys(page.visited) if url not in page.checked]
        if unchecked:
            pytest.fail(f"Pages visited without an accessibility check (call check_page): {unchecked}", pytrace=False)


def _describe(violations) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}\n  {v['helpUrl']}")
        for node in v["nodes"][:8]:
            lines.append(f"    at {' '.join(map(str, node['target']))}\n      {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.fixture
def check_page(page, axe):
    """check_page("what the page is") runs axe-core (WCAG 2.1 A and AA) on the current page and fails on violations."""

    def check(what: str):
        page.wait_for_load_state("load")
        options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
        results = axe.run(page, options=options)
        page.checked.add(urldefrag(page.url).url)
        violations = results.response["violations"]
        if violations:
            pytest.fail(f"Accessibility violations on {what} ({page.url}):\n{_describe(violations)}", pytrace=False)

    return check


@pytest.fixture
def screenshot(page):
    """screenshot("name") saves the full page at desktop (1280) and phone (390) width in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)

    def shoot(name: str):
        page.screenshot(path=ARTIFACTS / f"{name}-desktop.png", full_page=True)
        page.set_viewport_size(PHONE)
        page.screenshot(path=ARTIFACTS / f"{name}-phone.png", full_page=True)
        page.set_viewport_size(DESKTOP)

    return shoot


@pytest.fixture
def log_in(page, live_server):
    """log_in(user) gives the page a logged-in session without going through the login form."""

    def log_in_as(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return log_in_as


@pytest.fixture
def sv():
    """sv("My labs") is the UI string as the running portal shows it in Swedish (English while untranslated)."""

    def gettext_sv(msgid: str) -> str:
        with translation.override("sv"):
            return translation.gettext(msgid)

    return gettext_sv


def _seed_reference_data():
    """Run the data migrations' seeds again (municipalities, funders, methods; they are idempotent).

    A live-server test must commit, so the database is emptied after it, seeds included."""
    from django.apps import apps

    for module in ("accounts.migrations.0002_seed_organisations", "labs.migrations.0002_seed_methods"):
        importlib.import_module(module).seed(apps, None)


@pytest.fixture(scope="session", autouse=True)
def _reference_data_left_in_place(django_db_setup, django_db_blocker):
    """Leave the seeds in the test database at the end, for the next run with --reuse-db."""
    yield
    with django_db_blocker.unblock():
        _seed_reference_data()


@pytest.fixture
def demo(transactional_db):
    """The demo data (load_demo): the SISP project, five municipal labs and a person per role."""
    from accounts.models import User
    from labs.models import Lab
    from projects.models import Project

    _seed_reference_data()
    call_command("load_demo", quiet_logins=True)
    users = {u.email: u for u in User.objects.all()}
    labs = {lab.name.split(":")[0]: lab for lab in Lab.objects.all()}
    project = Project.objects.get(short_name="SISP")
    return SimpleNamespace(
        project=project,
        calendar=DemoCalendar.of_start(project.start_date),  # the source plan's dates, moved to run today
        coordinator=users["samordnare@demo.grportal.se"],
        lead=users["labb.ale@demo.grportal.se"],
        lab=labs["Labb Ale"],
        other_lab=labs["Labb Kungälv"],
        password=DEMO_PASSWORD,
    )
