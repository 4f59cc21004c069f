"""Copying a project as the start of a new application: what comes along, what does not, and who may."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from accounts.models import Organisation
from accounts.tests.factories import MunicipalityFactory, OrganisationFactory
from labs.models import Activity, Lab
from labs.tests.factories import ActivityFactory
from projects.copying import project_copy
from projects.models import (
    FundingApplication,
    Goal,
    Indicator,
    IndicatorValue,
    KeyPerson,
    Milestone,
    OrganisationMember,
    Project,
    ProjectMembership,
    ProjectPartner,
    TargetGroup,
    WorkPackage,
)
from projects.tests.factories import GoalFactory, WorkPackageFactory


@pytest.fixture
def plan(world):
    """The world's project with a full plan, two labs with activities and recorded indicator values."""
    project = world.project
    project.municipalities.add(MunicipalityFactory(), MunicipalityFactory())
    project.focus_area, project.tags, project.description = "Bostäder", "segregation, labb", "Om projektet"
    project.save()
    young = TargetGroup.objects.create(project=project, name="Unga", description="15–24 år")
    old = TargetGroup.objects.create(project=project, name="Äldre")
    ap1 = world.work_package
    ap1.title, ap1.start_date, ap1.end_date, ap1.status = "Labb", dt.date(2025, 2, 1), dt.date(2025, 12, 31), "done"
    ap1.local_leader_name = "Pia"
    ap1.save()
    ap1.target_groups.add(young)
    ap2 = WorkPackageFactory(project=project, code="AP2", start_date=dt.date(2025, 6, 1), end_date=dt.date(2026, 6, 30))
    ap2.target_groups.add(young, old)
    Milestone.objects.create(work_package=ap1, title="Arbetsplan", due_date=dt.date(2025, 3, 31), done=True,
                             kind=Milestone.Kind.DELIVERABLE)
    Milestone.objects.create(work_package=ap2, title="Slutkonferens", due_date=dt.date(2026, 6, 15))
    overall = GoalFactory(project=project, level="overall", title="Minskad segregation", why_society="Tillit",
                          position=0)
    goal_p = GoalFactory(project=project, level="project", parent=overall, title="Fyra metoder", position=1)
    sub1 = GoalFactory(project=project, level="sub", parent=goal_p, title="Delmål 1", position=2,
                       why_individuals="Bostad")
    sub2 = GoalFactory(project=project, level="sub", parent=goal_p, title="Delmål 2", position=3)
    sub1.work_packages.add(ap1)
    sub1.target_groups.add(young)
    sub2.work_packages.add(ap1, ap2)
    on_goal = Indicator.objects.create(project=project, goal=goal_p, name="Metoder", unit="st", baseline=0,
                                       target=4)
    on_package = Indicator.objects.create(project=project, work_package=ap2, goal=sub2, name="Workshops",
                                          target=8, direction=Indicator.Direction.UP)
    IndicatorValue.objects.create(indicator=on_goal, period_start=dt.date(2025, 1, 1),
                                  period_end=dt.date(2025, 6, 30), value=2, comment="Bra")
    IndicatorValue.objects.create(indicator=on_package, period_start=dt.date(2025, 1, 1),
                                  period_end=dt.date(2025, 6, 30), value=3)
    region = OrganisationFactory(kind=Organisation.Kind.REGION)
    KeyPerson.objects.create(project=project, name="Sara", role="Projektledare", organisation=region,
                             user=world.coordinator, competence="Process")
    OrganisationMember.objects.create(project=project, group="steering", name="Stig", organisation=region,
                                      role="Ordförande")
    OrganisationMember.objects.create(project=project, group="coordination", name="Sara", role="Projektledare",
                                      share_of_time=Decimal("30.00"))
    ProjectPartner.objects.create(project=project, organisation=OrganisationFactory(), role="Kunskapsstöd")
    FundingApplication.objects.create(
        project=project, funder=project.funder, call="Utlysning 1", amount_applied=Decimal("500000.00"),
        amount_granted=Decimal("400000.00"), deadline=dt.date(2024, 9, 1), decision_date=dt.date(2024, 11, 1),
        status=FundingApplication.Status.PARTLY,
    )
    ActivityFactory(lab=world.lab)
    world.goals = {"overall": overall, "project": goal_p, "sub1": sub1, "sub2": sub2}
    world.ap2 = ap2
    return world


def copy_of(world, user=None, **kwargs):
    return project_copy(source=world.project, copied_by=user or world.coordinator, **kwargs)


def test_the_copy_is_a_new_idea_with_the_source_facts(plan):
    source = plan.project
    copy = copy_of(plan)
    assert copy.pk != source.pk
    assert copy.title == gettext("Copy of %(title)s") % {"title": source.title}
    assert copy.status == Project.Status.IDEA
    assert copy.short_name == ""
    for name in ("description", "owner_id", "funder_id", "start_date", "end_date", "focus_area", "tags"):
        assert getattr(copy, name) == getattr(source, name), name
    assert set(copy.municipalities.all()) == set(source.municipalities.all())
    assert copy.version == 1


