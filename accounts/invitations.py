"""Invitations: create, send, accept. Other apps register what an accepted invitation grants."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grportal.mail import render_plain, subject_line

from .models import Invitation, Organisation

_GRANTS: dict[str, Callable] = {}


def register_grant(target: str, grant: Callable) -> None:
    """grant(user=..., target_id=..., role=...) gives the accepted person their role."""
    _GRANTS[target] = grant


def invitation_create(
    *, email: str, invited_by, full_name: str = "", organisation: Organisation | None = None,
    target: str = "", target_id: int | None = None, role: str = "",
) -> Invitation:
    """Create an invitation and email its link once the transaction commits."""
    invitation = Invitation(
        email=email.strip().lower(), full_name=full_name, organisation=organisation, invited_by=invited_by,
        target=target, target_id=target_id, role=role,
    )
    invitation.full_clean()
    invitation.save()
    transaction.on_commit(lambda: invitation_send(invitation=invitation))
    return invitation


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("accounts:invitation_accept", args=[invitation.token])


def invitation_send(*, invitation: Invitation) -> None:
    """Email the link in Swedish, the portal's language, whatever language the inviter uses."""
    context = {"invitation": invitation, "url": invitation_url(invitation)}
    with translation.override(settings.LANGUAGE_CODE):
        subject = subject_line(_("You are invited to GR Portal"))
        message = render_plain("accounts/email/invitation.txt", context)
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[invitation.email])


def existing_account(invitation: Invitation):
    return get_user_model().objects.filter(email__iexact=invitation.email).first()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user=None, full_name: str = "", password: str = ""):
    """Grant what the invitation names to `user` (an existing account, logged in), or create the account."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValueError("invitation no longer usable")
    if user is None:
        if existing_account(invitation) is not None:
            raise ValueError("the invited address already has an account: log in to accept")
        user = get_user_model().objects.create_user(
            email=invitation.email, password=password, full_name=full_name, organisation=invitation.organisation,
        )
    elif user.email.lower() != invitation.email.lower():
        raise ValueError("the invitation is for another address")
    elif user.organisation_id is None and invitation.organisation_id:
        user.organisation = invitation.organisation
        user.save(update_fields=["organisation"])
    if invitation.target:
        _GRANTS[invitation.target](user=user, target_id=invitation.target_id, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    return user
