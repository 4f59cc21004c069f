import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import InviteForm
from accounts.models import Organisation
from grportal.forms import SwedishDecimalField
from grportal.locking import VersionedFormMixin
from projects.models import Project
from projects.roles import roles_for

from .models import (
    GENDER_FIELDS,
    MAX_DAYS_AHEAD,
    MAX_DURATION_MINUTES,
    OUTSIDE_PERIOD,
    SECTOR_FIELDS,
    Activity,
    Attachment,
    Lab,
    LabPhaseChange,
    Lesson,
    Method,
    Theme,
)
from .permissions import can_edit_lesson

GENDER_OVER_TOTAL = _(
    "Women, men and other add up to %(split)s, more than the total %(total)s. Raise the total or lower the breakdown."
)
SECTORS_OVER_TOTAL = _(
    "The sectors add up to %(split)s, more than the total %(total)s. Raise the total or lower the breakdown."
)


NEGATIVE_COUNT = _("A number of people cannot be negative: write 0 or leave the field empty.")
NEGATIVE_HOURS = _("Hours cannot be negative.")
DURATION_NOT_POSITIVE = _("Write how long the activity went on in hours, such as 1,5 for an hour and a half.")
DURATION_TOO_LONG = _("More than %(hours)s hours: write the length in hours, such as 1,5 for an hour and a half.")
CO_FINANCED_HELP = _("Working time the municipalities contribute (everyone's time added up), in hours: three "
                     "people for two hours make 6.")


def _hours_field(**kwargs):
    """Hours as people write them on a phone: 2,5 or 2.5 (a text field with the decimal keyboard)."""
    return SwedishDecimalField(required=False, min_value=0, max_digits=8, decimal_places=2, localize=True,
                               widget=forms.TextInput(attrs={"class": "input-number"}),
                               error_messages={"min_value": NEGATIVE_HOURS}, **kwargs)


def hours_from_minutes(minutes: int | None) -> Decimal | None:
    """75 → Decimal('1.25'), 150 → Decimal('2.5'), 120 → Decimal('2'): as few decimals as the value needs."""
    if minutes is None:
        return None
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.01"))
    for places in ("1", "0.1"):
        if hours == hours.quantize(Decimal(places)):
            return hours.quantize(Decimal(places))
    return hours


def _count_widget():
    return forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"})


