"""A request larger than the portal accepts is refused with 413 from its Content-Length, before its body is read;
uploads up to the largest allowed file still work."""

import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grportal.testing.environment import production_env
from labs.models import Activity, Attachment
from labs.tests.factories import ACTIVITY_FORM, PNG
from seminars.models import Documentation, Registration
from seminars.tests.factories import SeminarFactory

HUGE = 150 * 1024 * 1024  # the anonymous 150 MB post of issue 13


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args, **kwargs):
        pytest.fail("the request body was read")

    readline = read

    def __iter__(self):
        pytest.fail("the request body was read")


def _huge_post(client, url):
    return client.generic("POST", url, b"", content_type="multipart/form-data; boundary=xyz",
                          CONTENT_LENGTH=str(HUGE), **{"wsgi.input": UnreadableBody()})


def test_the_default_limit_is_the_largest_upload_and_a_margin():
    largest = max(django_settings.SEMINARS_DOCUMENT_MAX_BYTES, django_settings.LABS_ATTACHMENT_MAX_BYTES)
    assert django_settings.REQUEST_MAX_BYTES == largest + 5 * 1024 * 1024
    assert django_settings.REQUEST_MAX_BYTES < HUGE
    assert "grportal.middleware.RequestSizeLimitMiddleware" in django_settings.MIDDLEWARE


def test_an_anonymous_huge_post_gets_413_in_swedish_without_the_body_being_read(client, world):
    seminar = SeminarFactory(project=world.project)

    response = _huge_post(client, reverse("seminars:public", args=[seminar.pk]))

    assert response.status_code == 413
    page = response.content.decode()
    assert "För stort för att skickas" in page and "25 MB" in page and "20 MB" in page
    assert response["Content-Language"] == "sv"
    assert not Registration.objects.exists()


def test_a_logged_in_huge_upload_gets_413_and_the_view_does_not_run(client, world):
    client.force_login(world.lead)

    response = _huge_post(client, reverse("labs:activity_new", args=[world.lab.pk]))

    assert response.status_code == 413
    assert not Activity.objects.exists() and not Attachment.objects.exists()


def test_the_page_follows_the_language_chosen_in_the_footer(client, world):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _huge_post(client, reverse("account_login"))
    assert response.status_code == 413
    assert "Too large to send" in response.content.decode() and response["Content-Language"] == "en"


def test_a_normal_upload_still_works(client, world):
    client.force_login(world.lead)
    response = client.post(reverse("labs:activity_new", args=[world.lab.pk]),
                           {**ACTIVITY_FORM, "attachment": SimpleUploadedFile("tavla.png", PNG)})
    assert response.status_code == 302
    assert Attachment.objects.get().size == len(PNG)


def test_the_largest_allowed_seminar_document_still_goes_through(client, world):
    seminar = SeminarFactory(project=world.project)
    content = b"%PDF-1.4\n" + b"0" * (django_settings.SEMINARS_DOCUMENT_MAX_BYTES - 9)
    client.force_login(world.coordinator)
    response = client.post(reverse("seminars:documentation", args=[seminar.pk]),
                           {"file": SimpleUploadedFile("bilder.pdf", content)})
    assert response.status_code == 302
    assert Documentation.objects.get().size == django_settings.SEMINARS_DOCUMENT_MAX_BYTES


def test_the_limit_is_read_per_request(client, world, settings):
    settings.REQUEST_MAX_BYTES = 1000
    client.force_login(world.lead)
    response = client.post(reverse("labs:activity_new", args=[world.lab.pk]),
                           {**ACTIVITY_FORM, "attachment": SimpleUploadedFile("tavla.png", PNG + b"\x00" * 2000)})
    assert response.status_code == 413
    assert not Activity.objects.exists()


@pytest.mark.parametrize(("variables", "expected"), [
    ({}, str(25 * 1024 * 1024)),
    ({"GRPORTAL_REQUEST_MAX_MB": "40"}, str(40 * 1024 * 1024)),
    ({"GRPORTAL_SEMINARS_DOCUMENT_MAX_MB": "50"}, str(55 * 1024 * 1024)),  # the default follows the largest upload
])
def test_the_limit_is_read_from_the_environment(variables, expected):
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                               "print(settings.REQUEST_MAX_BYTES)"],
        cwd=django_settings.BASE_DIR, capture_output=True, text=True, timeout=120, env=production_env(**variables))
    assert result.stdout.split() == [expected], result.stderr


def test_a_limit_no_larger_than_the_largest_upload_stops_start_up_naming_the_variable():
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=django_settings.BASE_DIR,
                            capture_output=True, text=True, timeout=120,
                            env=production_env(GRPORTAL_REQUEST_MAX_MB="20"))
    assert result.returncode != 0
    assert "GRPORTAL_REQUEST_MAX_MB" in result.stderr.strip().splitlines()[-1]
