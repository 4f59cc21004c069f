"""Invitations are the only way in: a coordinator invites by email, the link creates the account."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.invitations import invitation_create
from accounts.models import Invitation
from projects.models import ProjectMembership

User = get_user_model()
PASSWORD = "Kvarnbacken-2026!"


def invite_by_form(client, world, *, inviter, email="ny.person@ale.se", role="steering", capture=None):
    client.force_login(inviter)
    url = reverse("projects:invite", args=[world.project.pk])
    data = {"email": email, "full_name": "Nora Ny", "role": role}
    if capture is None:
        return client.post(url, data)
    with capture(execute=True):
        return client.post(url, data)


def link_in(message) -> str:
    match = re.search(r"https?://\S+/inbjudan/([\w-]+)/", message.body)
    assert match, message.body
    return match.group(0)


def accept(client, invitation, **overrides):
    data = {"full_name": "Nora Ny", "password1": PASSWORD, "password2": PASSWORD, **overrides}
    return client.post(reverse("accounts:invitation_accept", args=[invitation.token]), data)


def test_a_coordinator_invites_a_person_by_email_with_a_link(client, world, django_capture_on_commit_callbacks):
    response = invite_by_form(client, world, inviter=world.coordinator, email=" Ny.Person@Ale.se ",
                              capture=django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == world.project.get_absolute_url()
    invitation = Invitation.objects.get()
    assert invitation.email == "ny.person@ale.se"
    granted = (invitation.target, invitation.target_id, invitation.role)
    assert granted == ("projects.project", world.project.pk, "steering")
    assert invitation.invited_by == world.coordinator
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny.person@ale.se"]
    assert link_in(message).endswith(reverse("accounts:invitation_accept", args=[invitation.token]))
    assert "Sara Samordnare" in message.body


def test_the_invitation_email_waits_for_the_commit(client, world, django_capture_on_commit_callbacks):
    """A rolled-back invitation must not have been mailed: the mail goes out on commit."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite_by_form(client, world, inviter=world.coordinator)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_the_invitation_link_expires_after_the_configured_days(world, settings):
    settings.INVITATION_VALID_DAYS = 7
    invitation = invitation_create(email="a@example.se", invited_by=world.coordinator)
    assert timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=7)


def test_accepting_creates_the_account_and_the_membership_and_logs_the_person_in(client, world):
    invitation = invitation_create(email="ny.person@ale.se", invited_by=world.coordinator,
                                   target="projects.project", target_id=world.project.pk, role="reference")
    assert client.get(reverse("accounts:invitation_accept", args=[invitation.token])).status_code == 200

    response = accept(client, invitation)

    assert response.status_code == 302
    assert response.url == "/"
    user = User.objects.get(email="ny.person@ale.se")
    assert user.full_name == "Nora Ny"
    assert user.check_password(PASSWORD)
    assert ProjectMembership.objects.filter(user=user, project=world.project, role="reference").exists()
    assert int(client.session["_auth_user_id"]) == user.pk
    invitation.refresh_from_db()
    assert invitation.accepted_user == user
    assert invitation.accepted_at is not None
    # … and the new member reaches the project straight away.
    assert client.get(world.project.get_absolute_url()).status_code == 200


