"""Error pages (403, 404, 500) come in the site's layout, with the accessibility statement in
the footer, when DEBUG is off."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse

from grportal.urls import urlpatterns as portal_urlpatterns


@login_not_required
def explode(request):
    raise RuntimeError("boom")


# A URLconf for the 500 test: the portal's own plus one view that fails.
urlpatterns = [*portal_urlpatterns, path("boom/", explode)]
handler403 = "grportal.views.permission_denied"
handler404 = "grportal.views.page_not_found"
handler500 = "grportal.views.server_error"

ACCESSIBILITY_LINK = 'href="/tillganglighet/"'


def assert_in_layout(html: str):
    assert 'class="skip-link"' in html
    assert '<main id="main"' in html
    footer = html[html.index("<footer"):]
    assert ACCESSIBILITY_LINK in footer
    assert "Traceback" not in html


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


def test_404_for_an_unknown_address_is_in_the_layout(client, db):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert response.templates[0].name == "errors/404.html"
    assert_in_layout(response.content.decode())


def test_404_for_a_hidden_project_is_the_same_page(client, world):
    client.force_login(world.outsider)
    response = client.get(world.project.get_absolute_url())
    assert response.status_code == 404
    html = response.content.decode()
    assert_in_layout(html)
    assert world.project.title not in html
    assert reverse("projects:list") in html  # a logged-in person keeps the menu


def test_403_is_in_the_layout_and_says_whom_to_ask(client, world):
    client.force_login(world.funder)
    response = client.get(reverse("projects:invite", args=[world.project.pk]))
    assert response.status_code == 403
    assert response.templates[0].name == "errors/403.html"
    html = response.content.decode()
    assert_in_layout(html)
    assert reverse("home") in html


@pytest.mark.urls(__name__)
def test_500_is_a_page_of_its_own_with_the_footer_link(client, db):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert_in_layout(html)
    assert "boom" not in html


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_error_page_speaks_the_persons_language(client, db, language):
    client.cookies["django_language"] = language
    response = client.get("/finns-inte/")
    assert f'<html lang="{language}"' in response.content.decode()
