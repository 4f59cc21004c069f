"""Lessons stand on their own too (issue 15): a lesson recorded outside any activity, with what it led to and a
contact person who still knows the matter, kept by the project's coordinators and the lab's leads, and listed in
the Erfarenhetsbank (and the funder reports) together with the activities' lessons."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from accounts.rules import has
from accounts.tests.factories import OrganisationFactory, UserFactory
from labs.models import Activity, Lesson
from labs.selectors import STANDALONE_LESSON, lessons_for_project
from labs.tests.factories import ActivityFactory, LabFactory
from projects.models import ProjectMembership
from projects.roles import forget_roles
from projects.tests.factories import MembershipFactory, ProjectFactory
from reports.content import Source, lessons_content
from reports.registry import get_report_type

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 9, 15)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2025, 9, 15, 12, 0, tzinfo=dt.UTC), tick=False):
        yield TODAY


def sv(msgid: str, **values) -> str:
    with translation.override("sv"):
        text = translation.gettext(msgid)
    return escape(text % values if values else text)


def lesson_in(lab=None, *, project=None, **fields) -> Lesson:
    return Lesson.objects.create(**{
        "project": project or lab.project, "lab": lab, "title": "Kvällstid", "text": "Kvällar i skolans matsal.",
        "effect": "Alla möten flyttades till kvällstid.", "contact_name": "Anna Ale", "recorded_on": TODAY,
        **fields})


def form_data(world, **overrides) -> dict:
    return {"project": world.project.pk, "lab": world.lab.pk, "title": "Bjud in tidigt",
            "text": "Skolorna behöver veta en termin i förväg.", "effect": "Vi skickar inbjudan i maj.",
            "themes": ["time", "methods"], "contact_name": "Pia Partillesson",
            "contact_organisation": world.lab.municipality_id, "contact_email": "pia@ale.se",
            "recorded_on": "2025-09-01", **overrides}


# --- Recording --------------------------------------------------------------------------------------------------


def test_a_lab_lead_records_a_lesson_of_their_lab_from_the_lab_page(client, world):
    client.force_login(world.lead)
    lab_page = client.get(reverse("labs:detail", args=[world.lab.pk])).content.decode()
    new_url = f"{reverse('labs:lesson_new')}?labb={world.lab.pk}"
    assert escape(new_url) in lab_page
    page = client.get(new_url)
    assert page.status_code == 200
    assert page.context["form"]["lab"].value() == world.lab.pk  # the lab comes chosen

    response = client.post(new_url, form_data(world))
    assert response.status_code == 302 and response.url == reverse("labs:lessons")
    lesson = Lesson.objects.get()
    assert (lesson.project, lesson.lab, lesson.created_by) == (world.project, world.lab, world.lead)
    assert lesson.themes == "time,methods"
    assert lesson.contact_email == "pia@ale.se" and lesson.effect == "Vi skickar inbjudan i maj."
    assert lesson.recorded_on == dt.date(2025, 9, 1) and lesson.version == 1


def test_a_new_lesson_is_dated_today(client, world):
    client.force_login(world.coordinator)
    page = client.get(reverse("labs:lesson_new"))
    assert 'value="2025-09-15"' in page.content.decode()


def test_a_coordinator_records_a_lesson_of_the_whole_project(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:lesson_new"), form_data(world, lab="", contact_email=""))
    assert response.status_code == 302
    lesson = Lesson.objects.get()
    assert lesson.lab is None and lesson.project == world.project and lesson.contact_email == ""


def test_a_lab_lead_may_not_record_a_lesson_of_the_whole_project(client, world):
    client.force_login(world.lead)
    response = client.post(reverse("labs:lesson_new"), form_data(world, lab=""))
    assert response.status_code == 400
    assert sv("A lesson of the whole project is recorded by its coordinators: choose the lab you lead.") in (
        response.content.decode())
    assert not Lesson.objects.exists()


def test_a_lab_lead_may_not_record_a_lesson_for_another_lab(client, world):
    client.force_login(world.other_lead)
    response = client.post(reverse("labs:lesson_new"), form_data(world))  # the Ale lab, led by someone else
    assert response.status_code == 400
    assert sv("Choose one of the labs you may record lessons for.") in response.content.decode()
    assert not Lesson.objects.exists()


def test_a_lab_from_another_project_is_refused_next_to_the_lab(client, world):
    other = LabFactory(project=ProjectFactory(), name="Labb Mölndal")
    MembershipFactory(project=other.project, user=world.coordinator, role=ProjectMembership.Role.COORDINATOR)
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:lesson_new"), form_data(world, lab=other.pk))
    assert response.status_code == 400
    assert response.context["form"].errors["lab"] == [sv(
        "The lab belongs to another project: choose a lab of %(project)s, or none for the whole project.",
        project=world.project)]


def test_another_labs_preset_is_not_offered(client, world):
    client.force_login(world.other_lead)
    page = client.get(f"{reverse('labs:lesson_new')}?labb={world.lab.pk}")
    assert page.status_code == 200
    assert page.context["form"]["lab"].value() == world.other_lab.pk  # their own, only lab instead
    assert world.lab.name not in page.content.decode()  # not among the labs offered


def test_a_lab_lead_with_one_lab_finds_it_chosen_and_a_coordinator_the_whole_project(client, world):
    client.force_login(world.lead)
    form = client.get(reverse("labs:lesson_new")).context["form"]
    assert (form["project"].value(), form["lab"].value()) == (world.project.pk, world.lab.pk)
    client.force_login(world.coordinator)
    assert client.get(reverse("labs:lesson_new")).context["form"]["lab"].value() is None


@pytest.mark.parametrize("role", ["steering", "reference", "funder", "outsider"])
def test_who_neither_coordinates_nor_leads_a_lab_may_not_record_a_lesson(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(reverse("labs:lesson_new")).status_code == 403
    assert client.post(reverse("labs:lesson_new"), form_data(world)).status_code == 403
    assert not Lesson.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, world):
    lesson = lesson_in(world.lab)
    for url in (reverse("labs:lesson_new"), reverse("labs:lesson_edit", args=[lesson.pk]),
                reverse("labs:lesson_delete", args=[lesson.pk])):
        response = client.post(url, form_data(world))
        assert response.status_code == 302 and response.url.startswith("/konto/login/")
    assert Lesson.objects.get().title == "Kvällstid"


def test_the_messages_next_to_the_fields_are_swedish(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:lesson_new"), form_data(
        world, title="", text="", contact_name="", contact_email="pia@", recorded_on="15/9", themes=["weather"]))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["title"] == [sv("Give the lesson a short title.")]
    assert errors["text"] == [sv("Write what was learned.")]
    assert errors["contact_name"] == [sv("Name a contact person who still knows the matter.")]
    assert errors["contact_email"] == [sv("Write a whole email address, such as namn@kommun.se, or leave it empty.")]
    assert errors["recorded_on"] == [sv("Write the date as year-month-day, such as 2026-03-15.")]
    assert errors["themes"] == [sv("Choose themes from the list.")]
    body = response.content.decode()
    assert sv("Give the lesson a short title.") in body and 'aria-invalid="true"' in body


def test_a_lesson_dated_in_the_future_is_refused(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:lesson_new"), form_data(world, recorded_on="2025-09-16"))
    assert response.status_code == 400
    assert response.context["form"].errors["recorded_on"] == [
        sv("The date lies in the future. A lesson is recorded once it has been learned.")]


def test_the_email_help_says_who_sees_it(client, world):
    client.force_login(world.coordinator)
    body = client.get(reverse("labs:lesson_new")).content.decode()
    assert sv("Optional. Shown to everyone who sees the lesson; leave it empty if the person has not agreed.") in body


# --- Changing and deleting --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["lead", "coordinator", "staff"])
def test_the_labs_lead_and_the_coordinators_change_a_lesson(client, world, role):
    lesson = lesson_in(world.lab)
    client.force_login(getattr(world, role))
    url = reverse("labs:lesson_edit", args=[lesson.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(world, title="Kvällstid fungerar", version=1))
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.title == "Kvällstid fungerar" and lesson.version == 2


@pytest.mark.parametrize(("role", "status"), [("other_lead", 403), ("steering", 403), ("funder", 404),
                                              ("reference", 404), ("outsider", 404)])
def test_others_may_not_change_or_delete_a_lesson(client, world, role, status):
    lesson = lesson_in(world.lab)
    client.force_login(getattr(world, role))
    edit, delete = reverse("labs:lesson_edit", args=[lesson.pk]), reverse("labs:lesson_delete", args=[lesson.pk])
    assert client.get(edit).status_code == status
    assert client.post(edit, form_data(world, title="Ändrat utan lov", version=1)).status_code == status
    assert client.post(delete, {"version": 1}).status_code == status
    lesson.refresh_from_db()
    assert lesson.title == "Kvällstid" and lesson.version == 1


def test_a_lab_lead_may_not_change_a_lesson_of_the_whole_project(client, world):
    lesson = lesson_in(project=world.project)
    client.force_login(world.lead)
    assert client.get(reverse("labs:lesson_edit", args=[lesson.pk])).status_code == 403


def test_the_second_of_two_edits_from_the_same_version_is_refused(client, world):
    lesson = lesson_in(world.lab)
    url = reverse("labs:lesson_edit", args=[lesson.pk])
    client.force_login(world.lead)
    assert client.post(url, form_data(world, text="Den första", version=1)).status_code == 302
    client.force_login(world.coordinator)
    refused = client.post(url, form_data(world, text="Den andra", version=1))
    assert refused.status_code == 409
    body = refused.content.decode()
    assert sv("Someone else saved this while you were editing, so your changes are not saved yet.") in body
    assert "Den andra" in body  # what was typed stays
    lesson.refresh_from_db()
    assert lesson.text == "Den första" and lesson.version == 2


def test_a_lab_lead_deletes_a_lesson_after_seeing_it(client, world):
    lesson = lesson_in(world.lab)
    client.force_login(world.lead)
    url = reverse("labs:lesson_delete", args=[lesson.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="version" value="1"' in page.content.decode()
    response = client.post(url, {"version": 1})
    assert response.status_code == 302 and response.url == reverse("labs:lessons")
    assert not Lesson.objects.exists()


def test_a_lesson_changed_since_the_delete_page_opened_is_not_deleted(client, world):
    lesson = lesson_in(world.lab)
    client.force_login(world.coordinator)
    assert client.post(reverse("labs:lesson_edit", args=[lesson.pk]),
                       form_data(world, title="Ändrad", version=1)).status_code == 302
    client.force_login(world.lead)
    refused = client.post(reverse("labs:lesson_delete", args=[lesson.pk]), {"version": 1})
    assert refused.status_code == 409
    assert sv("Someone else changed the lesson after you opened this page, so it was not deleted.") in (
        refused.content.decode())
    assert Lesson.objects.get().title == "Ändrad"


def test_a_delete_without_its_version_deletes_nothing(client, world):
    lesson = lesson_in(world.lab)
    client.force_login(world.lead)
    assert client.post(reverse("labs:lesson_delete", args=[lesson.pk])).status_code == 409
    assert Lesson.objects.filter(pk=lesson.pk).exists()


# --- Who sees a lesson: the predicate and the queryset agree -----------------------------------------------------


ROLES = ("coordinator", "steering", "reference", "funder", "lead", "other_lead", "staff", "outsider",
         "elsewhere_coordinator", "elsewhere_lead", "inactive")


@pytest.fixture
def full_world(world):
    other = ProjectFactory(title="Ett annat projekt", short_name="AAP")
    other_lab = LabFactory(project=other, name="Labb Mölndal")
    world.elsewhere_coordinator = UserFactory(full_name="Eva Annanstans")
    MembershipFactory(project=other, user=world.elsewhere_coordinator, role=ProjectMembership.Role.COORDINATOR)
    world.elsewhere_lead = UserFactory(full_name="Mats Mölndal")
    other_lab.leads.add(world.elsewhere_lead)
    world.inactive = UserFactory(full_name="Ivar Inaktiv", is_active=False)
    MembershipFactory(project=world.project, user=world.inactive, role=ProjectMembership.Role.COORDINATOR)
    for lab in (world.lab, world.other_lab, other_lab):
        lesson_in(lab, title=f"Lärdom i {lab.name}")
    lesson_in(project=other, title="Hela det andra projektet")
    lesson_in(project=world.project, title="Hela projektet")
    return world


@pytest.mark.parametrize("role", ROLES)
def test_the_view_rule_allows_exactly_what_the_queryset_lists(full_world, role):
    user = getattr(full_world, role)
    allowed = {lesson.pk for lesson in Lesson.objects.all() if has(user, "labs.view_lesson", lesson)}
    forget_roles(user)
    assert allowed == set(Lesson.objects.visible_to(user).values_list("pk", flat=True))


def test_standalone_lessons_are_seen_like_approved_activity_lessons(full_world):
    """The same people: everyone who works with labs sees an approved activity lesson of any lab, and every
    standalone lesson; those who do not (reference group, funder, outsider) see neither."""
    approved = ActivityFactory(lab=full_world.lab, lessons="Godkänd lärdom", status=Activity.Status.APPROVED)
    for role in ROLES:
        user = getattr(full_world, role)
        forget_roles(user)
        sees_approved = Activity.objects.lessons_visible_to(user).filter(pk=approved.pk).exists()
        forget_roles(user)
        assert Lesson.objects.visible_to(user).count() == (5 if sees_approved else 0), role


def test_the_edit_rule_follows_project_and_lab(full_world):
    w = full_world
    ale, kungalv = Lesson.objects.get(lab=w.lab), Lesson.objects.get(lab=w.other_lab)
    whole = Lesson.objects.get(title="Hela projektet")
    assert has(w.lead, "labs.edit_lesson", ale) and not has(w.lead, "labs.edit_lesson", kungalv)
    assert not has(w.lead, "labs.edit_lesson", whole)
    assert all(has(w.coordinator, "labs.edit_lesson", lesson) for lesson in (ale, kungalv, whole))
    assert not has(w.elsewhere_coordinator, "labs.edit_lesson", ale)
    assert not has(w.steering, "labs.edit_lesson", ale) and not has(w.inactive, "labs.edit_lesson", ale)


# --- The Erfarenhetsbank ----------------------------------------------------------------------------------------


def _bank(client, user, query=""):
    client.force_login(user)
    response = client.get(reverse("labs:lessons") + query)
    assert response.status_code == 200
    return response


def _titles(response) -> list[str]:
    return [item.title for item in response.context["lessons"]]


@pytest.fixture
def bank(world):
    """Lessons of both kinds in the Ale and Kungälv labs and of the whole project, on different days."""
    kungalv = world.other_lab
    ActivityFactory(lab=world.lab, title="Workshop Ale", date=dt.date(2025, 6, 1), lessons="Fika lockar.",
                    lesson_themes="courage", status=Activity.Status.APPROVED)
    ActivityFactory(lab=kungalv, title="Möte Kungälv", date=dt.date(2025, 8, 1), lessons="Korta möten.",
                    lesson_themes="time", status=Activity.Status.APPROVED)
    ActivityFactory(lab=world.lab, title="Utan lärdom", date=dt.date(2025, 8, 2))
    lesson_in(world.lab, title="Kvällstid", recorded_on=dt.date(2025, 7, 1), themes="time",
              contact_email="anna@ale.se", contact_organisation=world.lab.municipality)
    lesson_in(kungalv, title="Lokal på torget", recorded_on=dt.date(2025, 5, 1), themes="innovation")
    lesson_in(project=world.project, title="Tydliga roller", recorded_on=dt.date(2025, 9, 1), themes="leadership",
              text="Gör tydliga överenskommelser med beställaren.")
    return world


def test_the_bank_lists_both_kinds_newest_first(client, bank):
    response = _bank(client, bank.coordinator)
    assert _titles(response) == ["Tydliga roller", "Möte Kungälv", "Kvällstid", "Workshop Ale", "Lokal på torget"]
    body = response.content.decode()
    assert "Alla möten flyttades till kvällstid." in body  # the effect …
    assert "Anna Ale" in body and 'href="mailto:anna@ale.se"' in body  # … and who still knows the matter
    assert str(bank.lab.municipality) in body
    assert sv("%(project)s, the whole project", project=bank.project.short_name) in body
    assert reverse("labs:lesson_new") in body


@pytest.mark.parametrize(("query", "expected"), [
    ("?theme=time", ["Möte Kungälv", "Kvällstid"]),
    ("?lab={lab}", ["Kvällstid", "Workshop Ale"]),
    ("?municipality={municipality}", ["Möte Kungälv", "Lokal på torget"]),
    ("?q=beställaren", ["Tydliga roller"]),
    ("?q=korta", ["Möte Kungälv"]),
    ("?q=Ale&theme=time", ["Kvällstid"]),
])
def test_the_banks_filters_apply_to_both_kinds(client, bank, query, expected):
    query = query.format(lab=bank.lab.pk, municipality=bank.other_lab.municipality_id)
    assert _titles(_bank(client, bank.coordinator, query)) == expected


def test_the_bank_shows_edit_links_only_to_those_who_may_edit(client, bank):
    lesson = Lesson.objects.get(title="Kvällstid")
    edit = reverse("labs:lesson_edit", args=[lesson.pk])
    assert edit in _bank(client, bank.lead).content.decode()
    body = _bank(client, bank.other_lead).content.decode()
    assert "Kvällstid" in body and edit not in body
    assert reverse("labs:lesson_new") in body  # a lab lead records lessons of their own lab


def test_a_funder_contact_sees_no_standalone_lesson_in_the_bank(client, bank):
    response = _bank(client, bank.funder)
    assert response.context["lessons"] == []
    assert "Anna Ale" not in response.content.decode()
    assert reverse("labs:lesson_new") not in response.content.decode()


def test_the_bank_pages_the_merged_list(client, bank, monkeypatch):
    monkeypatch.setattr("labs.views_log.PAGE_SIZE", 2)
    assert _titles(_bank(client, bank.coordinator, "?page=2")) == ["Kvällstid", "Workshop Ale"]
    last = _bank(client, bank.coordinator, "?page=3")
    assert _titles(last) == ["Lokal på torget"] and last.context["page"].paginator.count == 5


@pytest.mark.parametrize("n", [1, 10])
def test_the_banks_queries_do_not_grow_with_its_rows(client, world, django_assert_num_queries, n):
    for i in range(n):
        ActivityFactory(lab=world.lab if i % 2 else world.other_lab, lessons=f"Lärdom {i}",
                        status=Activity.Status.APPROVED)
        lesson_in(None if i % 2 else world.lab, project=world.project, title=f"Fristående {i}",
                  contact_organisation=OrganisationFactory())
    client.force_login(world.coordinator)
    # session, user, the person's project roles, labs led, count and page keys (one UNION each), the page's
    # activities, its standalone lessons, their labs' methods, the filter's choices: labs, methods, municipalities
    with django_assert_num_queries(12):
        response = client.get(reverse("labs:lessons"))
    assert len(response.context["lessons"]) == 2 * n


# --- The funder reports read the same lessons ---------------------------------------------------------------------


def test_the_report_and_the_bank_list_the_same_lessons(client, bank):
    activities = Activity.objects.filter(lessons__gt="")
    assert all(a.status in Activity.REPORTED_STATUSES for a in activities)  # the bank also shows drafts
    period = {"period_start": dt.date(2025, 1, 1), "period_end": dt.date(2025, 12, 31)}
    in_bank = {(item.lesson_kind, item.pk) for item in _bank(client, bank.coordinator).context["lessons"]}
    assert {(item.lesson_kind, item.pk) for item in lessons_for_project(bank.project, **period)} == in_bank

    source = Source(project=bank.project, **period)
    content = lessons_content(source, get_report_type("vinnova_progress"))
    assert sorted(row["title"] for row in content["lessons"]) == sorted(_titles(_bank(client, bank.coordinator)))
    whole = content["lessons"][0]  # the whole project's lessons first, then by lab and date
    assert whole["title"] == "Tydliga roller" and whole["kind"] == STANDALONE_LESSON
    assert whole["effect"] == "Alla möten flyttades till kvällstid."
    assert "contact" not in " ".join(whole)  # the contact person stays in the portal


def test_the_report_takes_the_periods_lessons_only(bank):
    lessons = lessons_for_project(bank.project, period_start=dt.date(2025, 7, 1), period_end=dt.date(2025, 8, 31))
    assert [item.title for item in lessons] == ["Möte Kungälv", "Kvällstid"]


def test_a_draft_activitys_lesson_stays_out_of_the_report(bank):
    ActivityFactory(lab=bank.lab, title="Utkast", lessons="Ett utkast.", status=Activity.Status.DRAFT,
                    date=timezone.localdate())
    titles = [item.title for item in lessons_for_project(bank.project)]
    assert "Utkast" not in titles and "Kvällstid" in titles
