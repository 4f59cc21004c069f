"""Finance support (ekonomistöd) given and taken away from the project's "Personer och roller" page: by account or
by an emailed invitation whose acceptance grants it (issue 15)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation
from accounts.rules import has
from accounts.tests.factories import UserFactory
from budgets.models import FinanceSupport
from budgets.services import FINANCE_SUPPORT_TARGET
from budgets.tests.factories import BudgetFactory, FinanceSupportFactory
from projects.models import ProjectMembership
from projects.tests.factories import MembershipFactory

PASSWORD = "Kvarnbacken-2026!"


@pytest.fixture
def people(world):
    world.other_coordinator = MembershipFactory(role=ProjectMembership.Role.COORDINATOR).user
    world.finance = FinanceSupportFactory(project=world.project).user
    world.candidate = UserFactory(full_name="Fia Finans", email="fia.finans@goteborgsregionen.se")
    return world


def add_url(world):
    return reverse("budgets:finance_support_add", args=[world.project.pk])


def remove_url(world, user):
    support = FinanceSupport.objects.get(project=world.project, user=user)
    return reverse("budgets:finance_support_remove", args=[world.project.pk, support.pk])


@pytest.mark.parametrize(("role", "status"), [
    ("coordinator", 200), ("staff", 200),
    ("steering", 403), ("reference", 403), ("funder", 403), ("lead", 403), ("finance", 403),
    ("other_coordinator", 404), ("outsider", 404),
])
def test_who_may_add_and_remove_finance_support(client, people, role, status):
    client.force_login(getattr(people, role))
    assert client.get(add_url(people)).status_code == status
    assert client.get(remove_url(people, people.finance)).status_code == status
    if status != 200:
        assert client.post(add_url(people), {"user": people.candidate.pk}).status_code == status
        assert client.post(remove_url(people, people.finance)).status_code == status
        assert not FinanceSupport.objects.filter(user=people.candidate).exists()
        assert FinanceSupport.objects.filter(user=people.finance).exists()


def test_the_rule(people):
    project = people.project
    assert has(people.coordinator, "budgets.assign_finance_support", project)
    assert has(people.staff, "budgets.assign_finance_support", project)
    for role in ("steering", "reference", "funder", "lead", "finance", "other_coordinator", "outsider"):
        assert not has(getattr(people, role), "budgets.assign_finance_support", project), role


def test_a_coordinator_adds_an_existing_account_who_then_edits_the_budget(client, people):
    budget = BudgetFactory(project=people.project)
    assert not has(people.candidate, "budgets.edit_budget", budget)
    client.force_login(people.coordinator)
    response = client.post(add_url(people), {"user": people.candidate.pk})
    assert response.status_code == 302
    assert response.url == reverse("projects:people", args=[people.project.pk])
    assert FinanceSupport.objects.filter(project=people.project, user=people.candidate).exists()
    page = client.get(response.url).content.decode()
    assert "Fia Finans" in page and "Ekonomistöd" in page
    fresh = type(people.candidate).objects.get(pk=people.candidate.pk)  # roles are memoised per user object
    assert has(fresh, "budgets.edit_budget", budget)


def test_someone_already_finance_support_is_not_offered(client, people):
    client.force_login(people.coordinator)
    form = client.get(add_url(people)).context["form"]
    offered = set(form.fields["user"].queryset)
    assert people.candidate in offered and people.finance not in offered
    response = client.post(add_url(people), {"user": people.finance.pk})
    assert response.status_code == 400
    assert 'id="id_user_error"' in response.content.decode()
    assert FinanceSupport.objects.filter(user=people.finance).count() == 1


def test_neither_account_nor_email_is_refused_next_to_the_field(client, people):
    client.force_login(people.coordinator)
    response = client.post(add_url(people), {})
    body = response.content.decode()
    assert response.status_code == 400
    error_at = body.index('id="id_user_error"')
    assert "Välj ett konto, eller skriv e-postadressen" in body[error_at:error_at + 300]


def test_both_account_and_email_is_refused(client, people):
    client.force_login(people.coordinator)
    response = client.post(add_url(people), {"user": people.candidate.pk, "email": "ny@gr.se"})
    assert response.status_code == 400
    assert "inte båda" in response.content.decode()
    assert not FinanceSupport.objects.filter(user=people.candidate).exists()


def test_the_email_of_an_existing_account_adds_it_at_once(client, people):
    client.force_login(people.coordinator)
    response = client.post(add_url(people), {"email": "FIA.finans@goteborgsregionen.se"})
    assert response.status_code == 302
    assert FinanceSupport.objects.filter(project=people.project, user=people.candidate).exists()
    assert not Invitation.objects.exists()


def test_the_email_of_someone_already_finance_support_is_refused_on_the_email_field(client, people):
    client.force_login(people.coordinator)
    response = client.post(add_url(people), {"email": people.finance.email})
    assert response.status_code == 400
    body = response.content.decode()
    error_at = body.index('id="id_email_error"')
    assert "är redan ekonomistöd i projektet" in body[error_at:error_at + 300]


def test_an_invitation_by_email_grants_finance_support_when_accepted(client, people,
                                                                     django_capture_on_commit_callbacks):
    client.force_login(people.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add_url(people), {"email": "ny.ekonom@goteborgsregionen.se", "full_name": "Nils Ny"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.target, invitation.target_id, invitation.role) == (
        FINANCE_SUPPORT_TARGET, people.project.pk, "finance_support")
    assert not FinanceSupport.objects.filter(user__email="ny.ekonom@goteborgsregionen.se").exists()  # not yet
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/inbjudan/[\w-]+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    client.logout()
    accepted = client.post(path, {"full_name": "Nils Ny", "password1": PASSWORD, "password2": PASSWORD})
    assert accepted.status_code == 302
    support = FinanceSupport.objects.get(user__email="ny.ekonom@goteborgsregionen.se")
    assert support.project == people.project
    # The new finance support reaches the project and its budget straight away.
    budget = BudgetFactory(project=people.project)
    assert client.get(people.project.get_absolute_url()).status_code == 200
    assert client.get(reverse("budgets:edit", args=[budget.pk])).status_code == 200


def test_a_coordinator_removes_finance_support_after_confirming(client, people):
    client.force_login(people.coordinator)
    url = remove_url(people, people.finance)
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Ja, ta bort rollen" in confirm.content.decode()
    assert FinanceSupport.objects.filter(user=people.finance).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not FinanceSupport.objects.filter(user=people.finance).exists()
    client.force_login(people.finance)
    assert client.get(people.project.get_absolute_url()).status_code == 404  # no other role on the project


def test_finance_support_of_another_project_cannot_be_removed_through_this_one(client, people):
    elsewhere = FinanceSupportFactory()
    client.force_login(people.coordinator)
    url = reverse("budgets:finance_support_remove", args=[people.project.pk, elsewhere.pk])
    assert client.post(url).status_code == 404
    assert FinanceSupport.objects.filter(pk=elsewhere.pk).exists()
