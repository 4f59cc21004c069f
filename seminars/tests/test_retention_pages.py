"""After the retention task has anonymised a seminar's registrations, every page that shows a registration still
answers, and none of them shows a name, an email address, a need or a feedback comment any more."""

import csv
import datetime as dt
import io
import zoneinfo

import openpyxl
import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from accounts.tests.factories import UserFactory
from seminars.models import Feedback, Registration
from seminars.tasks import erase_expired_personal_data
from seminars.tests.factories import RegistrationFactory, SeminarFactory
from seminars.tokens import CANCEL_SALT, make_token

pytestmark = pytest.mark.django_db
Status = Registration.Status
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
BEFORE = dt.datetime(2025, 9, 1, 10, 0, tzinfo=STOCKHOLM)
HELD = dt.datetime(2025, 9, 18, 13, 0, tzinfo=STOCKHOLM)
# The default retention time is 730 days after the seminar: 2027-09-18.
AFTER_RETENTION = dt.datetime(2027, 10, 1, 10, 0, tzinfo=STOCKHOLM)

# Every personal value contains "hemlig", which no page of the portal says on its own.
PERSONAL = [
    ("Greta Hemligsson", "greta.hemligsson@example.se", Status.REGISTERED, "Hemlig laktosfri", "Hemlig ledsagare"),
    ("Olof Hemligberg", "olof@hemlig.example.se", Status.REGISTERED, "", ""),
    ("Kim Hemligqvist", "kim@hemlig.example.se", Status.WAITING, "Hemlig vegan", ""),
    ("Ulla Hemligström", "ulla@hemlig.example.se", Status.CANCELLED, "", "Hemlig hörslinga"),
]


@pytest.fixture
def anonymised(world):
    """A seminar of the project held on 2025-09-18 with four registrations and a feedback comment; the clock is
    then at 2027-10-01 and the nightly retention task has run."""
    admin = UserFactory(full_name="Ada Administratör", is_staff=True, is_superuser=True)
    with time_machine.travel(BEFORE, tick=False) as traveller:
        seminar = SeminarFactory(project=world.project, starts_at=HELD, ends_at=HELD + dt.timedelta(hours=3),
                                 food_served=True)
        registrations = [
            RegistrationFactory(seminar=seminar, name=name, email=email, status=status, dietary_needs=diet,
                                accessibility_needs=access, gender="woman", consents_to_invitations=True)
            for name, email, status, diet, access in PERSONAL]
        # An administrator corrected a registration in the admin, which logs its name.
        LogEntry.objects.log_actions(admin.pk, [registrations[0]], CHANGE, change_message="[]", single_object=True)
        traveller.move_to(HELD + dt.timedelta(hours=1))
        Registration.objects.filter(pk__in=[registrations[0].pk, registrations[1].pk]).update(attended_at=HELD)
        Feedback.objects.create(seminar=seminar, rating=4, comment="Hemlig kommentar om Greta")
        traveller.move_to(AFTER_RETENTION)
        result = erase_expired_personal_data.apply().get()
        assert result["anonymised"] == 4
        yield seminar, registrations, admin


def assert_no_personal_data(text: str, url: str) -> None:
    assert "hemlig" not in text.lower(), url
    for name, email, *_rest in PERSONAL:
        assert name not in text and email not in text, url


def page_text(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        return "\n".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True)
                         for cell in row if cell is not None)
    if response["Content-Type"].startswith("text/csv"):
        return "\n".join(";".join(row) for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")),
                                                             delimiter=";"))
    return response.content.decode()


