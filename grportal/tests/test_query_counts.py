"""The main pages make the same number of queries with 2 rows as with 20: no query per row.

Each test pins the exact count at two data sizes; a comment lists the queries. When a page
legitimately gains a query, update the number and the list together.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from budgets.tests.factories import BudgetFactory, CostLineFactory, FinancingLineFactory
from labs.models import Lesson
from labs.tests.factories import ActivityFactory, LabFactory
from projects.tests.factories import MembershipFactory, ProjectFactory, WorkPackageFactory
from reports.tests.factories import ReportFactory

SIZES = [2, 20]


def populate(world, n):
    """n of everything a page lists: labs, activities, work packages, budgets, reports, projects."""
    for i in range(n):
        creator = UserFactory(organisation=OrganisationFactory())
        lab = LabFactory(project=world.project, work_package=world.work_package,
                         leads=[world.other_lead if i % 2 else creator])
        ActivityFactory(lab=lab, created_by=creator)
        ActivityFactory(lab=world.lab, created_by=world.lead if i % 2 else creator, title=f"Aktivitet {i}")
        WorkPackageFactory(project=world.project, code=f"T{i}", responsible=OrganisationFactory())
        world.project.municipalities.add(lab.municipality)
        budget = BudgetFactory(project=world.project, is_current=False)
        CostLineFactory(budget=budget)
        FinancingLineFactory(budget=budget)
        ReportFactory(project=world.project, done=i % 2 == 0, requested_by=creator)
        project = ProjectFactory(owner=OrganisationFactory(), funder=OrganisationFactory())
        project.municipalities.add(MunicipalityFactory())
        MembershipFactory(project=project, user=world.coordinator)
        MembershipFactory(project=project, user=world.funder, role="funder_contact")
        other_lab = LabFactory(project=project, leads=[world.lead])
        ActivityFactory(lab=other_lab, created_by=world.lead)


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("n", SIZES)
def test_project_page_for_the_coordinator(client, world, django_assert_num_queries, n):
    populate(world, n)
    client.force_login(world.coordinator)
    # session, user, project (+owner, funder), the person's roles on the project (cached for
    # every rule), labs section (labs + activity counts), the person's labs led (cached),
    # budgets, their cost lines, their financing lines, reports, the menu's "leads a lab?",
    # municipalities, and the plan (projects.plan_page.plan_for_page): goals, their target groups,
    # their work packages, work packages, their target groups, their milestones, indicators, their
    # values, organisation members, applications, target groups, key persons, partners (the time plan is
    # drawn from the plan's own work packages and milestones)
    with django_assert_num_queries(20):
        get_ok(client, world.project.get_absolute_url())


@pytest.mark.parametrize("n", SIZES)
def test_project_page_for_a_lab_lead(client, world, django_assert_num_queries, n):
    populate(world, n)
    client.force_login(world.other_lead)
    # session, user, project, roles, "leads a lab in it?", labs section, labs led, budgets,
    # cost lines, financing lines, reports, menu, municipalities, and the plan as above but without
    # the funding applications (internal)
    with django_assert_num_queries(20):
        get_ok(client, world.project.get_absolute_url())


@pytest.mark.parametrize("n", SIZES)
def test_lab_page_for_its_lead(client, world, django_assert_num_queries, n):
    populate(world, n)
    add_breakdowns(world, n)
    client.force_login(world.lead)
    # session, user, lab (+project, municipality, work package), labs led (cached),
    # totals, totals per target group, the menu's "leads a lab?", phase changes, methods, partners,
    # lab's target groups, activities (+lab, project, creator), their target-group counts
    # (+group), their attachments, roles on the project (cached)
    with django_assert_num_queries(14):
        response = get_ok(client, reverse("labs:detail", args=[world.lab.pk]))
    assert len(response.context["activities"]) == n


@pytest.mark.parametrize("n", SIZES)
def test_lab_page_for_the_coordinator(client, world, django_assert_num_queries, n):
    populate(world, n)
    add_breakdowns(world, n)
    client.force_login(world.coordinator)
    # session, user, lab, labs led, totals, per target group, menu, phase changes, methods, partners,
    # target groups, activities, their target-group counts, attachments, roles
    with django_assert_num_queries(13):
        get_ok(client, reverse("labs:detail", args=[world.lab.pk]))


def add_breakdowns(world, n):
    """Target-group counts, attachments and phase changes on the lab page's rows, so a query per row shows."""
    from django.core.files.base import ContentFile

    from labs.models import Attachment, LabPhaseChange, TargetGroupCount
    from projects.models import TargetGroup

    groups = [TargetGroup.objects.create(project=world.project, name=f"Målgrupp {i}") for i in range(2)]
    world.lab.target_groups.add(*groups)
    world.lab.partners.add(OrganisationFactory())
    for i, activity in enumerate(world.lab.activities.all()):
        for group in groups:
            TargetGroupCount.objects.create(activity=activity, target_group=group, count=1)
        attachment = Attachment(activity=activity, name=f"bild{i}.png", kind="photo", content_type="image/png", size=3)
        attachment.file.save(f"bild{i}.png", ContentFile(b"png"), save=True)
        LabPhaseChange.objects.create(lab=world.lab, phase="ideas")


