from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import InvitationAcceptForm
from .invitations import invitation_accept as accept
from .models import Invitation


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = get_object_or_404(Invitation, token=token)
    if not invitation.is_usable:
        return render(request, "accounts/invitation_expired.html", {"invitation": invitation}, status=410)
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
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form})
