from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from grportal.locking import VersionedFormMixin
from projects.models import Project, ProjectMembership, WorkPackage

from .models import Documentation, Gender, ProgrammeItem, Registration, Seminar, Series

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SeriesForm(forms.ModelForm):
    class Meta:
        model = Series
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class SeminarForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Seminar
        fields = ["series", "number", "title", "theme", "starts_at", "ends_at", "registration_deadline", "place",
                  "step_free_access", "hearing_loop", "interpretation", "accessibility", "capacity", "food_served",
                  "invitation", "project", "work_package"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME, "registration_deadline": DATETIME,
                   "invitation": forms.Textarea(attrs={"rows": 6}), "accessibility": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        projects = Project.objects.all()
        if not user.is_staff:
            projects = projects.filter(memberships__user=user,
                                       memberships__role=ProjectMembership.Role.COORDINATOR).distinct()
            self.fields["project"].required = True
        self.fields["project"].queryset = projects
        self.fields["work_package"].queryset = WorkPackage.objects.filter(project__in=projects) \
            .select_related("project")

    def clean(self):
        data = super().clean()
        starts, ends, deadline = data.get("starts_at"), data.get("ends_at"), data.get("registration_deadline")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The seminar cannot end before it starts."))
        if starts and deadline and deadline > starts:
            self.add_error("registration_deadline", _("The registration deadline must be before the seminar starts."))
        package, project = data.get("work_package"), data.get("project")
        if package and package.project_id != getattr(project, "pk", None):
            self.add_error("work_package", _("Choose a work package of the chosen project."))
        return data


TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ProgrammeItemForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ProgrammeItem
        fields = ["starts_at", "ends_at", "title", "speaker", "speaker_title", "speaker_organisation"]
        widgets = {"starts_at": TIME, "ends_at": TIME}
        help_texts = {"speaker_title": _("For example Researcher or Head of planning.")}

    def __init__(self, *args, seminar, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.seminar = seminar
        self.fields["speaker"].widget.attrs["autocomplete"] = "off"


GENDER_CHOICES = [("", _("I prefer not to say"))] + list(Gender.choices)


class ExplicitCheckbox(forms.CheckboxInput):
    """Consent is given only by a ticked box: "0" (as "false" and empty) is no consent, unlike Django's
    CheckboxInput, which takes any non-empty string other than "false" as ticked."""

    def value_from_datadict(self, data, files, name):
        if str(data.get(name, "")).strip().lower() == "0":
            return False
        return super().value_from_datadict(data, files, name)


class RegistrationForm(forms.ModelForm):
    """The public form. `website` is a honeypot: hidden from people, filled in by bots."""

    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)
    gender = forms.ChoiceField(label=_("Gender (optional)"), choices=GENDER_CHOICES, required=False,
                               widget=forms.RadioSelect,
                               help_text=_("Only used to count, in reports, how many women and men took part."))

    class Meta:
        model = Registration
        fields = ["name", "email", "organisation", "sector", "dietary_needs", "accessibility_needs", "gender",
                  "consents_to_invitations"]
        help_texts = {
            "dietary_needs": _("Allergies or special diets. Erased right after the seminar."),
            "accessibility_needs": _("For example interpretation, a hearing loop or step-free seating. "
                                     "Erased right after the seminar."),
            "consents_to_invitations": _("Optional. You can withdraw this at any time by replying to an invitation."),
        }

    def __init__(self, *args, seminar, **kwargs):
        super().__init__(*args, **kwargs)
        self.seminar = seminar
        if not seminar.food_served:
            del self.fields["dietary_needs"]
        self.fields["consents_to_invitations"].initial = False
        self.fields["consents_to_invitations"].widget = ExplicitCheckbox()
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"

    def clean_website(self):
        return self.cleaned_data.get("website", "")

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, _("The text contains characters that cannot be stored."))
        if not self.seminar.registration_open:
            raise ValidationError(_("Registration for this seminar is closed."))
        return data

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Overall, how useful was the seminar?"), coerce=int,
                                    choices=[(i, str(i)) for i in range(1, 6)], widget=forms.RadioSelect,
                                    help_text=_("1 = not at all useful, 5 = very useful"))
    comment = forms.CharField(label=_("What should we keep or change? (optional)"), required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("Please do not write names or other personal details."))

    def clean_comment(self):
        comment = self.cleaned_data["comment"]
        if "\x00" in comment:
            raise ValidationError(_("The text contains characters that cannot be stored."))
        return comment


class DocumentationForm(forms.Form):
    file = forms.FileField(label=_("File (slides, notes)"),
                           widget=forms.FileInput(attrs={"accept": Documentation.UPLOADS.accept}),
                           help_text=_("PDF, PowerPoint, Word, Excel, ODT or ODP."))
    is_public = forms.BooleanField(label=_("Public: anyone can download it from the seminar's page"),
                                   required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = Documentation.UPLOADS.check(upload).content_type
        return upload


class RegistrationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, email or organisation"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + list(Registration.Status.choices))
    attended = forms.ChoiceField(label=_("Attendance"), required=False,
                                 choices=[("", _("All")), ("yes", _("Attended")), ("no", _("Not checked in"))])
    invitations = forms.ChoiceField(
        label=_("Invitations to future seminars"), required=False,
        choices=[("", _("All")), ("yes", _("Wants invitations")), ("no", _("Has not asked for invitations"))])