@pytest.mark.parametrize("n", SIZES)
def test_activity_log_across_labs(client, world, django_assert_num_queries, n):
    populate(world, n)
    add_breakdowns(world, n)
    client.force_login(world.coordinator)
    # session, user, the filter's choices: labs, municipalities, methods, target groups;
    # count for the paginator, activities (+lab, project, municipality, method), their
    # target-group counts (+group), the menu's "leads a lab?", "coordinates a project?" and
    # "subscribed to the digest?" for the digest button
    with django_assert_num_queries(11):
        response = get_ok(client, reverse("labs:activity_log"))
    # world.lab's, the project's other labs' and the coordinator's other projects' activities, a page of 50
    assert response.context["page"].paginator.count == 3 * n
    assert len(response.context["activities"]) == min(3 * n, 50)


@pytest.mark.parametrize("n", SIZES)
def test_lessons_bank(client, world, django_assert_num_queries, n):
    populate(world, n)
    world.lab.activities.update(lessons="Bjud in tidigt", lesson_themes="time")
    for i in range(n):  # standalone lessons (labs.Lesson), half of them of the whole project
        Lesson.objects.create(project=world.project, lab=world.lab if i % 2 else None, title=f"Lärdom {i}",
                              text="Kvällar funkar", themes="time", contact_name="Anna Ale")
    client.force_login(world.lead)
    # session, user, "works with labs?" (labs led), count for the paginator and the page's keys (one UNION of
    # both kinds each), the page's activities (+lab, project, municipality), its standalone lessons (+project,
    # lab, municipality, contact organisation), the methods of both kinds' labs, the person's project roles
    # ("may add a lesson?", the menu), the filter's choices: labs, methods, municipalities
    with django_assert_num_queries(12):
        response = get_ok(client, reverse("labs:lessons") + "?theme=time")
    assert len(response.context["lessons"]) == 2 * n


@pytest.mark.parametrize("n", SIZES)
def test_project_list(client, world, django_assert_num_queries, n):
    populate(world, n)
    client.force_login(world.coordinator)
    # session, user, the filter's focus-area choices and year span, count for the paginator, the
    # menu's "leads a lab?" and "coordinates a project?", the filter's municipality and funder
    # choices, projects (+owner, funder), their municipalities, "may start a project?" (New project button)
    with django_assert_num_queries(10):
        response = get_ok(client, reverse("projects:list"))
    assert len(response.context["page"].object_list) == n + 1


@pytest.mark.parametrize("n", SIZES)
def test_start_page(client, world, django_assert_num_queries, n):
    populate(world, n)
    client.force_login(world.lead)
    # session, user, the menu's roles (memberships, labs led), my labs (+project, counts), my projects
    # (+owner, funder), their municipalities, my roles (for the to-do list), activities returned to me
    with django_assert_num_queries(9):
        get_ok(client, reverse("home"))


