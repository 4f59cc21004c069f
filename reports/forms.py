from django import forms
from django.utils.translation import gettext_lazy as _

from grportal.locking import VersionedFormMixin

from .models import MemberGender, ReportDraft
from .registry import DEFAULT_TEXT_LABELS, report_type_choices


class PeriodMixin:
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return cleaned


class ReportRequestForm(PeriodMixin, forms.Form):
    period_start = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Period to"), widget=forms.DateInput(attrs={"type": "date"}))
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)


class DraftStartForm(PeriodMixin, forms.Form):
    report_type = forms.ChoiceField(label=_("Report"), choices=report_type_choices)
    period_start = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Period to"), widget=forms.DateInput(attrs={"type": "date"}))


class DraftForm(VersionedFormMixin, forms.Form):
    """The texts the report type prints, with the funder's headings as labels, and the genders of the seats
    the gender questions count (steering group, project coordination). The hidden version is the draft's as
    the person opened it (grportal.locking)."""

    instance_kwarg = "draft"

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, draft: ReportDraft, members=(), genders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        report_type = draft.type
        self.text_names = report_type.text_fields() if report_type else list(DEFAULT_TEXT_LABELS)
        for name in self.text_names:
            self.fields[name] = forms.CharField(
                label=report_type.text_label(name) if report_type else DEFAULT_TEXT_LABELS[name],
                required=False, max_length=20000,
                widget=forms.Textarea(attrs={"rows": 5}), initial=getattr(draft, name),
            )
        genders = genders or {}
        self.members = list(members)
        self.gender_fields = []
        for member in self.members:
            name = f"gender_{member.pk}"
            label = f"{member.name} ({member.get_group_display()})"
            self.fields[name] = forms.ChoiceField(
                label=label, required=False, initial=genders.get(member.pk, ""),
                choices=[("", _("Not stated"))] + list(MemberGender.Gender.choices),
            )
            self.gender_fields.append(name)

    def form_for_saved(self, current):
        """The form for the draft as saved now, with the genders as stated now (saved with the texts)."""
        genders = dict(MemberGender.objects.filter(member__in=self.members).values_list("member_id", "gender"))
        return type(self)(draft=current, members=self.members, genders=genders)

    def text_bound_fields(self):
        return [self[name] for name in self.text_names]

    def gender_bound_fields(self):
        return [self[name] for name in self.gender_fields]

    def texts(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.text_names}

    def genders(self) -> dict:
        return {member: self.cleaned_data[f"gender_{member.pk}"] for member in self.members}