class ActivityForm(VersionedFormMixin, forms.ModelForm):
    lesson_themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple,
    )
    attachment = forms.FileField(
        label=_("Photo or document"), required=False,
        # A hint for the phone's file picker; the content is checked on the server whatever the browser sends.
        widget=forms.FileInput(attrs={"accept": Attachment.UPLOADS.accept}),
        help_text=_("JPEG, PNG, PDF, Word, Excel, PowerPoint or ODT."),
    )
    # Typed in hours with a decimal (2,5), stored as Activity.duration_minutes.
    duration_hours = SwedishDecimalField(
        label=_("Length (hours)"), required=False, max_digits=4, decimal_places=2, localize=True,
        widget=forms.TextInput(attrs={"class": "input-number"}),
        help_text=_("How long the activity went on, such as 2,5."),
    )

    class Meta:
        model = Activity
        fields = [
            "kind", "title", "date", "date_outside_reason", "start_time", "place", "municipality", "description",
            "participants_total", *GENDER_FIELDS, *SECTOR_FIELDS,
            "co_financed_hours", "lessons", "lesson_themes",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "lessons": forms.Textarea(attrs={"rows": 3}),
            "participants_total": _count_widget(),
            **{name: _count_widget() for name in (*GENDER_FIELDS, *SECTOR_FIELDS)},
            "date_outside_reason": forms.Textarea(attrs={"rows": 2}),
            "co_financed_hours": forms.TextInput(attrs={"class": "input-number"}),
        }
        field_classes = {"co_financed_hours": SwedishDecimalField}
        localized_fields = ["co_financed_hours"]
        labels = {"date_outside_reason": _("Why does the activity belong to the project anyway?")}
        help_texts = {
            "lessons": _("What worked, what did not, what to do next."),
            "co_financed_hours": CO_FINANCED_HELP,
            "municipality": _("The regional lab moves between municipalities: where was this activity?"),
        }

    # Counts and hours left empty mean none: nobody should have to type 0 four times on a phone.
    ZERO_WHEN_EMPTY = (*GENDER_FIELDS, *SECTOR_FIELDS, "co_financed_hours")

    def __init__(self, *args, lab: Lab | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab
        if lab is not None and not self.instance.lab_id:
            self.instance.lab = lab  # so the model's rules that need the lab (the project's period) run here too
        if self.instance.duration_minutes is not None:
            self.fields["duration_hours"].initial = hours_from_minutes(self.instance.duration_minutes)
        for name in self.ZERO_WHEN_EMPTY:
            self.fields[name].required = False
        for name in ("participants_total", *GENDER_FIELDS, *SECTOR_FIELDS):
            self.fields[name].error_messages["min_value"] = NEGATIVE_COUNT
        if "co_financed_hours" in self.fields:
            self.fields["co_financed_hours"].error_messages["min_value"] = NEGATIVE_HOURS
        if not self.instance.pk:
            # A new activity starts with empty counts, not the model's 0: on a phone a tap then "8" gives "08".
            for name in ("participants_total", *self.ZERO_WHEN_EMPTY):
                self.fields[name].initial = None
        if self.instance.pk:
            self.initial["lesson_themes"] = self.instance.theme_list
        if lab is None or lab.kind != Lab.Kind.REGIONAL:
            del self.fields["municipality"]  # a local lab's activities are in its own municipality
        else:
            self.fields["municipality"].queryset = self.fields["municipality"].queryset.order_by("name")
            self.fields["municipality"].empty_label = _("Not stated")
        existing_counts, existing_hours = {}, {}
        if self.instance.pk:
            existing_counts = {c.target_group_id: c.count for c in self.instance.target_group_counts.all()}
            existing_hours = {t.organisation_id: t.hours for t in self.instance.co_financed_time.all()}
        self.target_groups = self._target_groups(lab, existing_counts) if lab else []
        self.organisations = self._organisations(lab) if lab else []
        for group in self.target_groups:
            self.fields[f"target_group_{group.pk}"] = forms.IntegerField(
                label=group.name, required=False, min_value=0, widget=_count_widget(),
                initial=existing_counts.get(group.pk), error_messages={"min_value": NEGATIVE_COUNT},
            )
        for organisation in self.organisations:
            self.fields[f"hours_{organisation.pk}"] = _hours_field(
                label=organisation.name, initial=existing_hours.get(organisation.pk))
        if self.organisations:  # hours are typed per organisation; the total is their sum
            del self.fields["co_financed_hours"]

    @staticmethod
    def _target_groups(lab, existing_counts):
        """The lab's own target groups (all of the project's when the lab names none), and any already counted."""
        groups = lab.project.target_groups.all()
        if lab.target_groups.exists():
            groups = groups.filter(Q(labs=lab) | Q(pk__in=list(existing_counts))).distinct()
        return list(groups)

    @staticmethod
    def _organisations(lab):
        organisations = list(lab.partners.all())
        if lab.municipality and lab.municipality not in organisations:
            organisations.insert(0, lab.municipality)
        return organisations

    # Field groups for the template.
    def target_group_fields(self):
        return [self[f"target_group_{g.pk}"] for g in self.target_groups]

    def hours_fields(self):
        return [self[f"hours_{o.pk}"] for o in self.organisations]

    def gender_fields(self):
        return [self[name] for name in GENDER_FIELDS]

    def sector_fields(self):
        return [self[name] for name in SECTOR_FIELDS]

    def _holds_something(self, names) -> bool:
        """Whether any of the fields has an error or a value other than empty or zero (its <details> opens)."""
        for name in names:
            if name not in self.fields:
                continue
            bound = self[name]
            if bound.errors:
                return True
            value = bound.value()
            if value in (None, "", [], ()):
                continue
            if isinstance(value, (str, int, Decimal)) and not isinstance(value, bool):
                try:
                    if Decimal(str(value).replace(",", ".").strip()) == 0:
                        continue
                except InvalidOperation:
                    pass
            return True
        return False

    @property
    def open_sections(self) -> dict[str, bool]:
        """The optional parts a phone shows folded: each opens when it holds a value or an error."""
        return {
            "sectors": self._holds_something(SECTOR_FIELDS),
            "target_groups": self._holds_something(f"target_group_{g.pk}" for g in self.target_groups),
            "hours": self._holds_something(
                ["co_financed_hours", *(f"hours_{o.pk}" for o in self.organisations)]),
            "lessons": self._holds_something(["lessons", "lesson_themes"]),
            "attachment": self._holds_something(["attachment"]),
        }

    @property
    def asks_date_reason(self) -> bool:
        """The reason for a date outside the project's period is asked for once the date needs one (or has one)."""
        if self._holds_something(["date_outside_reason"]):
            return True
        return any(error.code == OUTSIDE_PERIOD for error in self.errors.as_data().get("date", []))

    def clean_duration_hours(self):
        hours = self.cleaned_data.get("duration_hours")
        if hours is None:
            return None
        if hours <= 0:
            raise forms.ValidationError(DURATION_NOT_POSITIVE)
        if hours * 60 > MAX_DURATION_MINUTES:
            raise forms.ValidationError(DURATION_TOO_LONG % {"hours": MAX_DURATION_MINUTES // 60})
        return hours

    def clean_date(self):
        date = self.cleaned_data.get("date")
        if date and date > timezone.localdate() + dt.timedelta(days=MAX_DAYS_AHEAD):
            raise forms.ValidationError(_("The date is more than a year ahead. Check the year."))
        return date

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            Attachment.UPLOADS.check(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        for name in self.ZERO_WHEN_EMPTY:
            if name in self.fields and cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = 0
        total = cleaned.get("participants_total") or 0
        split = sum(cleaned.get(f) or 0 for f in GENDER_FIELDS)
        if split > total:
            self.add_error("participants_total", GENDER_OVER_TOTAL % {"split": split, "total": total})
        sectors = sum(cleaned.get(f) or 0 for f in SECTOR_FIELDS)
        if sectors > total:
            self.add_error("participants_public", SECTORS_OVER_TOTAL % {"split": sectors, "total": total})
        for group in self.target_groups:
            name = f"target_group_{group.pk}"
            count = cleaned.get(name)
            if count and count > total:
                self.add_error(name, _(
                    "%(count)s participants from this target group, more than the total %(total)s."
                ) % {"count": count, "total": total})
        return cleaned

    def _post_clean(self):
        # The model repeats the rules; their message is already next to the field.
        super()._post_clean()
        for name in ("participants_total", "participants_public", "date"):
            errors = self.errors.get(name)
            if errors and len(errors) > 1:
                del errors.data[1:]  # keep the ErrorList: a slice of it is a plain list that renders as "['…']"

    def clean_lesson_themes(self):
        return ",".join(self.cleaned_data.get("lesson_themes") or [])

    def service_kwargs(self) -> dict:
        """The cleaned data in the shape activity_create/activity_update take."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}
        hours = self.cleaned_data.get("duration_hours")
        data["duration_minutes"] = None if hours is None else int((hours * 60).to_integral_value())
        data["target_group_counts"] = {
            g.pk: self.cleaned_data.get(f"target_group_{g.pk}") or 0 for g in self.target_groups}
        if self.organisations:
            data["hours_by_organisation"] = {
                o.pk: self.cleaned_data.get(f"hours_{o.pk}") or 0 for o in self.organisations}
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for return"), widget=forms.Textarea(attrs={"rows": 2}))
    # The version of the activity the page showed: returning what someone has since changed is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None  # set when refused as stale: templates/components/stale_edit.html shows it


class PhaseChangeForm(forms.ModelForm):
    class Meta:
        model = LabPhaseChange
        fields = ["phase", "changed_on", "note"]
        widgets = {"changed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class MethodForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Method
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"description": _("What the method is and when a lab uses it, in a few sentences.")}
        error_messages = {"name": {"unique": _("There is already a method with this name in the catalogue.")}}


class LabForm(VersionedFormMixin, forms.ModelForm):
    """A lab's settings for its coordinators, on creation and later (the leads are added by invitation)."""

    class Meta:
        model = Lab
        fields = ["name", "kind", "municipality", "methods", "work_package", "place", "partners", "phase",
                  "target_groups"]
        widgets = {"partners": forms.CheckboxSelectMultiple, "target_groups": forms.CheckboxSelectMultiple,
                   "methods": forms.CheckboxSelectMultiple, "kind": forms.RadioSelect}
        labels = {"kind": _("Kind of lab")}
        help_texts = {
            "municipality": _("A local lab's municipality. A regional lab moves between municipalities: leave it "
                              "empty and say on each activity where it was held."),
            "place": _("Where the lab usually meets, such as a district. New activities suggest it."),
        }

    # The fieldsets of checkboxes and radio buttons (a legend each) in labs/lab_form.html.
    FIELDSETS = ("kind", "methods", "partners", "target_groups")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        project = self.instance.project
        self.fields["kind"].choices = [(Lab.Kind.LOCAL, _("Local lab in a municipality")),
                                       (Lab.Kind.REGIONAL, _("Regional lab on tour between municipalities"))]
        self.fields["work_package"].queryset = project.work_packages.all()
        self.fields["target_groups"].queryset = project.target_groups.all()
        self.fields["municipality"].queryset = self.fields["municipality"].queryset.order_by("name")
        self.fields["partners"].queryset = self.fields["partners"].queryset.order_by("name")
        self.fields["methods"].queryset = Method.objects.order_by("name")
        self.fields["methods"].required = True
        self.fields["methods"].error_messages["required"] = _("Choose at least one method from the catalogue.")
        self.fields["methods"].help_text = _("One or more methods the lab tests.")


class LabLeadInviteForm(InviteForm):
    """Invite a person by email to lead a lab (labs:invite_lead)."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none(),
                                          required=False, empty_label=_("Not stated"))

    def __init__(self, *args, lab: Lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        if lab.municipality_id:
            self.fields["organisation"].initial = lab.municipality_id

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.lab.leads.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("This person already leads the lab."))
        return email


class LessonForm(VersionedFormMixin, forms.ModelForm):
    """A standalone lesson (labs:lesson_new, labs:lesson_edit): where it belongs, what was learned and what it led
    to, and the contact person who still knows the matter."""

    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose themes from the list.")},
    )

    class Meta:
        model = Lesson
        fields = ["project", "lab", "title", "text", "effect", "themes", "contact_name", "contact_organisation",
                  "contact_email", "recorded_on"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "effect": forms.Textarea(attrs={"rows": 3}),
            "recorded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"lab": _("Lab"), "recorded_on": _("Recorded on")}
        help_texts = {
            "lab": _("Leave empty for a lesson of the project as a whole (coordinators)."),
            "title": _("A few words that say what the lesson is about."),
            "text": _("What worked, what did not, and why."),
            "effect": _("What the lesson led to or changed: a new way of working, a decision, a method dropped."),
            "contact_name": _("Someone who still knows the matter and can be asked about it."),
        }
        error_messages = {
            "project": {"required": _("Choose the project the lesson belongs to."),
                        "invalid_choice": _("Choose one of your projects.")},
            "lab": {"invalid_choice": _("Choose one of the labs you may record lessons for.")},
            "title": {"required": _("Give the lesson a short title.")},
            "text": {"required": _("Write what was learned.")},
            "contact_name": {"required": _("Name a contact person who still knows the matter.")},
            "contact_email": {"invalid": _("Write a whole email address, such as namn@kommun.se, or leave it "
                                           "empty.")},
            "recorded_on": {"required": _("Write the date, such as 2026-03-15."),
                            "invalid": _("Write the date as year-month-day, such as 2026-03-15.")},
        }

    def __init__(self, *args, user, lab: Lab | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["project"].queryset = self._projects(user)
        self.fields["project"].empty_label = None
        self.fields["lab"].queryset = self._labs(user)
        self.fields["lab"].empty_label = _("The whole project")
        self.fields["lab"].label_from_instance = lambda lab: f"{lab.name} ({lab.project.short_name or lab.project})"
        self.fields["contact_organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["contact_organisation"].empty_label = _("Not stated")
        if self.instance.pk:
            self.initial["themes"] = self.instance.theme_list
        elif lab is not None:
            self.initial.setdefault("project", lab.project_id)
            self.initial.setdefault("lab", lab.pk)
            if lab.municipality_id:
                self.initial.setdefault("contact_organisation", lab.municipality_id)
        else:
            self._preset_the_only_lab(user)

    def _preset_the_only_lab(self, user):
        """A lab lead who coordinates nothing records lessons for their lab: with one lab to choose from, it is
        chosen (the whole project, the empty choice, is for coordinators)."""
        roles = roles_for(user)
        if roles.is_staff or roles.coordinates:
            return
        labs = list(self.fields["lab"].queryset[:2])
        if len(labs) == 1:
            self.initial.setdefault("project", labs[0].project_id)
            self.initial.setdefault("lab", labs[0].pk)
            if labs[0].municipality_id:
                self.initial.setdefault("contact_organisation", labs[0].municipality_id)

    def _projects(self, user):
        """The projects the person coordinates or leads a lab in (all for staff), and the lesson's own."""
        roles = roles_for(user)
        if roles.is_staff:
            return Project.objects.order_by("title")
        mine = Q(pk__in=roles.coordinates | roles.lab_projects)
        if self.instance.project_id:
            mine |= Q(pk=self.instance.project_id)
        return Project.objects.filter(mine).order_by("title")

    def _labs(self, user):
        """The labs of the projects the person coordinates and the labs they lead (all for staff), and the
        lesson's own."""
        roles = roles_for(user)
        labs = Lab.objects.select_related("project").order_by("project__title", "name")
        if roles.is_staff:
            return labs
        mine = Q(project_id__in=roles.coordinates) | Q(pk__in=roles.labs_led)
        if self.instance.lab_id:
            mine |= Q(pk=self.instance.lab_id)
        return labs.filter(mine)

    def clean_themes(self):
        return ",".join(self.cleaned_data.get("themes") or [])

    def clean(self):
        cleaned = super().clean()
        project, lab = cleaned.get("project"), cleaned.get("lab")
        if project is None or "lab" in self.errors:
            return cleaned
        if lab is not None and lab.project_id != project.pk:
            self.add_error("lab", _("The lab belongs to another project: choose a lab of %(project)s, or none for "
                                    "the whole project.") % {"project": project})
        elif not can_edit_lesson(self.user, Lesson(project=project, lab=lab)):
            if lab is None:
                self.add_error("lab", _("A lesson of the whole project is recorded by its coordinators: choose the "
                                        "lab you lead."))
            else:
                self.add_error("lab", _("You may record lessons only for the labs you lead."))
        return cleaned

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
