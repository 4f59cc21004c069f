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