@pytest.mark.parametrize("n", SIZES)
def test_start_page_for_a_coordinator_with_things_to_do(client, world, django_assert_num_queries, n):
    from labs.models import Activity
    from labs.tests.factories import ActivityFactory
    from reports.models import ReportDueDate

    populate(world, n)
    today = timezone.localdate()
    for i in range(n):
        ActivityFactory(lab=world.lab, status=Activity.Status.SUBMITTED)
        ReportDueDate.objects.create(project=world.project, report_type="vinnova_progress", period_start=today,
                                     period_end=today, due_date=today + dt.timedelta(days=(-1) ** i * (i + 1)))
    client.force_login(world.coordinator)
    # session, user, the menu's two questions, my labs, my projects (+owner, funder), their municipalities,
    # my roles, activities to review (the first five) and their count, returned to me, overdue reports,
    # reports due, application deadlines; the steering-group panel (grportal/start_page.py): open decisions and
    # the next meeting, and its top flags: the person's projects, then (cold cache; dashboards.selectors.
    # portfolio_flags) current budgets (none here), indicators, overdue reports, quiet labs, and the flagged
    # projects' next meetings (for "Put on the agenda")
    with django_assert_num_queries(21):
        response = get_ok(client, reverse("home"))
    assert len(response.context["todo"]["review"]) == min(n, 5)


@pytest.mark.parametrize("n", SIZES)
def test_my_labs(client, world, django_assert_num_queries, n):
    populate(world, n)
    client.force_login(world.coordinator)
    # session, user, labs visible (+project, municipality, method, counts), their last three
    # activities (one windowed query), the person's roles on all those projects and the labs they
    # lead (one query each, for the "Log an activity" button), menu
    with django_assert_num_queries(5):
        response = get_ok(client, reverse("labs:mine"))
    assert len(response.context["labs"]) == 2 + n + n  # the world's two, n in the project, n elsewhere


@pytest.mark.parametrize("n", SIZES)
def test_budget_page(client, world, django_assert_num_queries, n):
    populate(world, n)
    budget = BudgetFactory(project=world.project)
    for _ in range(n):
        CostLineFactory(budget=budget)
        FinancingLineFactory(budget=budget)
    client.force_login(world.coordinator)
    # session, user, budget (+project), cost lines (+organisation), financing lines
    # (+organisation, recipient), roles, versions, funder rules, applications per funder (grant decisions), menu (2)
    with django_assert_num_queries(9):
        get_ok(client, reverse("budgets:detail", args=[budget.pk]))


@pytest.mark.parametrize("n", SIZES)
def test_review_inbox(client, world, django_assert_num_queries, n):
    from labs.models import Activity, CoFinancedTime

    populate(world, n)
    add_breakdowns(world, n)
    Activity.objects.update(status=Activity.Status.SUBMITTED)
    for activity in world.lab.activities.all():
        CoFinancedTime.objects.create(activity=activity, organisation=world.lab.municipality, hours=2)
    client.force_login(world.coordinator)
    # session, user, the person's roles (labs.review_inbox; the list's filter reads the same set), the filter's
    # choices: labs, municipalities; count for the paginator, activities (+lab, project, municipality, creator),
    # their target-group counts (+group), attachments, co-financed time (+organisation), the menu's two questions
    with django_assert_num_queries(10):
        response = get_ok(client, reverse("labs:review"))
    # world.lab's, the project's other labs' and the coordinator's other projects' activities, a page of 20
    assert response.context["page"].paginator.count == 3 * n
    assert len(response.context["activities"]) == min(3 * n, 20)


@pytest.mark.parametrize("n", SIZES)
def test_activity_log_filtered_by_status(client, world, django_assert_num_queries, n):
    from labs.models import Activity

    populate(world, n)
    add_breakdowns(world, n)
    world.lab.activities.update(status=Activity.Status.SUBMITTED)
    client.force_login(world.coordinator)
    # as test_activity_log_across_labs: the status filter's choices are fixed, so no query of its own
    with django_assert_num_queries(11):
        response = get_ok(client, reverse("labs:activity_log") + "?status=submitted")
    assert response.context["page"].paginator.count == n
