"""An activity's length in minutes as the house writes it (grportal.numbers.duration_text and the `duration`
template filter): hours and minutes, "2 h 30 min", with non-breaking spaces whatever the page's language."""

import pytest
from django.template import Context, Template
from django.utils import translation

from grportal.numbers import duration_text

NBSP = "\u00a0"


@pytest.mark.parametrize(("minutes", "text"), [
    (150, "2 h 30 min"),
    (120, "2 h"),
    (45, "45 min"),
    (61, "1 h 1 min"),
    (1, "1 min"),
    (0, "0 min"),
    (24 * 60, "24 h"),
    ("90", "1 h 30 min"),  # as a form or a query string gives it
    (-90, "\u22121 h 30 min"),  # a real minus sign, as every house number
])
def test_a_length_is_written_in_hours_and_minutes(minutes, text):
    assert duration_text(minutes) == text.replace(" ", NBSP)


@pytest.mark.parametrize("nothing", [None, ""])
def test_no_length_is_written_as_nothing(nothing):
    assert duration_text(nothing) == ""


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_filter_writes_the_same_in_every_language(language):
    template = Template('{% load grportal %}[{{ a|duration }}][{{ b|duration }}][{{ c|duration|default:"–" }}]')
    with translation.override(language):
        text = template.render(Context({"a": 150, "b": 45, "c": None}))
    assert text == f"[2{NBSP}h{NBSP}30{NBSP}min][45{NBSP}min][–]"
