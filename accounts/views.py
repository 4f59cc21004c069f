from urllib.parse import urlencode

from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import InvitationAcceptForm
from .invitations import existing_account
from .invitations import invitation_accept as accept
from .models import Invitation


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = get_object_or_404(Invitation, token=token)
    if not invitation.is_usable:
        return render(request, "accounts/invitation_expired.html", {"invitation": invitation}, status=410)
    account = existing_account(invitation)
    if account is not None:
        return _accept_with_existing_account(request, invitation, account)
    form = InvitationAcceptForm(
        request.POST or None, email=invitation.email, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and form.is_valid():
        user = accept(
            invitation=invitation, full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
        )
        messages.success(request, _("Welcome to GR Portal. Your account is ready."))
        return perform_login(request, user, email_verification="none", redirect_url="/")
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form},
                  status=400 if form.errors else 200)


def _accept_with_existing_account(request, invitation, account):
    """The address already has an account: its owner accepts by logging in, never by a new password."""
    if request.user != account:
        if request.user.is_authenticated:
            return render(request, "accounts/invitation_other_account.html", {"invitation": invitation}, status=403)
        messages.info(request, _("You already have an account. Log in to accept the invitation."))
        query = urlencode({"next": request.path})
        return redirect(f"{reverse('account_login')}?{query}")
    if request.method == "POST":
        accept(invitation=invitation, user=account)
        messages.success(request, _("The invitation is accepted."))
        return redirect("home")
    return render(request, "accounts/invitation_confirm.html", {"invitation": invitation})
