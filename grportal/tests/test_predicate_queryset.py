"""Each rule about one object exists twice: as a predicate (*/permissions.py, asked on a page) and as a
queryset filter (visible_to(), or reviewable_by() for labs.review_activity, used by the lists). For every such pair
and every role, the objects the predicate allows are exactly those the queryset returns, in a world with objects
each role must not see (a second project with its own lab, budgets, meetings and people)."""

import pytest

from accounts.rules import has
from accounts.tests.factories import UserFactory
from budgets.models import Budget
from budgets.tests.factories import BudgetFactory, FinanceSupportFactory
from dashboards.models import Meeting
from dashboards.tests.factories import MeetingFactory
from labs.models import Activity, Lab
from labs.tests.factories import ActivityFactory, LabFactory
from projects.models import Project, ProjectMembership
from projects.roles import forget_roles
from projects.tests.factories import MembershipFactory, ProjectFactory, WorkPackageFactory

ROLES = ("coordinator", "steering", "reference", "funder", "lead", "other_lead", "staff", "outsider",
         "finance", "elsewhere_coordinator", "elsewhere_lead", "inactive")

# (rule, model, how to get the predicate's object from a row)
PAIRS = [
    ("projects.view_project", Project, lambda row: row),
    ("labs.view_lab", Lab, lambda row: row),
    ("labs.view_lab", Activity, lambda row: row.lab),  # an activity is seen with its lab
    ("budgets.view_budget", Budget, lambda row: row),
    ("dashboards.view_meeting", Meeting, lambda row: row),
    ("labs.review_activity", Activity, lambda row: row),
    ("labs.review_activity", Lab, lambda row: Activity(lab=row)),  # a lab whose activities the person may review
]
# The queryset method that is a rule's list side, where it is not visible_to().
LIST_SIDE = {"labs.review_activity": "reviewable_by"}


@pytest.fixture
def full_world(world):
    Role = ProjectMembership.Role
    other = ProjectFactory(title="Ett annat projekt", short_name="AAP")
    other_lab = LabFactory(project=other, work_package=WorkPackageFactory(project=other), name="Labb Mölndal")
    world.finance = UserFactory(full_name="Frida Finans")
    FinanceSupportFactory(project=world.project, user=world.finance)
    world.elsewhere_coordinator = UserFactory(full_name="Eva Annanstans")
    MembershipFactory(project=other, user=world.elsewhere_coordinator, role=Role.COORDINATOR)
    world.elsewhere_lead = UserFactory(full_name="Mats Mölndal")
    other_lab.leads.add(world.elsewhere_lead)
    world.inactive = UserFactory(full_name="Ivar Inaktiv", is_active=False)
    MembershipFactory(project=world.project, user=world.inactive, role=Role.COORDINATOR)
    for project in (world.project, other):
        for kind in Budget.Kind.values:
            BudgetFactory(project=project, kind=kind, is_current=False)
        MeetingFactory(project=project)
    MeetingFactory(project=None)  # a portfolio-level meeting
    for lab in (world.lab, world.other_lab, other_lab):
        ActivityFactory(lab=lab, created_by=world.lead)
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("rule_name", "model", "subject"), PAIRS, ids=[f"{r}-{m.__name__}" for r, m, _ in PAIRS])
def test_the_predicate_allows_exactly_what_the_queryset_lists(full_world, role, rule_name, model, subject):
    user = getattr(full_world, role)
    allowed = {row.pk for row in model.objects.all() if has(user, rule_name, subject(row))}
    forget_roles(user)  # the queryset works out the roles afresh, as on another request
    list_side = getattr(model.objects, LIST_SIDE.get(rule_name, "visible_to"))
    listed = set(list_side(user).values_list("pk", flat=True))
    assert allowed == listed


@pytest.mark.django_db
def test_the_world_has_something_to_exclude_for_every_pair(full_world):
    """Guards the test above: every pair has rows a coordinator of one project must not see."""
    for rule_name, model, subject in PAIRS:
        rows = list(model.objects.all())
        assert any(not has(full_world.elsewhere_coordinator, rule_name, subject(row)) for row in rows), rule_name
        assert any(has(full_world.elsewhere_coordinator, rule_name, subject(row)) for row in rows), rule_name
