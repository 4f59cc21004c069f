from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from budgets.models import Budget
from grportal.locking import VersionedFormMixin
from projects.models import Project, WorkPackage

from .models import Decision, Meeting

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DashboardFilterForm(forms.Form):
    """Period, municipality, funder and focus area. Bad input gives a message and the unfiltered figures."""

    period_start = forms.DateField(label=_("From"), required=False, widget=DATE)
    period_end = forms.DateField(label=_("To"), required=False, widget=DATE)
    municipality = forms.ModelChoiceField(label=_("Municipality"), required=False, queryset=Organisation.objects.none(),
                                          empty_label=_("All municipalities"))
    funder = forms.ModelChoiceField(label=_("Funder"), required=False, queryset=Organisation.objects.none(),
                                    empty_label=_("All funders"))
    focus_area = forms.ChoiceField(label=_("Focus area"), required=False)

    def __init__(self, *args, focus_areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
        self.fields["funder"].queryset = Organisation.objects.filter(kind=Organisation.Kind.FUNDER)
        self.fields["focus_area"].choices = [("", _("All focus areas"))] + [(a, a) for a in focus_areas]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


class MeetingForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["project", "date", "title", "attendees", "agenda", "notes"]
        widgets = {"date": DATE, "attendees": forms.Textarea(attrs={"rows": 4}),
                   "agenda": forms.Textarea(attrs={"rows": 5}), "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, projects=None, allow_portfolio=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects if projects is not None else Project.objects.none()
        self.fields["project"].empty_label = _("The whole portfolio")
        self.fields["project"].required = not allow_portfolio


class DecisionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "status", "responsible", "due_date", "project", "work_package", "budget"]
        widgets = {"due_date": DATE, "text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"work_package": _("If the decision changes a work package (its scope, time or budget)."),
                      "budget": _("If the decision adopts or changes a budget version.")}

    def __init__(self, *args, meeting: Meeting, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        if meeting.project_id:
            project_ids = [meeting.project_id]
        else:
            project_ids = list(projects.values_list("pk", flat=True))
        self.fields["project"].queryset = Project.objects.filter(pk__in=project_ids)
        self.fields["work_package"].queryset = WorkPackage.objects.filter(project_id__in=project_ids) \
            .select_related("project")
        self.fields["budget"].queryset = Budget.objects.filter(project_id__in=project_ids).select_related("project")
        if meeting.project_id and not self.instance.pk and not self.is_bound:
            self.initial.setdefault("project", meeting.project_id)
