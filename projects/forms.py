from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import InviteForm

from .models import ProjectMembership


class ProjectInviteForm(InviteForm):
    role = forms.ChoiceField(label=_("Role in the project"), choices=ProjectMembership.Role.choices)
