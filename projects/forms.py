from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import InviteForm
from accounts.models import Organisation

from .models import ProjectMembership


class ProjectInviteForm(InviteForm):
    role = forms.ChoiceField(label=_("Role in the project"), choices=ProjectMembership.Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name"), required=False,
        help_text=_("Where the person works. For a funder contact, leave it empty to use the project's funder."),
    )

    field_order = ["email", "full_name", "role", "organisation"]
