from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from grportal.forms import SwedishDecimalField
from grportal.locking import VersionedFormMixin

from .models import ActualCost, Budget, CostLine, FinancingLine

ALLOWED_UPLOAD_BYTES = 5 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def swedish_decimals(db_field, **kwargs):
    """ModelForm formfield_callback: every decimal of the budget forms takes the Swedish decimal comma."""
    if isinstance(db_field, models.DecimalField):
        return db_field.formfield(form_class=SwedishDecimalField, **kwargs)
    return db_field.formfield(**kwargs)


class LineForm(VersionedFormMixin, forms.ModelForm):
    """A budget line's form; the hidden version is the one the person saw (optimistic locking)."""

    def __init__(self, *args, budget, **kwargs):
        self.budget = budget
        super().__init__(*args, **kwargs)
        for name in ("organisation", "recipient"):
            if name in self.fields:
                self.fields[name].queryset = Organisation.objects.order_by("name")
        self.fields["amount"].required = False
        self.fields["amount"].help_text = _("Left empty when the line is planned with a salary or a flat rate: "
                                            "the amount is calculated.")
        project = budget.project
        self.fields["year"].help_text = _("The project runs %(start)s–%(end)s.") % {
            "start": project.start_date.year, "end": project.end_date.year}
        for name in ("on_cost_percent",):
            self.fields[name].help_text = _("Left empty: the organisation's stored rate for the year.")

    def clean_year(self):
        year = self.cleaned_data["year"]
        project = self.budget.project
        if year is not None and not (project.start_date.year <= year <= project.end_date.year):
            raise forms.ValidationError(_("Choose a year within the project period (%(start)s–%(end)s).") % {
                "start": project.start_date.year, "end": project.end_date.year})
        return year

    def model_values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name in self._meta.fields}


class CostLineForm(LineForm):
    class Meta:
        model = CostLine
        formfield_callback = swedish_decimals
        fields = ["year", "category", "organisation", "description", "amount", "people", "share_percent",
                  "monthly_salary", "months", "on_cost_percent", "flat_rate_percent", "flat_rate_base"]


class FinancingLineForm(LineForm):
    class Meta:
        model = FinancingLine
        formfield_callback = swedish_decimals
        fields = ["year", "kind", "organisation", "recipient", "description", "amount", "people", "share_percent",
                  "monthly_salary", "months", "on_cost_percent"]


class BudgetForm(VersionedFormMixin, forms.ModelForm):
    """A version's name, kind and note."""

    class Meta:
        model = Budget
        fields = ["name", "kind", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def model_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class BudgetCopyForm(forms.Form):
    name = forms.CharField(label=_("Name of the new version"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of version"), choices=Budget.Kind.choices, initial=Budget.Kind.SCENARIO)
    note = forms.CharField(label=_("What this version changes"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("For example: one more municipality joins; co-financing rises to 15 %."))


class BudgetCreateForm(forms.Form):
    name = forms.CharField(label=_("Name of the budget"), max_length=200,
                           help_text=_("For example: Application to Vinnova 2026."))
    kind = forms.ChoiceField(label=_("Kind of version"), choices=Budget.Kind.choices, initial=Budget.Kind.APPLIED)
    note = forms.CharField(label=_("What this version changes"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class CompareForm(forms.Form):
    """The versions to compare with come from the list the page already has (no query of its own)."""

    other = forms.TypedChoiceField(label=_("Compare with"), coerce=int)

    def __init__(self, *args, budgets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = [(b.pk, b.name) for b in budgets]


class ActualCostForm(forms.ModelForm):
    class Meta:
        model = ActualCost
        formfield_callback = swedish_decimals
        fields = ["date", "category", "organisation", "description", "amount"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, project, **kwargs):
        self.project = project
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date and not (self.project.start_date <= date <= self.project.end_date):
            raise forms.ValidationError(_("Costs must be booked within the project period (%(start)s–%(end)s).") % {
                "start": self.project.start_date.isoformat(), "end": self.project.end_date.isoformat()})
        return date


class LedgerUploadForm(forms.Form):
    file = forms.FileField(label=_("Ledger export (CSV or XLSX)"),
                           help_text=_("Columns: datum, kategori, organisation, beskrivning, belopp. "
                                       "Nothing is booked until you have seen the preview and confirmed."))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        if file.size > ALLOWED_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return file


class OnCostRateForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.order_by("name"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    percent = SwedishDecimalField(label=_("On-cost rate (%)"), min_value=0, max_value=100, max_digits=5,
                                  decimal_places=2)
    annual_hours = forms.IntegerField(label=_("Annual hours"), min_value=1, max_value=8784, initial=1720,
                                      help_text=_("1,720 is the common figure in EU programmes."))
    apply = forms.BooleanField(label=_("Recalculate this version's lines of that organisation and year"),
                               required=False, initial=True)

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget
