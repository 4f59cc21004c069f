"""A NUL byte in a search box or filter never reaches the database: PostgreSQL refuses it in a query (a 500).

The check-in search reads its text by hand and drops the NUL; every other search and filter is a form field, whose
validator refuses it (the list is then shown unfiltered, with no error page).
"""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from labs.tests.factories import ActivityFactory
from seminars.tests.factories import RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db
NUL = "\x00"


@pytest.fixture
def seminar(world):
    start = timezone.now() + dt.timedelta(days=30)
    seminar = SeminarFactory(project=world.project, starts_at=start, ends_at=start + dt.timedelta(hours=3))
    RegistrationFactory(seminar=seminar, name="Alva Ek")
    RegistrationFactory(seminar=seminar, name="Bo Berg")
    return seminar


def searches(seminar):
    """Every free-text search and filter of the portal, each given a NUL."""
    return [
        (reverse("seminars:check_in", args=[seminar.pk]), {"q": f"Al{NUL}va"}),
        (reverse("seminars:registrations", args=[seminar.pk]), {"q": f"Al{NUL}va", "status": NUL}),
        (reverse("labs:lessons"), {"q": f"möte{NUL}", "theme": NUL, "method": NUL}),
        (reverse("labs:activity_log"), {"lab": NUL, "municipality": NUL, "date_from": NUL, "kind": NUL,
                                        "target_group": NUL}),
        (reverse("projects:list"), {"q": f"Social{NUL}", "year": NUL, "funder": NUL}),
    ]


def test_a_nul_in_the_check_in_search_is_dropped_and_the_name_still_found(client, world, seminar):
    client.force_login(world.coordinator)

    response = client.get(reverse("seminars:check_in", args=[seminar.pk]), {"q": f"Al{NUL}va"})
    htmx = client.get(reverse("seminars:check_in", args=[seminar.pk]), {"q": f"{NUL}alva"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200 and htmx.status_code == 200
    for page in (response.content.decode(), htmx.content.decode()):
        assert "Alva Ek" in page and "Bo Berg" not in page
    assert NUL not in response.context["q"]


def test_the_registration_list_refuses_a_nul_and_shows_everyone(client, world, seminar):
    client.force_login(world.coordinator)

    response = client.get(reverse("seminars:registrations", args=[seminar.pk]), {"q": f"Al{NUL}va"})

    assert response.status_code == 200
    assert "q" in response.context["form"].errors
    page = response.content.decode()
    assert "Alva Ek" in page and "Bo Berg" in page


def test_the_lessons_bank_and_the_activity_log_refuse_a_nul_and_show_the_unfiltered_list(client, world):
    ActivityFactory(lab=world.lab, title="Workshop om trygghet", lessons="Ett möte i taget.")
    client.force_login(world.coordinator)

    lessons = client.get(reverse("labs:lessons"), {"q": f"möte{NUL}"})
    log = client.get(reverse("labs:activity_log"), {"date_from": NUL, "lab": NUL})

    assert lessons.status_code == 200 and log.status_code == 200
    assert "q" in lessons.context["filter"].form.errors
    assert {"date_from", "lab"} <= set(log.context["filter"].form.errors)
    assert "Workshop om trygghet" in lessons.content.decode() and "Workshop om trygghet" in log.content.decode()


@pytest.mark.postgres
def test_no_search_or_filter_with_a_nul_gives_an_error_page_on_postgresql(client, world, seminar):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL refuses a NUL in a query, SQLite does not; set DATABASE_URL=postgres://…")
    ActivityFactory(lab=world.lab, title="Workshop om trygghet", lessons="Ett möte i taget.")
    client.force_login(world.coordinator)
    for url, params in searches(seminar):
        assert client.get(url, params).status_code == 200, (url, params)
        assert client.get(url, params, HTTP_HX_REQUEST="true").status_code == 200, (url, params)
