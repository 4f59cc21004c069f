"""The project's "Personer och roller" page, removing a role, key persons per work package and an organisation
seat's share of time per period (issue 15)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.tests.factories import FinanceSupportFactory
from projects.copying import project_copy
from projects.models import KeyPerson, OrganisationMemberShare, ProjectMembership
from projects.tests.factories import (
    KeyPersonFactory,
    MembershipFactory,
    OrganisationMemberFactory,
    WorkPackageFactory,
)

Role = ProjectMembership.Role


@pytest.fixture
def people(world):
    world.other_coordinator = MembershipFactory(role=Role.COORDINATOR).user  # of another project
    world.finance = FinanceSupportFactory(project=world.project).user
    return world


def people_url(world):
    return reverse("projects:people", args=[world.project.pk])


def remove_url(world, person, role):
    membership = world.project.memberships.get(user=person, role=role)
    return reverse("projects:membership_remove", args=[world.project.pk, membership.pk])


# --- Who may use the page -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "status"), [
    ("coordinator", 200), ("staff", 200),
    ("steering", 403), ("reference", 403), ("funder", 403), ("lead", 403), ("finance", 403),
    ("other_coordinator", 404), ("outsider", 404),
])
def test_the_people_page_is_for_coordinators_and_administrators(client, people, role, status):
    client.force_login(getattr(people, role))
    assert client.get(people_url(people)).status_code == status


@pytest.mark.parametrize(("role", "status"), [
    ("steering", 403), ("reference", 403), ("funder", 403), ("lead", 403), ("finance", 403),
    ("other_coordinator", 404), ("outsider", 404),
])
def test_only_coordinators_and_administrators_remove_a_role(client, people, role, status):
    client.force_login(getattr(people, role))
    url = remove_url(people, people.reference, Role.REFERENCE)
    assert client.get(url).status_code == status
    assert client.post(url).status_code == status
    assert people.project.memberships.filter(user=people.reference).exists()


def test_the_anonymous_are_sent_to_log_in(client, people):
    response = client.get(people_url(people))
    assert response.status_code == 302 and response.url.startswith("/konto/login/")


# --- What the page lists ------------------------------------------------------------------------------------

def test_the_page_lists_every_role_with_where_it_holds_and_how_to_remove_it(client, people):
    client.force_login(people.coordinator)
    response = client.get(people_url(people))
    body = response.content.decode()
    rows = response.context["rows"]
    labels = {(str(r.person), str(r.role), str(r.where)) for r in rows}
    assert ("Sara Samordnare", "Projektsamordnare", "Projektet") in labels
    assert ("Stig Styrgrupp", "Ledamot i styrgruppen", "Projektet") in labels
    assert ("Rut Referens", "Deltagare i referensgruppen", "Projektet") in labels
    assert ("Vera Vinnova", "Kontaktperson hos finansiären", "Projektet") in labels
    assert ("Anna Ale", "Labbledare", "Labb Ale") in labels
    assert ("Karl Kungälv", "Labbledare", "Labb Kungälv") in labels
    assert (str(people.finance), "Ekonomistöd", "Projektets budget och utfall") in labels
    assert all(r.remove_url for r in rows)
    # A lab lead is removed on the lab's settings page (labs), finance support through budgets.
    lead_row = next(r for r in rows if r.person == people.lead)
    assert lead_row.remove_url == reverse("labs:edit", args=[people.lab.pk]) + f"#lead-{people.lead.pk}"
    support = people.project.finance_support.get()
    finance_row = next(r for r in rows if r.person == people.finance)
    assert finance_row.remove_url == reverse("budgets:finance_support_remove", args=[people.project.pk, support.pk])
    # A table with headers; the invite page and "add finance support" are linked.
    assert '<th scope="col">Person</th>' in body and '<th scope="row">' in body
    assert reverse("projects:invite", args=[people.project.pk]) in body
    assert reverse("budgets:finance_support_add", args=[people.project.pk]) in body
    assert "Lägg till ekonomistöd" in body


def test_the_project_page_links_the_people_page_for_coordinators_only(client, people):
    client.force_login(people.coordinator)
    assert people_url(people) in client.get(people.project.get_absolute_url()).content.decode()
    client.force_login(people.steering)
    assert people_url(people) not in client.get(people.project.get_absolute_url()).content.decode()


# --- Removing a project role --------------------------------------------------------------------------------

@pytest.mark.parametrize(("person", "role"), [
    ("steering", Role.STEERING), ("reference", Role.REFERENCE), ("funder", Role.FUNDER_CONTACT),
])
def test_a_coordinator_removes_a_role_after_confirming(client, people, person, role):
    client.force_login(people.coordinator)
    url = remove_url(people, getattr(people, person), role)
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Ja, ta bort rollen" in confirm.content.decode()
    assert people.project.memberships.filter(user=getattr(people, person), role=role).exists()  # nothing yet
    response = client.post(url)
    assert response.status_code == 302 and response.url == people_url(people)
    assert not people.project.memberships.filter(user=getattr(people, person), role=role).exists()
    # They no longer see the project (they had no other role on it).
    client.force_login(getattr(people, person))
    assert client.get(people.project.get_absolute_url()).status_code == 404


def test_the_last_coordinator_is_kept(client, people):
    client.force_login(people.staff)
    response = client.post(remove_url(people, people.coordinator, Role.COORDINATOR))
    assert response.status_code == 400
    assert "Sara Samordnare är projektets enda samordnare och kan inte tas bort" in response.content.decode()
    assert people.project.memberships.filter(user=people.coordinator, role=Role.COORDINATOR).exists()


def test_one_of_two_coordinators_can_be_removed_even_by_themselves(client, people):
    second = MembershipFactory(project=people.project, role=Role.COORDINATOR).user
    client.force_login(people.coordinator)
    response = client.post(remove_url(people, second, Role.COORDINATOR))
    assert response.status_code == 302
    assert list(people.project.memberships.filter(role=Role.COORDINATOR).values_list("user", flat=True)) == [
        people.coordinator.pk]
    # Now alone, they cannot remove themselves.
    assert client.post(remove_url(people, people.coordinator, Role.COORDINATOR)).status_code == 400


def test_a_coordinator_who_removes_their_own_role_lands_where_they_may_go(client, people):
    MembershipFactory(project=people.project, role=Role.COORDINATOR)
    client.force_login(people.coordinator)
    response = client.post(remove_url(people, people.coordinator, Role.COORDINATOR))
    assert response.status_code == 302 and response.url == reverse("projects:list")


# --- Key persons per work package ---------------------------------------------------------------------------

def test_key_persons_are_shown_on_their_work_packages_card(client, people):
    other_package = WorkPackageFactory(project=people.project, code="AP2", title="Seniorperspektiv")
    KeyPersonFactory(project=people.project, name="Nora Nyckel", role="Dialogledare",
                     work_package=people.work_package)
    KeyPersonFactory(project=people.project, name="Per Projekt", role="Processtöd")
    client.force_login(people.reference)  # everyone who reads the plan
    response = client.get(people.project.get_absolute_url())
    packages = {p.code: p for p in response.context["plan"]["work_packages"]}
    assert [p.name for p in packages["AP1"].key_person_list] == ["Nora Nyckel"]
    assert packages[other_package.code].key_person_list == []
    body = response.content.decode()
    card = body[body.index(f'id="workpackage-{people.work_package.pk}"'):]
    card = card[:card.index(f'id="workpackage-{other_package.pk}"')] if f'id="workpackage-{other_package.pk}"' in \
        card else card
    assert "Nora Nyckel" in card and "Per Projekt" not in card


def test_the_key_person_form_offers_the_projects_work_packages_only(client, people):
    foreign = WorkPackageFactory(code="APX")
    client.force_login(people.coordinator)
    url = reverse("projects:plan_add", args=[people.project.pk, "nyckelperson"])
    form = client.get(url).context["form"]
    assert list(form.fields["work_package"].queryset) == [people.work_package]
    refused = client.post(url, {"keyperson-new-name": "Nora", "keyperson-new-role": "Ledare",
                                "keyperson-new-work_package": foreign.pk})
    assert 'id="id_keyperson-new-work_package_error"' in refused.content.decode()
    client.post(url, {"keyperson-new-name": "Nora", "keyperson-new-role": "Ledare",
                      "keyperson-new-work_package": people.work_package.pk})
    assert KeyPerson.objects.get(name="Nora").work_package == people.work_package


# --- A seat's account and share of time over the project ----------------------------------------------------

def share_url(world):
    return reverse("projects:plan_add", args=[world.project.pk, "tidsandel"])


def add_share(client, world, member, share, start, end=""):
    prefix = f"membershare-new-{member.pk}"
    return client.post(share_url(world), {
        "under": member.pk, f"{prefix}-member": member.pk, f"{prefix}-share_percent": share,
        f"{prefix}-valid_from": start, f"{prefix}-valid_to": end,
    })


def test_shares_of_time_per_period_are_shown_on_the_plans_organisation(client, people):
    member = OrganisationMemberFactory(project=people.project, group="coordination", name="Petra Projektledare",
                                       share_of_time=Decimal("40"))
    client.force_login(people.coordinator)
    assert add_share(client, people, member, "50", "2025-01-01", "2025-06-30").status_code == 302
    assert add_share(client, people, member, "30", "2025-07-01").status_code == 302
    assert [(s.share_percent, s.valid_from, s.valid_to) for s in member.shares.all()] == [
        (Decimal("50"), dt.date(2025, 1, 1), dt.date(2025, 6, 30)), (Decimal("30"), dt.date(2025, 7, 1), None)]
    body = client.get(people.project.get_absolute_url()).content.decode()
    assert "50\u00a0% 1 jan 2025–30 jun 2025" in body
    assert "30\u00a0% från 1 jul 2025" in body
    assert "40\u00a0% av heltid" not in body  # the periods replace the single share
    assert member.shares.first().history.count() == 1  # kept in the plan's history like every plan item


@pytest.mark.parametrize(("start", "end", "field", "message"), [
    ("2025-03-01", "2025-09-30", "valid_from", "Perioden överlappar en annan period"),
    ("2025-06-30", "2025-07-31", "valid_from", "Perioden överlappar en annan period"),  # one day in common
    ("2025-05-01", "", "valid_from", "Perioden överlappar en annan period"),
    ("2025-09-01", "2025-08-01", "valid_to", "Perioden kan inte sluta innan den börjar."),
    ("2024-06-01", "2024-12-31", "valid_from", "Välj ett datum inom projektets period, 2025-01-01–2026-12-31."),
    ("2026-12-01", "2027-02-28", "valid_to", "Välj ett datum inom projektets period, 2025-01-01–2026-12-31."),
])
def test_overlapping_or_misplaced_periods_are_refused_next_to_the_field(client, people, start, end, field, message):
    member = OrganisationMemberFactory(project=people.project)
    OrganisationMemberShare.objects.create(member=member, share_percent=50, valid_from=dt.date(2025, 1, 1),
                                           valid_to=dt.date(2025, 6, 30))
    client.force_login(people.coordinator)
    response = add_share(client, people, member, "30", start, end)
    assert response.status_code == 200
    body = response.content.decode()
    error_at = body.index(f'id="id_membershare-new-{member.pk}-{field}_error"')
    assert message in body[error_at:error_at + 400]
    assert member.shares.count() == 1
    assert f'value="{start}"' in body  # what was typed stays


def test_an_open_period_before_a_later_one_overlaps_it(client, people):
    member = OrganisationMemberFactory(project=people.project)
    OrganisationMemberShare.objects.create(member=member, share_percent=30, valid_from=dt.date(2025, 7, 1))
    client.force_login(people.coordinator)
    assert add_share(client, people, member, "50", "2025-01-01").status_code == 200
    assert add_share(client, people, member, "50", "2025-01-01", "2025-06-30").status_code == 302


def test_changing_a_share_does_not_overlap_itself(client, people):
    member = OrganisationMemberFactory(project=people.project)
    share = OrganisationMemberShare.objects.create(member=member, share_percent=30, valid_from=dt.date(2025, 1, 1))
    client.force_login(people.coordinator)
    prefix = f"membershare-{share.pk}"
    response = client.post(reverse("projects:plan_edit", args=[people.project.pk, "tidsandel", share.pk]), {
        f"{prefix}-member": member.pk, f"{prefix}-share_percent": "35", f"{prefix}-valid_from": "2025-02-01",
        f"{prefix}-valid_to": "", f"{prefix}-version": share.version,
    })
    assert response.status_code == 302
    share.refresh_from_db()
    assert (share.share_percent, share.valid_from, share.version) == (Decimal("35"), dt.date(2025, 2, 1), 2)


@pytest.mark.parametrize("role", ["steering", "reference", "funder", "lead"])
def test_only_coordinators_edit_shares_of_time(client, people, role):
    member = OrganisationMemberFactory(project=people.project)
    client.force_login(getattr(people, role))
    assert add_share(client, people, member, "50", "2025-01-01").status_code == 403
    assert not member.shares.exists()


def test_a_seat_is_linked_to_an_account_of_someone_in_the_project(client, people):
    client.force_login(people.coordinator)
    url = reverse("projects:plan_add", args=[people.project.pk, "organisation"])
    offered = set(client.get(url).context["form"].fields["user"].queryset)
    assert people.steering in offered and people.outsider not in offered
    response = client.post(url, {"member-new-group": "steering", "member-new-name": "Stig Styrgrupp",
                                 "member-new-user": people.steering.pk})
    assert response.status_code == 302
    member = people.project.organisation_members.get(name="Stig Styrgrupp")
    assert member.user == people.steering
    assert "har konto i portalen" in client.get(people.project.get_absolute_url()).content.decode()


def test_a_copy_keeps_key_persons_on_its_own_work_packages_and_moves_the_shares_of_time(people):
    KeyPersonFactory(project=people.project, name="Nora Nyckel", work_package=people.work_package)
    member = OrganisationMemberFactory(project=people.project, name="Petra")
    OrganisationMemberShare.objects.create(member=member, share_percent=50, valid_from=dt.date(2025, 1, 1),
                                           valid_to=dt.date(2025, 6, 30))
    copy = project_copy(source=people.project, copied_by=people.coordinator, start_date=dt.date(2027, 1, 1))
    person = copy.key_persons.get()
    assert person.work_package.project == copy and person.work_package.code == "AP1"
    share = OrganisationMemberShare.objects.get(member__project=copy)
    assert (share.member.name, share.valid_from, share.valid_to) == ("Petra", dt.date(2027, 1, 1),
                                                                     dt.date(2027, 6, 30))
