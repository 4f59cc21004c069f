import re

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from .models import Organisation

MUNICIPALITY_CODE_RE = re.compile(r"^\d{4}$")


class InvitationAcceptForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Choose a password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean_password2(self):
        p1, p2 = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if p1 and p2 and p1 != p2:
            raise forms.ValidationError(_("The two passwords differ. Type the same password twice."))
        return p2

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password1")
        if password:
            probe = get_user_model()(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(label=_("Name"), max_length=150, required=False)


class OrganisationForm(forms.ModelForm):
    """A new organisation (a partner missing from the lists). The organisation number is checked by the model's
    validator (format and check digit) and stored as NNNNNN-NNNN; a municipality needs its SCB code."""

    class Meta:
        model = Organisation
        fields = ["name", "kind", "org_number", "municipality_code"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if Organisation.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("There is already an organisation called %(name)s. Choose it in the "
                                          "list instead.") % {"name": name})
        return name

    def clean_municipality_code(self):
        code = self.cleaned_data["municipality_code"].strip()
        if code and not MUNICIPALITY_CODE_RE.match(code):
            raise forms.ValidationError(_("Enter the municipality code as four digits, for example 1480."))
        return code

    def clean(self):
        cleaned = super().clean()
        kind, code = cleaned.get("kind"), cleaned.get("municipality_code")
        if kind == Organisation.Kind.MUNICIPALITY and not code and not self.has_error("municipality_code"):
            self.add_error("municipality_code", _("Enter the municipality's code (SCB's kommunkod, four digits)."))
        elif kind and kind != Organisation.Kind.MUNICIPALITY and code:
            self.add_error("municipality_code", _("Only a municipality has a municipality code. Leave it empty, or "
                                                  "choose the kind Municipality."))
        return cleaned
