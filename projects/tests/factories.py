import datetime as dt

import factory

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory, UserFactory
from projects.models import Project, ProjectMembership, WorkPackage


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Projekt {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")
    owner = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.REGION)
    funder = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.FUNDER)
    start_date = dt.date(2025, 1, 1)
    end_date = dt.date(2026, 12, 31)
    status = Project.Status.RUNNING


class WorkPackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkPackage

    project = factory.SubFactory(ProjectFactory)
    code = factory.Sequence(lambda n: f"AP{n}")
    title = factory.Sequence(lambda n: f"Arbetspaket {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectMembership

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory)
    role = ProjectMembership.Role.COORDINATOR


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Goal"

    project = factory.SubFactory(ProjectFactory)
    level = "overall"
    title = factory.Sequence(lambda n: f"Mål {n}")


# --- Plan items (the plan editor's tests) ---------------------------------------------------------------

class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.TargetGroup"

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Målgrupp {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Indicator"

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Indikator {n}")
    unit = "st"
    target = 8


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.IndicatorValue"

    indicator = factory.SubFactory(IndicatorFactory)
    # Periods in the past: a value counts as the latest only once its period has begun (projects/indicators.py).
    period_start = factory.Sequence(lambda n: dt.date(2000 + n % 25, 1, 1))
    period_end = factory.LazyAttribute(lambda o: dt.date(o.period_start.year, 6, 30))
    value = 3


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Milestone"

    work_package = factory.SubFactory(WorkPackageFactory)
    title = factory.Sequence(lambda n: f"Milstolpe {n}")
    due_date = dt.date(2025, 6, 30)


class KeyPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.KeyPerson"

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Nyckelperson {n}")
    role = "Projektledare"
    organisation = factory.SubFactory(OrganisationFactory)


class OrganisationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.OrganisationMember"

    project = factory.SubFactory(ProjectFactory)
    group = "steering"
    name = factory.Sequence(lambda n: f"Ledamot {n}")
    organisation = factory.SubFactory(OrganisationFactory)


class ProjectPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.ProjectPartner"

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "Kunskapsstöd"


class FundingApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.FundingApplication"

    project = factory.SubFactory(ProjectFactory)
    funder = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.FUNDER)
    call = "Social innovation"
    amount_applied = 100000