def test_every_organiser_page_that_shows_a_registration_answers_without_personal_data(client, world, anonymised):
    seminar, registrations, _admin = anonymised
    pk = seminar.pk
    urls = [reverse("seminars:list"), reverse("seminars:public", args=[pk]), reverse("seminars:edit", args=[pk])]
    for name in ("registrations", "check_in", "catering", "feedback_overview", "documentation", "programme"):
        urls.append(reverse(f"seminars:{name}", args=[pk]))
    registrations_url = reverse("seminars:registrations", args=[pk])
    urls += [registrations_url + "?export=csv", registrations_url + "?export=xlsx",
             registrations_url + "?status=registered&attended=yes", registrations_url + "?q=example",
             reverse("seminars:check_in", args=[pk]) + "?q=a", reverse("seminars:catering", args=[pk]) + "?export=csv",
             reverse("home"), reverse("dashboards:portfolio"), reverse("dashboards:project", args=[world.project.pk])]
    for person in (world.coordinator, world.staff):
        client.force_login(person)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert_no_personal_data(page_text(response), url)
        # The check-in list as HTMX swaps it, and a tap on an anonymised row.
        response = client.get(reverse("seminars:check_in", args=[pk]), HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert_no_personal_data(page_text(response), "check-in (HTMX)")
        toggle = reverse("seminars:check_in_toggle", args=[pk, registrations[1].pk])
        response = client.post(toggle, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert_no_personal_data(page_text(response), toggle)


def test_the_cancel_link_of_an_anonymised_registration_still_answers(client, anonymised):
    _seminar, registrations, _admin = anonymised
    url = reverse("seminars:cancel", args=[make_token(registrations[0], CANCEL_SALT)])
    response = client.get(url)
    assert response.status_code == 200
    assert_no_personal_data(page_text(response), url)


def test_every_admin_page_that_shows_a_registration_answers_without_personal_data(client, anonymised):
    seminar, registrations, admin = anonymised
    client.force_login(admin)
    registration = registrations[0]
    urls = [
        reverse("admin:index"),
        reverse("admin:seminars_registration_changelist"),
        reverse("admin:seminars_registration_changelist") + "?status=registered",
        reverse("admin:seminars_registration_change", args=[registration.pk]),
        reverse("admin:seminars_registration_history", args=[registration.pk]),
        reverse("admin:seminars_registration_delete", args=[registration.pk]),
        reverse("admin:seminars_seminar_change", args=[seminar.pk]),
        reverse("admin:seminars_seminar_delete", args=[seminar.pk]),  # lists the registrations it would delete
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_personal_data(page_text(response), url)
    # "Delete selected registrations" lists each one before asking.
    response = client.post(reverse("admin:seminars_registration_changelist"),
                           {"action": "delete_selected", "_selected_action": [r.pk for r in registrations]})
    assert response.status_code == 200
    assert_no_personal_data(page_text(response), "delete selected")
    assert Registration.objects.count() == 4


def test_an_anonymised_registration_reads_as_anonymised_in_swedish_and_english(anonymised):
    from django.utils import translation

    _seminar, registrations, _admin = anonymised
    registration = Registration.objects.get(pk=registrations[0].pk)
    with translation.override("sv"):
        assert str(registration) == "(anonymiserad)"
    with translation.override("en"):
        assert str(registration) == "(anonymised)"


# --- Without Celery beat (the embedded set-up): the command that `make run` runs before serving ------------

def test_the_run_retention_command_erases_what_is_past_its_time_and_running_it_again_changes_nothing(world):
    from django.core.management import call_command

    with time_machine.travel(BEFORE, tick=False) as traveller:
        old = SeminarFactory(starts_at=HELD, ends_at=HELD + dt.timedelta(hours=3))
        recent_start = AFTER_RETENTION - dt.timedelta(days=30)
        recent = SeminarFactory(starts_at=recent_start, ends_at=recent_start + dt.timedelta(hours=3))
        for seminar in (old, recent):
            RegistrationFactory(seminar=seminar, name="Greta Hemligsson", dietary_needs="Hemlig vegan")
        traveller.move_to(AFTER_RETENTION)
        out = io.StringIO()
        call_command("run_retention", stdout=out)
        assert out.getvalue().strip() == ("Retention: 1 registration(s) anonymised, dietary and accessibility needs "
                                          "erased from 2, 0 feedback comment(s) erased.")
        assert list(old.registrations.values_list("name", "email", "dietary_needs")) == [("", "", "")]
        assert list(recent.registrations.values_list("name", "dietary_needs")) == [("Greta Hemligsson", "")]
        anonymised_at = old.registrations.get().anonymised_at

        traveller.move_to(AFTER_RETENTION + dt.timedelta(days=1))
        out = io.StringIO()
        call_command("run_retention", stdout=out)
        assert out.getvalue().strip() == ("Retention: 0 registration(s) anonymised, dietary and accessibility needs "
                                          "erased from 0, 0 feedback comment(s) erased.")
        assert old.registrations.get().anonymised_at == anonymised_at


def test_make_run_runs_the_retention_before_it_serves_and_the_readme_says_so():
    from django.conf import settings

    makefile = (settings.BASE_DIR / "Makefile").read_text()
    run_target = makefile.split("\nrun: install")[1].split("\n\n")[0]
    commands = [line.strip() for line in run_target.splitlines() if line.startswith("\t")]
    assert "$(BIN)/python manage.py run_retention" in commands
    assert commands.index("$(BIN)/python manage.py run_retention") < \
        next(i for i, c in enumerate(commands) if "runserver" in c)
    assert "manage.py run_retention" in (settings.BASE_DIR / "README.md").read_text()