def test_the_copier_is_the_only_person_with_a_role_on_the_copy(plan):
    copy = copy_of(plan)
    assert list(copy.memberships.values_list("user", "role")) == [
        (plan.coordinator.pk, ProjectMembership.Role.COORDINATOR)]


def test_the_goal_hierarchy_is_kept_and_points_at_the_copies(plan):
    copy = copy_of(plan)
    goals = {g.title: g for g in Goal.objects.filter(project=copy)}
    assert set(goals) == {"Minskad segregation", "Fyra metoder", "Delmål 1", "Delmål 2"}
    assert goals["Minskad segregation"].parent is None
    assert goals["Fyra metoder"].parent == goals["Minskad segregation"]
    assert goals["Delmål 1"].parent == goals["Fyra metoder"]
    assert goals["Delmål 2"].parent == goals["Fyra metoder"]
    assert goals["Minskad segregation"].why_society == "Tillit"
    assert goals["Delmål 1"].why_individuals == "Bostad"
    assert [g.position for g in sorted(goals.values(), key=lambda g: g.position)] == [0, 1, 2, 3]
    # Links go to the copy's own work packages and target groups.
    assert {w.code for w in goals["Delmål 2"].work_packages.all()} == {"AP1", "AP2"}
    assert all(w.project_id == copy.pk for g in goals.values() for w in g.work_packages.all())
    assert [t.name for t in goals["Delmål 1"].target_groups.all()] == ["Unga"]
    assert goals["Delmål 1"].target_groups.get().project_id == copy.pk


def test_work_packages_come_with_milestones_and_target_groups_and_start_again(plan):
    copy = copy_of(plan)
    packages = {w.code: w for w in WorkPackage.objects.filter(project=copy)}
    assert set(packages) == {"AP1", "AP2"}
    ap1 = packages["AP1"]
    assert (ap1.title, ap1.local_leader_name, ap1.start_date) == ("Labb", "Pia", dt.date(2025, 2, 1))
    assert ap1.status == WorkPackage.Status.PLANNED  # it was done in the source
    assert {t.name for t in packages["AP2"].target_groups.all()} == {"Unga", "Äldre"}
    assert {t.project_id for t in packages["AP2"].target_groups.all()} == {copy.pk}
    milestone = ap1.milestones.get()
    assert (milestone.title, milestone.kind, milestone.due_date, milestone.done) == (
        "Arbetsplan", Milestone.Kind.DELIVERABLE, dt.date(2025, 3, 31), False)
    assert packages["AP2"].milestones.get().title == "Slutkonferens"


def test_indicators_are_copied_without_values_and_point_at_the_copies(plan):
    copy = copy_of(plan)
    indicators = {i.name: i for i in Indicator.objects.filter(project=copy)}
    assert set(indicators) == {"Metoder", "Workshops"}
    assert indicators["Metoder"].goal.title == "Fyra metoder"
    assert indicators["Metoder"].goal.project_id == copy.pk
    assert (indicators["Metoder"].unit, indicators["Metoder"].target) == ("st", Decimal("4.00"))
    assert indicators["Workshops"].work_package.project_id == copy.pk
    assert indicators["Workshops"].goal.title == "Delmål 2"
    assert not IndicatorValue.objects.filter(indicator__project=copy).exists()
    assert IndicatorValue.objects.filter(indicator__project=plan.project).count() == 2


def test_people_organisation_partners_and_applications_come_without_decisions(plan):
    copy = copy_of(plan)
    assert list(copy.key_persons.values_list("name", "role", "competence")) == [("Sara", "Projektledare", "Process")]
    assert set(copy.organisation_members.values_list("group", "name", "share_of_time")) == {
        ("steering", "Stig", None), ("coordination", "Sara", Decimal("30.00"))}
    assert list(copy.partners.values_list("role", flat=True)) == ["Kunskapsstöd"]
    application = copy.applications.get()
    assert (application.call, application.amount_applied) == ("Utlysning 1", Decimal("500000.00"))
    assert application.status == FundingApplication.Status.PLANNED
    assert (application.amount_granted, application.deadline, application.decision_date) == (None, None, None)


def test_labs_activities_and_history_stay_with_the_source(plan):
    copy = copy_of(plan)
    assert not Lab.objects.filter(project=copy).exists()
    assert Lab.objects.filter(project=plan.project).count() == 2
    assert not Activity.objects.filter(lab__project=copy).exists()
    # The copy's history starts with its creation; the source's edits are not carried over.
    plan.project.title = "Nytt namn"
    plan.project.save()
    assert plan.project.history.count() >= 2
    assert copy.history.count() == 1
    assert copy.history.get().history_type == "+"