def test_the_whole_journey_from_the_invite_form_to_the_project_page(client, world, django_capture_on_commit_callbacks):
    invite_by_form(client, world, inviter=world.coordinator, capture=django_capture_on_commit_callbacks)
    client.logout()
    link = link_in(mail.outbox[0])
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path, {"full_name": "Nora Ny", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert client.get(world.project.get_absolute_url()).status_code == 200


def test_an_invitation_for_an_existing_account_adds_the_role_without_a_second_account(client, world):
    invitation = invitation_create(email=world.lead.email.upper(), invited_by=world.coordinator,
                                   target="projects.project", target_id=world.project.pk, role="reference")
    client.force_login(world.lead)
    url = reverse("accounts:invitation_accept", args=[invitation.token])
    assert client.get(url).status_code == 200  # a confirmation, no password form
    response = client.post(url)
    assert response.status_code == 302
    assert User.objects.filter(email__iexact=world.lead.email).count() == 1
    assert ProjectMembership.objects.filter(user=world.lead, role="reference").exists()


def test_an_existing_account_must_log_in_to_accept_and_a_typed_password_is_not_taken(client, world):
    invitation = invitation_create(email=world.lead.email, invited_by=world.coordinator,
                                   target="projects.project", target_id=world.project.pk, role="reference")
    old_hash = world.lead.password
    response = accept(client, invitation)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    world.lead.refresh_from_db()
    assert world.lead.password == old_hash
    assert not ProjectMembership.objects.filter(user=world.lead, role="reference").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_someone_else_logged_in_cannot_accept_another_persons_invitation(client, world):
    invitation = invitation_create(email=world.lead.email, invited_by=world.coordinator,
                                   target="projects.project", target_id=world.project.pk, role="reference")
    client.force_login(world.other_lead)
    url = reverse("accounts:invitation_accept", args=[invitation.token])
    assert client.post(url).status_code == 403
    assert not ProjectMembership.objects.filter(role="reference", user__in=[world.lead, world.other_lead]).exists()


@pytest.mark.parametrize("state", ["expired", "used"])
def test_an_expired_or_used_link_gives_410_and_creates_nothing(client, world, state):
    invitation = invitation_create(email="ny.person@ale.se", invited_by=world.coordinator,
                                   target="projects.project", target_id=world.project.pk, role="steering")
    if state == "expired":
        invitation.expires_at = timezone.now() - timedelta(minutes=1)
    else:
        invitation.accepted_at = timezone.now()
    invitation.save()
    users_before, memberships_before = User.objects.count(), ProjectMembership.objects.count()
    url = reverse("accounts:invitation_accept", args=[invitation.token])

    assert client.get(url).status_code == 410
    response = accept(client, invitation)

    assert response.status_code == 410
    assert User.objects.count() == users_before
    assert ProjectMembership.objects.count() == memberships_before
    assert "_auth_user_id" not in client.session


def test_a_link_works_only_once(client, world):
    invitation = invitation_create(email="ny.person@ale.se", invited_by=world.coordinator,
                                   target="projects.project", target_id=world.project.pk, role="steering")
    assert accept(client, invitation).status_code == 302
    client.logout()
    assert accept(client, invitation, full_name="Someone Else").status_code == 410
    assert User.objects.get(email="ny.person@ale.se").full_name == "Nora Ny"


def test_an_unknown_token_is_404(client, db):
    assert client.get(reverse("accounts:invitation_accept", args=["not-a-token"])).status_code == 404


def test_two_different_passwords_create_nothing_and_say_why(client, world):
    invitation = invitation_create(email="ny.person@ale.se", invited_by=world.coordinator)
    response = accept(client, invitation, password2="Something-else-2026")
    assert response.status_code == 400
    assert response.context["form"].errors["password2"]
    assert not User.objects.filter(email="ny.person@ale.se").exists()


def test_a_weak_password_is_refused(client, world):
    invitation = invitation_create(email="ny.person@ale.se", invited_by=world.coordinator)
    response = accept(client, invitation, password1="1234567890", password2="1234567890")
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email="ny.person@ale.se").exists()


def test_sign_up_is_closed(client, db):
    response = client.post("/konto/signup/", {
        "email": "stranger@example.se", "password1": PASSWORD, "password2": PASSWORD,
    })
    assert not User.objects.filter(email="stranger@example.se").exists()
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert 'name="password1"' not in response.content.decode()


@pytest.mark.parametrize("role", ["lead", "steering", "reference", "funder"])
def test_only_coordinators_and_staff_may_invite(client, world, role, django_capture_on_commit_callbacks):
    response = invite_by_form(client, world, inviter=getattr(world, role), capture=django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_staff_may_invite(client, world, django_capture_on_commit_callbacks):
    response = invite_by_form(client, world, inviter=world.staff, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_an_invalid_email_keeps_the_form_and_sends_nothing(client, world, django_capture_on_commit_callbacks):
    response = invite_by_form(client, world, inviter=world.coordinator, email="inte-en-adress",
                              capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_invited_funder_contact_gets_the_projects_funder_and_sees_its_reports(
    client, world, django_capture_on_commit_callbacks
):
    invite_by_form(client, world, inviter=world.coordinator, email="fia@vinnova.se", role="funder_contact",
                   capture=django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get(email="fia@vinnova.se")
    assert invitation.organisation == world.project.funder
    client.logout()
    accept(client, invitation)
    person = User.objects.get(email="fia@vinnova.se")
    assert person.organisation == world.project.funder

    from reports.models import Report
    from reports.permissions import can_view_report

    report = Report.objects.create(project=world.project, period_start=world.project.start_date,
                                   period_end=world.project.end_date, addressed_to=world.project.funder,
                                   status=Report.Status.DONE)
    assert not can_view_report(person, report)  # funder contacts see reports once they are published
    report.published_at = report.finished_at = report.created_at
    assert can_view_report(person, report)


def test_the_inviter_may_name_another_organisation(client, world, django_capture_on_commit_callbacks):
    from accounts.tests.factories import OrganisationFactory

    rise = OrganisationFactory(name="RISE")
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("projects:invite", args=[world.project.pk]),
                    {"email": "ref@rise.se", "full_name": "Ria", "role": "reference", "organisation": rise.pk})
    assert Invitation.objects.get(email="ref@rise.se").organisation == rise
