from urllib.parse import urlencode

from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import InvitationAcceptForm, OrganisationForm
from .invitations import existing_account
from .invitations import invitation_accept as accept
from .models import Invitation
from .rules import require


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


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return ""


@require_http_methods(["GET", "POST"])
def organisation_new(request):
    """A new organisation, for a partner missing from a list (the plan editor links here with ?next= the form the
    person came from, where the new organisation can then be chosen). Rule accounts.add_organisation: anyone who
    coordinates a project, administrators (declared in projects/permissions.py, where the roles are known)."""
    require(request.user, "accounts.add_organisation")
    back = _safe_next(request)
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(request, _("%(name)s is added. Choose it in the list.") % {"name": organisation})
        return redirect(back or "home")
    return render(request, "accounts/organisation_new.html", {"form": form, "back": back},
                  status=400 if form.errors else 200)
