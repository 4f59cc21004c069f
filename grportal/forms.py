"""Form helpers every app shares; infrastructure, so it imports no app of ours."""

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
