"""Labs and lab leads without /admin/ (issue 15): coordinators start local and regional labs with one or more
methods, edit them, invite lab leads by email (new and existing accounts) and remove them; everyone else is
refused. Also the data migration that turned Lab.method into Lab.methods."""

import importlib

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.models import Invitation, Organisation
from accounts.tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from labs.models import Lab, LabPhaseChange, Method
from labs.tests.factories import ActivityFactory, LabFactory
from projects.models import ProjectMembership
from projects.tests.factories import MembershipFactory, ProjectFactory

PASSWORD = "Kvarnbacken-2026!"


@pytest.fixture
def methods(db):
    return [Method.objects.get_or_create(name=name)[0]
            for name in ("Social konsekvensanalys (SKA) i detaljplaneprocessen", "Dialog för ungas inflytande")]


def _molndal():
    found = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, name="Mölndal").first()
    return found or MunicipalityFactory(name="Mölndal")


def lab_data(world, methods, **changes):
    data = {"name": "Labb Mölndal: SKA", "kind": "local", "municipality": _molndal().pk,
            "methods": [m.pk for m in methods], "work_package": world.work_package.pk, "place": "Stadshuset",
            "phase": "understand"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def new_url(world):
    return reverse("labs:new", args=[world.project.pk])


# --- creating a lab -------------------------------------------------------------------------------------------


def test_the_project_page_offers_a_coordinator_a_new_lab(client, world):
    client.force_login(world.coordinator)
    assert new_url(world) in client.get(world.project.get_absolute_url()).content.decode()
    client.force_login(world.steering)
    assert new_url(world) not in client.get(world.project.get_absolute_url()).content.decode()


def test_a_project_without_labs_still_offers_a_new_lab(client, world):
    project = ProjectFactory()
    MembershipFactory(project=project, user=world.coordinator, role=ProjectMembership.Role.COORDINATOR)
    client.force_login(world.coordinator)
    page = client.get(project.get_absolute_url()).content.decode()
    assert reverse("labs:new", args=[project.pk]) in page


def test_a_coordinator_creates_a_local_lab_with_two_methods(client, world, methods):
    partner = OrganisationFactory(name="Hyresgästföreningen")
    client.force_login(world.coordinator)
    page = client.get(new_url(world)).content.decode()
    assert "<legend>" in page and 'type="checkbox" name="methods"' in page  # methods as checkboxes in a fieldset
    response = client.post(new_url(world), lab_data(world, methods, partners=[partner.pk], phase="ideas"))
    assert response.status_code == 302
    lab = Lab.objects.get(name="Labb Mölndal: SKA")
    assert response.url == reverse("labs:edit", args=[lab.pk])
    assert (lab.project, lab.kind, lab.municipality.name, lab.place) == (world.project, "local", "Mölndal",
                                                                         "Stadshuset")
    assert set(lab.methods.all()) == set(methods)
    assert list(lab.partners.all()) == [partner] and lab.work_package == world.work_package
    assert lab.phase == "ideas"
    assert LabPhaseChange.objects.get(lab=lab).phase == "ideas"
    assert lab.history.first().history_user == world.coordinator
    detail = client.get(reverse("labs:detail", args=[lab.pk])).content.decode()
    assert all(m.name in detail for m in methods)


def test_a_coordinator_creates_a_regional_lab_on_tour(client, world, methods):
    client.force_login(world.coordinator)
    response = client.post(new_url(world), lab_data(world, methods, name="Regionalt labb på turné",
                                                    kind="regional", municipality=""))
    assert response.status_code == 302
    lab = Lab.objects.get(name="Regionalt labb på turné")
    assert (lab.kind, lab.municipality) == (Lab.Kind.REGIONAL, None)
    assert lab.methods.count() == 2


def test_a_local_lab_needs_a_municipality_said_next_to_the_field(client, world, methods):
    client.force_login(world.coordinator)
    response = client.post(new_url(world), lab_data(world, methods, municipality=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_municipality_error"' in html
    assert 'value="Labb Mölndal: SKA"' in html and 'value="Stadshuset"' in html  # nothing typed is lost
    assert not Lab.objects.filter(name="Labb Mölndal: SKA").exists()


def test_a_regional_lab_must_not_have_a_municipality(client, world, methods):
    client.force_login(world.coordinator)
    response = client.post(new_url(world), lab_data(world, methods, kind="regional"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_municipality_error"' in html
    assert "Ett regionalt labb flyttar mellan kommunerna" in html
    assert not Lab.objects.filter(name="Labb Mölndal: SKA").exists()


def test_a_lab_needs_at_least_one_method(client, world, methods):
    client.force_login(world.coordinator)
    response = client.post(new_url(world), lab_data(world, []))
    assert response.status_code == 400
    assert 'id="id_methods_error"' in response.content.decode()
    assert "Välj minst en metod ur metodkatalogen." in response.content.decode()


def test_another_projects_work_package_is_refused(client, world, methods):
    foreign = ProjectFactory().work_packages.create(code="AP9", title="Främmande")
    client.force_login(world.coordinator)
    response = client.post(new_url(world), lab_data(world, methods, work_package=foreign.pk))
    assert response.status_code == 400
    assert not Lab.objects.filter(name="Labb Mölndal: SKA").exists()


# --- editing -----------------------------------------------------------------------------------------------------


def test_a_coordinator_edits_methods_and_phase_on_the_settings_page(client, world, methods):
    client.force_login(world.coordinator)
    url = reverse("labs:edit", args=[world.lab.pk])
    data = {"name": world.lab.name, "kind": "local", "municipality": world.lab.municipality_id,
            "methods": [m.pk for m in methods], "work_package": world.work_package.pk, "place": "Nödinge",
            "phase": "test", "version": world.lab.version}
    assert client.post(url, data).status_code == 302
    world.lab.refresh_from_db()
    assert set(world.lab.methods.all()) == set(methods) and world.lab.phase == "test"
    assert LabPhaseChange.objects.filter(lab=world.lab, phase="test", changed_by=world.coordinator).exists()
    # one method only, and the phase left as it is: no new phase change
    data.update(methods=[methods[0].pk], version=world.lab.version)
    assert client.post(url, data).status_code == 302
    assert list(world.lab.methods.all()) == [methods[0]]
    assert LabPhaseChange.objects.filter(lab=world.lab).count() == 1


def test_the_settings_page_lists_the_leads_with_a_remove_button(client, world):
    client.force_login(world.coordinator)
    page = client.get(reverse("labs:edit", args=[world.lab.pk])).content.decode()
    assert "Anna Ale" in page
    assert reverse("labs:lead_remove", args=[world.lab.pk, world.lead.pk]) in page
    assert reverse("labs:invite_lead", args=[world.lab.pk]) in page


# --- inviting and removing lab leads --------------------------------------------------------------------------


def invite(client, world, email, capture, **extra):
    client.force_login(world.coordinator)
    with capture(execute=True):
        return client.post(reverse("labs:invite_lead", args=[world.lab.pk]),
                           {"email": email, "full_name": "Nora Ny", **extra})


def test_a_new_person_invited_becomes_a_lab_lead_on_accepting(client, world, django_capture_on_commit_callbacks):
    municipality = world.lab.municipality
    response = invite(client, world, "Nora.Ny@Ale.se", django_capture_on_commit_callbacks,
                      organisation=municipality.pk)
    assert response.status_code == 302 and response.url == reverse("labs:edit", args=[world.lab.pk])
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.target, invitation.target_id) == ("nora.ny@ale.se", "labs.lab",
                                                                           world.lab.pk)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nora.ny@ale.se"]
    assert "nora.ny@ale.se" in client.get(reverse("labs:edit", args=[world.lab.pk])).content.decode()  # pending
    client.logout()
    url = reverse("accounts:invitation_accept", args=[invitation.token])
    response = client.post(url, {"full_name": "Nora Ny", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    nora = world.lab.leads.get(email="nora.ny@ale.se")
    assert nora.organisation == municipality
    assert client.get(reverse("labs:detail", args=[world.lab.pk])).status_code == 200  # logged in, a lead now
    assert client.get(reverse("labs:activity_new", args=[world.lab.pk])).status_code == 200


def test_an_existing_account_invited_becomes_a_lab_lead_after_logging_in(client, world,
                                                                        django_capture_on_commit_callbacks):
    existing = UserFactory(full_name="Karin Befintlig", email="karin@kungalv.se")
    invite(client, world, "KARIN@kungalv.se", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1  # the invitation still goes by email
    invitation = Invitation.objects.get()
    client.logout()
    url = reverse("accounts:invitation_accept", args=[invitation.token])
    assert client.get(url)["Location"].startswith(reverse("account_login"))  # log in first
    assert not world.lab.leads.filter(pk=existing.pk).exists()
    client.force_login(existing)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert world.lab.leads.filter(pk=existing.pk).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_user == existing


def test_a_person_who_already_leads_the_lab_is_not_invited_again(client, world, django_capture_on_commit_callbacks):
    response = invite(client, world, world.lead.email, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert 'id="id_email_error"' in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_a_coordinator_removes_a_lab_lead_and_what_they_logged_stays(client, world):
    activity = ActivityFactory(lab=world.lab, created_by=world.lead)
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:lead_remove", args=[world.lab.pk, world.lead.pk]))
    assert response.status_code == 302
    assert not world.lab.leads.filter(pk=world.lead.pk).exists()
    activity.refresh_from_db()
    assert activity.created_by == world.lead
    client.force_login(world.lead)
    assert client.get(reverse("labs:detail", args=[world.lab.pk])).status_code == 404


def test_removing_someone_who_is_not_a_lead_is_404(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("labs:lead_remove", args=[world.lab.pk, world.other_lead.pk]))
    assert response.status_code == 404
    assert world.other_lab.leads.filter(pk=world.other_lead.pk).exists()


def test_removing_takes_a_post(client, world):
    client.force_login(world.coordinator)
    assert client.get(reverse("labs:lead_remove", args=[world.lab.pk, world.lead.pk])).status_code == 405
    assert world.lab.leads.filter(pk=world.lead.pk).exists()


# --- denials -----------------------------------------------------------------------------------------------------


@pytest.fixture
def foreign_coordinator(db):
    """A coordinator of another project."""
    person = UserFactory(full_name="Fia Främmande")
    MembershipFactory(project=ProjectFactory(), user=person, role=ProjectMembership.Role.COORDINATOR)
    return person


@pytest.mark.parametrize(("role", "status"), [("lead", 403), ("steering", 403), ("foreign_coordinator", 404)])
def test_others_cannot_create_a_lab(client, world, methods, foreign_coordinator, role, status):
    person = foreign_coordinator if role == "foreign_coordinator" else getattr(world, role)
    client.force_login(person)
    assert client.get(new_url(world)).status_code == status
    assert client.post(new_url(world), lab_data(world, methods)).status_code == status
    assert not Lab.objects.filter(name="Labb Mölndal: SKA").exists()


@pytest.mark.parametrize(("role", "status"), [("lead", 403), ("steering", 403), ("foreign_coordinator", 404),
                                              ("other_lead", 404)])
def test_others_cannot_invite_or_remove_lab_leads(client, world, foreign_coordinator, role, status,
                                                   django_capture_on_commit_callbacks):
    person = foreign_coordinator if role == "foreign_coordinator" else getattr(world, role)
    client.force_login(person)
    url = reverse("labs:invite_lead", args=[world.lab.pk])
    assert client.get(url).status_code == status
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"email": "ny@ale.se", "full_name": "Ny"}).status_code == status
    assert not Invitation.objects.exists() and not mail.outbox
    remove = reverse("labs:lead_remove", args=[world.lab.pk, world.lead.pk])
    assert client.post(remove).status_code == status
    assert world.lab.leads.filter(pk=world.lead.pk).exists()


def test_a_foreign_coordinator_cannot_edit_the_lab(client, world, foreign_coordinator):
    client.force_login(foreign_coordinator)
    assert client.get(reverse("labs:edit", args=[world.lab.pk])).status_code == 404


def test_another_projects_coordinator_creates_labs_only_in_their_own_project(client, world, methods,
                                                                            foreign_coordinator):
    own = ProjectMembership.objects.get(user=foreign_coordinator).project
    client.force_login(foreign_coordinator)
    response = client.post(reverse("labs:new", args=[own.pk]), {
        "name": "Eget labb", "kind": "regional", "methods": [methods[0].pk], "phase": "understand"})
    assert response.status_code == 302
    assert Lab.objects.get(name="Eget labb").project == own


# --- the data migration ------------------------------------------------------------------------------------------


def test_the_migration_function_copies_each_labs_method():
    """The RunPython function of 0010: every lab keeps its one method as its first of many."""
    migration = importlib.import_module("labs.migrations.0010_lab_methods_and_leads")

    class FakeMethods:
        def __init__(self):
            self.added = []

        def add(self, *ids):
            self.added.extend(ids)

    class FakeLab:
        def __init__(self, method_id):
            self.method_id = method_id
            self.methods = FakeMethods()

    labs = [FakeLab(7), FakeLab(9)]

    class FakeQuerySet(list):
        def exclude(self, **kwargs):
            return FakeQuerySet(lab for lab in self if lab.method_id is not None)

        def only(self, *fields):
            return self

    class FakeManager:
        objects = FakeQuerySet([*labs, FakeLab(None)])

    class FakeApps:
        def get_model(self, app, name):
            assert (app, name) == ("labs", "Lab")
            return FakeManager

    migration.copy_method_to_methods(FakeApps(), None)
    assert [lab.methods.added for lab in labs] == [[7], [9]]


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_a_labs_single_method():
    """Migrated for real: a lab with one method (the old foreign key) has that method in Lab.methods."""
    executor = MigrationExecutor(connection)
    before = [("labs", "0009_activity_form")]
    after = executor.loader.graph.leaf_nodes("labs")
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        OldMethod, OldLab = old.get_model("labs", "Method"), old.get_model("labs", "Lab")
        project = ProjectFactory()  # projects' tables are as today: only labs went back
        municipality = MunicipalityFactory(name="Ale (migration)")
        ska = OldMethod.objects.create(name="SKA (migration)")
        with_method = OldLab.objects.create(project_id=project.pk, name="Med metod",
                                            municipality_id=municipality.pk, method_id=ska.pk)
        without = OldLab.objects.create(project_id=project.pk, name="Utan metod", municipality_id=municipality.pk)
        executor = MigrationExecutor(connection)
        executor.migrate(after)
    finally:
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
    assert [m.name for m in Lab.objects.get(pk=with_method.pk).methods.all()] == ["SKA (migration)"]
    assert not Lab.objects.get(pk=without.pk).methods.exists()


def test_a_lab_factory_takes_methods(db, methods):
    lab = LabFactory(methods=methods)
    assert lab.methods.count() == 2