def test_nothing_is_shared_with_the_source(plan):
    source_counts = {
        (model, lookup): model.objects.filter(**{lookup: plan.project}).count()
        for model, lookup in [(Goal, "project"), (WorkPackage, "project"), (TargetGroup, "project"),
                              (Milestone, "work_package__project"), (Indicator, "project"),
                              (KeyPerson, "project"), (OrganisationMember, "project"), (ProjectPartner, "project")]
    }
    copy = copy_of(plan)
    copy_goals = Goal.objects.filter(project=copy)
    assert not copy_goals.filter(parent__project=plan.project).exists()
    assert not Goal.work_packages.through.objects.filter(goal__project=copy, workpackage__project=plan.project).exists()
    assert not Goal.target_groups.through.objects.filter(goal__project=copy,
                                                         targetgroup__project=plan.project).exists()
    assert not WorkPackage.target_groups.through.objects.filter(
        workpackage__project=copy, targetgroup__project=plan.project).exists()
    assert not Indicator.objects.filter(project=copy, goal__project=plan.project).exists()
    assert not Indicator.objects.filter(project=copy, work_package__project=plan.project).exists()
    # Editing the copy leaves the source as it was.
    copy_goals.update(title="Ändrat")
    WorkPackage.objects.filter(project=copy).update(title="Ändrat")
    assert not Goal.objects.filter(project=plan.project, title="Ändrat").exists()
    assert not WorkPackage.objects.filter(project=plan.project, title="Ändrat").exists()
    for (model, lookup), count in source_counts.items():
        assert model.objects.filter(**{lookup: plan.project}).count() == count, model


def test_a_new_start_moves_every_date_of_the_plan(plan):
    copy = copy_of(plan, title="Ny ansökan", short_name="NY", start_date=dt.date(2028, 1, 1))
    delta = dt.date(2028, 1, 1) - plan.project.start_date
    assert (copy.title, copy.short_name, copy.start_date) == ("Ny ansökan", "NY", dt.date(2028, 1, 1))
    assert copy.end_date == plan.project.end_date + delta
    ap2 = copy.work_packages.get(code="AP2")
    assert (ap2.start_date, ap2.end_date) == (plan.ap2.start_date + delta, plan.ap2.end_date + delta)
    assert ap2.milestones.get().due_date == dt.date(2026, 6, 15) + delta


def test_a_failure_half_way_leaves_nothing_behind(plan, monkeypatch):
    projects_before = Project.objects.count()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ProjectPartner.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        copy_of(plan)
    assert Project.objects.count() == projects_before
    assert Goal.objects.exclude(project=plan.project).count() == 0
    assert not ProjectMembership.objects.exclude(project=plan.project).exists()


# The page ------------------------------------------------------------------------------------------

def url(world):
    return reverse("projects:copy", args=[world.project.pk])


def test_the_coordinator_copies_through_the_form(client, plan):
    client.force_login(plan.coordinator)
    form = client.get(url(plan))
    assert form.status_code == 200
    assert form.context["form"].initial["title"] == gettext("Copy of %(title)s") % {"title": plan.project.title}
    response = client.post(url(plan), {"title": "Ny ansökan", "short_name": "", "start_date": "2027-01-01"})
    copy = Project.objects.get(title="Ny ansökan")
    assert response.status_code == 302
    assert response["Location"] == copy.get_absolute_url()
    assert copy.start_date == dt.date(2027, 1, 1)
    assert client.get(copy.get_absolute_url()).status_code == 200


def test_bad_input_is_refused_next_to_the_field_and_nothing_is_created(client, plan):
    client.force_login(plan.coordinator)
    before = Project.objects.count()
    response = client.post(url(plan), {"title": "", "start_date": "den 1 maj"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "start_date"}
    assert 'aria-invalid="true"' in response.content.decode()
    assert Project.objects.count() == before


def test_staff_may_copy_and_become_coordinator(client, plan):
    client.force_login(plan.staff)
    client.post(url(plan), {"title": "Personalens kopia", "start_date": "2027-01-01"})
    copy = Project.objects.get(title="Personalens kopia")
    assert copy.memberships.get().user == plan.staff


@pytest.mark.parametrize("who, status", [
    ("steering", 403), ("reference", 403), ("funder", 403), ("lead", 403), ("other_lead", 403),
    ("outsider", 404),
])
def test_others_may_not_copy(client, plan, who, status):
    client.force_login(getattr(plan, who))
    before = Project.objects.count()
    assert client.get(url(plan)).status_code == status
    assert client.post(url(plan), {"title": "Stulen", "start_date": "2027-01-01"}).status_code == status
    assert Project.objects.count() == before


def test_anonymous_visitors_are_sent_to_log_in(client, plan):
    response = client.post(url(plan), {"title": "Stulen", "start_date": "2027-01-01"})
    assert response.status_code == 302
    assert not Project.objects.filter(title="Stulen").exists()
