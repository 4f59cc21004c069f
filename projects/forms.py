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


# --- The plan editor's forms -------------------------------------------------------------------------
# Each form edits one plan item. The hidden `version` is the value the person saw; the service refuses the
# save when the item has changed since (optimistic locking, grportal.locking).

from accounts.models import User  # noqa: E402
from grportal.locking import VersionedFormMixin  # noqa: E402

from .indicator_sources import all_params, get_source, source_choices, sources_using  # noqa: E402
from .models import (  # noqa: E402
    FundingApplication,
    Goal,
    Indicator,
    IndicatorValue,
    KeyPerson,
    Milestone,
    OrganisationMember,
    OrganisationMemberShare,
    Project,
    ProjectPartner,
    TargetGroup,
    WorkPackage,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PlanForm(VersionedFormMixin, forms.ModelForm):
    """A plan item's form: knows its project, limits every choice to it and carries the version seen."""

    def __init__(self, *args, project, **kwargs):
        self.project = project
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput):
                field.widget = DateInput()
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3
        self.limit_choices()

    def limit_choices(self):
        pass

    def model_values(self) -> dict:
        """The cleaned values of the model's own (non many-to-many) fields."""
        m2m = {f.name for f in self._meta.model._meta.many_to_many}
        return {name: value for name, value in self.cleaned_data.items()
                if name in self._meta.fields and name not in m2m}

    def m2m_values(self) -> dict:
        m2m = {f.name for f in self._meta.model._meta.many_to_many}
        return {name: value for name, value in self.cleaned_data.items() if name in m2m}


def _organisations():
    return Organisation.objects.order_by("name")


class ProjectFactsForm(PlanForm):
    class Meta:
        model = Project
        fields = ["title", "short_name", "description", "owner", "municipalities", "funder", "start_date",
                  "end_date", "status", "focus_area", "tags"]
        widgets = {"municipalities": forms.CheckboxSelectMultiple}

    def limit_choices(self):
        self.fields["owner"].queryset = _organisations()
        self.fields["municipalities"].queryset = self.fields["municipalities"].queryset.order_by("name")


class GoalForm(PlanForm):
    class Meta:
        model = Goal
        fields = ["level", "parent", "title", "description", "why_individuals", "why_society", "target_groups",
                  "work_packages", "position"]
        widgets = {"target_groups": forms.CheckboxSelectMultiple, "work_packages": forms.CheckboxSelectMultiple}
        help_texts = {"parent": _("An overall goal has none; a project goal belongs to an overall goal and a "
                                  "sub-goal to a project goal."),
                      "position": _("Goals are listed in this order within their level.")}

    def limit_choices(self):
        parents = self.project.goals.exclude(level=Goal.Level.SUB)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["target_groups"].queryset = self.project.target_groups.all()
        self.fields["work_packages"].queryset = self.project.work_packages.all()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("level") == Goal.Level.OVERALL and cleaned.get("parent"):
            self.add_error("parent", _("An overall goal is not part of another goal."))
        return cleaned


class WorkPackageForm(PlanForm):
    goals = forms.ModelMultipleChoiceField(
        label=_("Goals it serves"), queryset=Goal.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Usually the sub-goals this work package achieves."),
    )

    class Meta:
        model = WorkPackage
        fields = ["code", "title", "objective", "target_groups", "responsible", "local_leader", "local_leader_name",
                  "start_date", "end_date", "status"]
        widgets = {"target_groups": forms.CheckboxSelectMultiple}

    def limit_choices(self):
        self.fields["target_groups"].queryset = self.project.target_groups.all()
        self.fields["responsible"].queryset = _organisations()
        self.fields["local_leader"].queryset = (
            User.objects.filter(project_memberships__project=self.project).distinct().order_by("full_name")
        )
        self.fields["local_leader"].help_text = _("People with a role in the project.")
        self.fields["goals"].queryset = self.project.goals.order_by("position", "pk")
        if self.instance.pk and not self.is_bound:
            self.fields["goals"].initial = list(self.instance.goals.values_list("pk", flat=True))

    def m2m_values(self) -> dict:
        values = super().m2m_values()
        values["goals"] = self.cleaned_data.get("goals", [])
        return values


class TargetGroupForm(PlanForm):
    class Meta:
        model = TargetGroup
        fields = ["name", "description"]

    def validate_unique(self):
        self.instance.project = self.project
        super().validate_unique()


