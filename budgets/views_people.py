"""Finance support (ekonomistöd) on a project, given and taken away from the project's "People and roles" page
(projects/people.py): choose an existing account, or invite by email (accepting the invitation makes the person
finance support: budgets.services.finance_support_grant, registered in budgets/apps.py).

Rule: budgets.assign_finance_support (the project's coordinators and administrators). Those who see the project
but may not assign get 403; those who do not see it, 404.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.invitations import invitation_create
from accounts.rules import require
from grportal.forms import apply_validation_error
from projects.models import Project
from projects.people import PeopleAction, PersonRow
from projects.roles import forget_roles

from . import services
from .models import FinanceSupport

FINANCE_SUPPORT_ORDER = 60  # after the project's own roles and the lab leads


def finance_support_rows(project) -> list[PersonRow]:
    """The people source (projects/people.py): the project's finance support."""
    supports = FinanceSupport.objects.filter(project=project).select_related("user", "user__organisation")
    return [PersonRow(person=s.user, role=_("Finance support"), where=_("The project's budget and outcome"),
                      remove_url=reverse("budgets:finance_support_remove", args=[project.pk, s.pk]),
                      order=FINANCE_SUPPORT_ORDER)
            for s in supports]


def finance_support_actions(project) -> list[PeopleAction]:
    return [PeopleAction(label=_("Add finance support"),
                         url=reverse("budgets:finance_support_add", args=[project.pk]))]


class FinanceSupportForm(forms.Form):
    """Either an existing account or an email address to invite: exactly one."""

    user = forms.ModelChoiceField(
        label=gettext_lazy("An existing account"), queryset=get_user_model().objects.none(), required=False,
        help_text=gettext_lazy("Choose the person if they already have an account in the portal."),
    )
    email = forms.EmailField(
        label=gettext_lazy("Or invite by email"), required=False,
        help_text=gettext_lazy("The person gets an email with a link; accepting it makes them finance support."),
    )
    full_name = forms.CharField(label=gettext_lazy("Name"), max_length=150, required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model().objects.filter(is_active=True)
            .exclude(finance_support__project=project).order_by("full_name", "email")
        )

    def clean(self):
        cleaned = super().clean()
        user, email = cleaned.get("user"), cleaned.get("email")
        if user and email:
            self.add_error("email", _("Choose an account or type an email address, not both."))
        elif not user and not email and not self.has_error("email"):
            self.add_error("user", _("Choose an account, or type the email address of the person to invite."))
        return cleaned


def _assignable_project(request, pk) -> Project:
    project = get_object_or_404(Project, pk=pk)
    require(request.user, "projects.view_project", project, hide=True)
    require(request.user, "budgets.assign_finance_support", project)
    return project


@require_http_methods(["GET", "POST"])
def finance_support_add(request, pk):
    project = _assignable_project(request, pk)
    form = FinanceSupportForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["user"]
        email = form.cleaned_data["email"]
        if user is None:
            user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
        try:
            if user is not None:
                services.finance_support_add(project=project, user=user)
                forget_roles(user)
                messages.success(request, _("%(name)s is now finance support in the project.") % {"name": user})
            else:
                invitation_create(email=email, full_name=form.cleaned_data["full_name"], invited_by=request.user,
                                  target=services.FINANCE_SUPPORT_TARGET, target_id=project.pk,
                                  role="finance_support")
                messages.success(request, _("The invitation is sent to %(email)s. Once accepted, the person is "
                                            "finance support in the project.") % {"email": email})
        except ValidationError as error:
            if form.cleaned_data.get("user") is None and "user" in getattr(error, "error_dict", {}):
                form.add_error("email", error.error_dict["user"])  # the account came from the address typed
            else:
                apply_validation_error(form, error)
        else:
            return redirect("projects:people", pk=project.pk)
    return render(request, "budgets/finance_support_add.html", {"project": project, "form": form},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def finance_support_remove(request, pk, support_pk):
    """Asks first; the POST takes the role away (the person keeps their account)."""
    project = _assignable_project(request, pk)
    support = get_object_or_404(FinanceSupport.objects.select_related("user"), project=project, pk=support_pk)
    if request.method == "POST":
        services.finance_support_remove(support=support)
        forget_roles(support.user)
        messages.success(request, _("%(name)s is no longer finance support in the project.") % {"name": support.user})
        return redirect("projects:people", pk=project.pk)
    return render(request, "projects/people_remove.html", {
        "project": project, "person": support.user, "role": _("Finance support"),
        "where": _("The project's budget and outcome"), "error": "",
    })
