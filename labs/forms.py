from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Activity


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "kind", "title", "date", "start_time", "place", "description",
            "participants_total", "participants_women", "participants_men", "participants_other",
            "co_financed_hours", "lessons",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "lessons": forms.Textarea(attrs={"rows": 3}),
            "participants_total": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "participants_women": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "participants_men": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "participants_other": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "co_financed_hours": forms.NumberInput(attrs={"min": 0, "step": "0.25", "inputmode": "decimal"}),
        }
        help_texts = {
            "lessons": _("What worked, what did not, what to do next."),
            "co_financed_hours": _("The municipalities' working time on this activity, in hours."),
        }

    # Counts and hours left empty mean none: nobody should have to type 0 four times on a phone.
    ZERO_WHEN_EMPTY = ("participants_women", "participants_men", "participants_other", "co_financed_hours")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.ZERO_WHEN_EMPTY:
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        for name in self.ZERO_WHEN_EMPTY:
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = 0
        total = cleaned.get("participants_total") or 0
        split = sum(cleaned.get(f) or 0 for f in ("participants_women", "participants_men", "participants_other"))
        if split > total:
            self.add_error("participants_total", _(
                "Women, men and other add up to %(split)s, more than the total %(total)s. "
                "Raise the total or lower the breakdown."
            ) % {"split": split, "total": total})
        return cleaned

    def _post_clean(self):
        # The model repeats the rule; its message is already next to the field.
        super()._post_clean()
        errors = self.errors.get("participants_total")
        if errors and len(errors) > 1:
            del errors.data[1:]  # keep the ErrorList: a slice of it is a plain list that renders as "['…']"