class IndicatorForm(PlanForm):
    """An indicator, with a field for every setting a computed source reads (declared by the apps that register
    sources, projects/indicator_sources.py); only the chosen source's settings are saved in source_params."""

    class Meta:
        model = Indicator
        fields = ["name", "goal", "work_package", "unit", "baseline", "target", "direction", "source"]
        help_texts = {"source": _("Leave empty to record the values by hand.")}

    @staticmethod
    def setting_field_name(param) -> str:
        return f"source_{param.name}"

    def limit_choices(self):
        self.fields["goal"].queryset = self.project.goals.order_by("position", "pk")
        self.fields["work_package"].queryset = self.project.work_packages.all()
        self.fields["source"] = forms.ChoiceField(
            label=_("computed from"), required=False, choices=[("", _("Typed in by hand"))] + source_choices(),
            help_text=_("Leave empty to record the values by hand."),
        )
        saved = self.instance.source_params or {}
        self.setting_params = {}
        for param in all_params():
            used_by = ", ".join(str(s.label) for s in sources_using(param.name))
            help_text = _("Used by: %(sources)s.") % {"sources": used_by}
            if param.help_text:
                help_text = f"{param.help_text} {help_text}"
            name = self.setting_field_name(param)
            self.fields[name] = forms.ChoiceField(
                label=param.label, required=False,
                choices=[("", "–")] + [(str(value), label) for value, label in param.choices(self.project)],
                help_text=help_text,
                error_messages={"invalid_choice": param.invalid_choice} if param.invalid_choice else None,
            )
            if saved.get(param.name) not in (None, "") and not self.is_bound:
                self.fields[name].initial = str(saved[param.name])
            self.setting_params[name] = param

    def clean(self):
        cleaned = super().clean()
        source = get_source(cleaned.get("source") or "")
        wanted = {p.name for p in source.params} if source else set()
        for name, param in self.setting_params.items():
            value = cleaned.get(name)
            if param.name in wanted:
                if param.required and not value:
                    self.add_error(name, _("Choose %(setting)s: the source “%(source)s” cannot compute a value "
                                           "without it.") % {"setting": str(param.label).lower(),
                                                             "source": source.label})
            elif value:
                if source:
                    self.add_error(name, _("The source “%(source)s” does not use this setting. Leave it empty, or "
                                           "choose a source that uses it.") % {"source": source.label})
                else:
                    self.add_error(name, _("Values typed in by hand use no source settings. Leave it empty, or "
                                           "choose a source that uses it."))
        return cleaned

    def model_values(self) -> dict:
        values = super().model_values()
        values["source_params"] = {
            param.name: self.cleaned_data[name] for name, param in self.setting_params.items()
            if self.cleaned_data.get(name)
        }
        return values


class IndicatorValueForm(PlanForm):
    class Meta:
        model = IndicatorValue
        fields = ["indicator", "period_start", "period_end", "value", "comment"]

    def limit_choices(self):
        self.fields["indicator"].queryset = self.project.indicators.all()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return cleaned


class MilestoneForm(PlanForm):
    class Meta:
        model = Milestone
        fields = ["work_package", "kind", "title", "due_date", "done"]

    def limit_choices(self):
        self.fields["work_package"].queryset = self.project.work_packages.all()


def _project_people(project, current=None):
    """Accounts with a role in the project (and the one already chosen, should they have lost the role)."""
    people = User.objects.filter(project_memberships__project=project)
    if current is not None:
        people = people | User.objects.filter(pk=current)
    return people.distinct().order_by("full_name", "email")


class KeyPersonForm(PlanForm):
    class Meta:
        model = KeyPerson
        fields = ["name", "organisation", "work_package", "role", "competence", "why_important"]
        help_texts = {"work_package": _("The work package they are a key person in. Leave empty for the whole "
                                        "project.")}

    def limit_choices(self):
        self.fields["organisation"].queryset = _organisations()
        self.fields["work_package"].queryset = self.project.work_packages.all()


class OrganisationMemberForm(PlanForm):
    class Meta:
        model = OrganisationMember
        fields = ["group", "name", "user", "organisation", "role", "share_of_time"]
        help_texts = {"user": _("The person's account in the portal, when they have one (people with a role in the "
                                "project)."),
                      "share_of_time": _("The same share for the whole project. When it changes over the project, "
                                         "add shares of time per period under the person instead.")}

    def limit_choices(self):
        self.fields["organisation"].queryset = _organisations()
        self.fields["user"].queryset = _project_people(self.project, self.instance.user_id)


class OrganisationMemberShareForm(PlanForm):
    """A seat's share of time for one period (periods do not overlap and lie within the project's period: the
    model's clean says so next to the date)."""

    class Meta:
        model = OrganisationMemberShare
        fields = ["member", "share_percent", "valid_from", "valid_to", "note"]

    def limit_choices(self):
        self.fields["member"].queryset = self.project.organisation_members.all()


class ProjectPartnerForm(PlanForm):
    class Meta:
        model = ProjectPartner
        fields = ["organisation", "role"]

    def limit_choices(self):
        self.fields["organisation"].queryset = _organisations()

    def validate_unique(self):
        self.instance.project = self.project
        super().validate_unique()


class FundingApplicationForm(PlanForm):
    class Meta:
        model = FundingApplication
        fields = ["funder", "call", "amount_applied", "amount_granted", "deadline", "decision_date", "status"]

    def limit_choices(self):
        self.fields["funder"].queryset = Organisation.objects.filter(kind=Organisation.Kind.FUNDER).order_by("name")


class ProjectCreateForm(ProjectFactsForm):
    """A new project: the person who creates it becomes its coordinator."""
