"""apply_validation_error: a service's ValidationError lands on the form the person saved, each message next to
its field where the form shows it, at the top otherwise, and nothing typed is lost."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from grportal.forms import apply_validation_error


class TitleForm(forms.Form):
    title = forms.CharField()
    amount = forms.IntegerField(required=False)


def saved_form():
    form = TitleForm({"title": "Workshop", "amount": "12"})
    assert form.is_valid()
    return form


def test_a_field_error_goes_next_to_the_field_the_form_shows():
    form = saved_form()
    apply_validation_error(form, ValidationError({"amount": ["Too much.", "Not a round sum."]}))
    assert form.errors == {"amount": ["Too much.", "Not a round sum."]}
    assert form["title"].value() == "Workshop" and form["amount"].value() == "12"


def test_errors_on_fields_the_form_lacks_and_non_field_errors_go_to_the_top():
    form = saved_form()
    apply_validation_error(form, ValidationError({
        "title": "Taken.", "project": "Closed.", NON_FIELD_ERRORS: ["The period is over."],
    }))
    assert form.errors["title"] == ["Taken."]
    assert form.non_field_errors() == ["Closed.", "The period is over."]


def test_an_error_that_names_no_field_goes_to_the_top():
    form = saved_form()
    apply_validation_error(form, ValidationError("The registration closed while you were typing."))
    apply_validation_error(form, ValidationError(["One.", "Two."]))
    assert form.non_field_errors() == ["The registration closed while you were typing.", "One.", "Two."]
    assert not form.is_valid()
