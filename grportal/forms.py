"""Form helpers every app shares; infrastructure, so it imports no app of ours."""

import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def apply_validation_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError (a model's full_clean, a rule in services.py) on the form that was saved:
    each message next to its field where the form has that field, at the top of the form otherwise (a field the form
    does not show, NON_FIELD_ERRORS, or an error that names no field). What was typed stays in the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields and field != NON_FIELD_ERRORS else None, errors)


class SwedishDecimalField(forms.DecimalField):
    """Takes numbers as people write them: 1 234,50 or 1234.50, 30 % or 30, with a real minus sign or not.

    A text field (inputmode decimal) rather than type=number, which drops a value it cannot parse (e.g. with
    spaces between thousands, or a decimal comma in some browsers) without telling the person."""

    widget = forms.TextInput

    def widget_attrs(self, widget):
        return super().widget_attrs(widget) | {"inputmode": "decimal"}

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]", "", value).replace("\u2212", "-")
            value = re.sub(r"(?i)(kr|sek|%)$", "", value)
            if "," in value and "." in value:
                value = value.replace(".", "")  # 1.234,50
            value = value.replace(",", ".")
        return super().to_python(value)
