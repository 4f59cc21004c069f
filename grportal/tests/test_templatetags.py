"""The portal's template filters and tags: the number formats (grportal.numbers) and the permission tag."""

from decimal import Decimal as D

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from grportal.templatetags.grportal import dec, hours, kr, num, pct, tkr

NBSP = "\u00a0"
MINUS = "\u2212"


def s(text: str) -> str:
    """Write expectations with ordinary spaces and hyphens; the filters use NBSP and U+2212."""
    return text.replace(" ", NBSP).replace("-", MINUS)


@pytest.mark.parametrize(("value", "expected"), [
    (D("1234.5"), "1 234,50 kr"),
    (D("0"), "0,00 kr"),
    (D("999.99"), "999,99 kr"),
    (D("1000"), "1 000,00 kr"),
    (D("1234567.89"), "1 234 567,89 kr"),
    (D("999999.995"), "1 000 000,00 kr"),  # rounding carries into a new group
    (D("-1234.5"), "-1 234,50 kr"),
    (D("-50500.55"), "-50 500,55 kr"),
    (D("0.005"), "0,01 kr"),
    (D("-0.004"), "0,00 kr"),  # rounds to zero: no minus sign on nothing
    (1234, "1 234,00 kr"),
    ("1234.50", "1 234,50 kr"),
])
def test_kr_writes_swedish_kronor(value, expected):
    assert kr(value) == s(expected)


def test_kr_uses_non_breaking_spaces_and_a_real_minus_sign():
    text = kr(D("-1234.5"))
    assert " " not in text
    assert text == "\u22121\u00a0234,50\u00a0kr"


def test_kr_can_leave_out_the_ore():
    assert kr(D("1234.5"), 0) == s("1 235 kr")
    assert kr(D("1234.49"), "0") == s("1 234 kr")


@pytest.mark.parametrize("value", [None, "", "abc", object()])
def test_kr_shows_nothing_for_what_is_not_a_number(value):
    assert kr(value) == ""


@pytest.mark.parametrize(("value", "expected"), [
    (D("1234567"), "1 235 tkr"),
    (D("110000"), "110 tkr"),
    (D("499.99"), "0 tkr"),
    (D("500"), "1 tkr"),
    (D("-50500.55"), "-51 tkr"),
    (D("12345678901"), "12 345 679 tkr"),
    (0, "0 tkr"),
])
def test_tkr_writes_thousands_of_kronor(value, expected):
    assert tkr(value) == s(expected)


@pytest.mark.parametrize("value", [None, "abc"])
def test_tkr_shows_nothing_for_what_is_not_a_number(value):
    assert tkr(value) == ""


@pytest.mark.parametrize(("value", "expected"), [
    (D("32.90"), "32,9 %"), (D("30.00"), "30 %"), (D("0"), "0 %"), (D("100.0"), "100 %"), (D("-7.5"), "-7,5 %"),
    (D("12.25"), "12,25 %"), ("40", "40 %"), (D("1250"), "1 250 %"),
])
def test_pct_writes_a_share_with_a_comma_and_a_space_before_the_sign(value, expected):
    assert pct(value) == s(expected)


@pytest.mark.parametrize(("value", "expected"), [
    (D("1290.00"), "1 290"), (D("12.50"), "12,5"), (D("0.25"), "0,25"), (D("0"), "0"), (D("-3.10"), "-3,1"),
    (D("1234567.89"), "1 234 567,89"), (12, "12"), (D("1.005"), "1,01"),
])
def test_hours_writes_hours_to_the_hundredth_without_needless_zeros(value, expected):
    assert hours(value) == s(expected)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_money_shares_and_hours_print_the_swedish_way_in_either_language(language):
    with translation.override(language):
        assert (kr(D("1234.5")), tkr(D("1234567")), pct(D("32.9")), hours(D("1290.5"))) == (
            s("1 234,50 kr"), s("1 235 tkr"), s("32,9 %"), s("1 290,5"))


@pytest.mark.parametrize(("value", "sv", "en"), [
    (D("50.00"), "50", "50"), (D("39.90"), "39,9", "39.9"), (1234, "1 234", "1,234"),
    (D("1234.56"), "1 234,56", "1,234.56"), (D("-2.5"), "-2,5", "-2.5"), (D("39.956"), "39,96", "39.96"),
])
def test_dec_writes_a_value_in_the_pages_language_without_needless_decimals(value, sv, en):
    with translation.override("sv"):
        assert dec(value) == sv.replace(" ", NBSP)
    with translation.override("en"):
        assert dec(value) == en


def test_dec_shows_a_dash_for_nothing_and_num_groups_counts_in_the_pages_language():
    assert dec(None) == dec("") == "–" and dec("n/a") == "n/a"
    with translation.override("sv"):
        assert num(1234567) == s("1 234 567") and num(D("12.50")) == "12,50"
    with translation.override("en"):
        assert num(1234567) == "1,234,567"
    assert num(None) is None and num("–") == "–"


@pytest.mark.parametrize("value", [None, "", "abc", object(), D("NaN"), float("inf")])
def test_pct_and_hours_show_nothing_for_what_is_not_a_number(value):
    assert pct(value) == "" and hours(value) == ""


def test_the_filters_work_in_a_template():
    html = Template("{% load grportal %}{{ a|kr }} / {{ a|tkr }} / {{ b|pct }} / {{ c|hours }} / {{ c|dec }}").render(
        Context({"a": D("-1234567.5"), "b": D("40.0"), "c": D("1290.50")}))
    assert html == " / ".join([s("-1 234 567,50 kr"), s("-1 235 tkr"), s("40 %"), s("1 290,5"), s("1 290,5")])


def test_the_can_tag_asks_the_named_rule(world):
    template = Template('{% load grportal %}{% can "projects.edit_project" project as ok %}{{ ok|yesno:"yes,no" }}')
    request = RequestFactory().get("/")
    answers = {}
    for role in ("coordinator", "steering", "funder", "staff", "outsider"):
        request.user = getattr(world, role)
        answers[role] = template.render(Context({"request": request, "project": world.project}))
    assert answers == {"coordinator": "yes", "steering": "no", "funder": "no", "staff": "yes", "outsider": "no"}


def test_the_can_tag_refuses_an_unknown_rule_loudly(world):
    template = Template('{% load grportal %}{% can "projects.no_such_rule" project as ok %}')
    request = RequestFactory().get("/")
    request.user = world.coordinator
    with pytest.raises(LookupError):
        template.render(Context({"request": request, "project": world.project}))


def test_described_ties_a_field_to_its_help_and_error(db):
    from labs.forms import ActivityForm

    form = ActivityForm({"title": "", "participants_total": "1", "participants_women": "2"})
    form.is_valid()
    html = Template("{% load grportal %}{{ form.participants_total|described }}|{{ form.lessons|described }}"
                    "|{{ form.place|described }}").render(Context({"form": form}))
    total, lessons, place = html.split("|")
    assert 'aria-describedby="id_participants_total_error"' in total
    assert 'aria-invalid="true"' in total
    assert 'aria-describedby="id_lessons_helptext"' in lessons
    assert "aria-invalid" not in lessons
    assert "aria-describedby" not in place


def test_one_percentage_rule_half_up_to_one_decimal_none_of_nothing_and_no_float():
    from decimal import Decimal

    from budgets.calculations import share_percent
    from grportal.numbers import percent
    from labs.selectors import GenderShare

    assert percent(1, 3) == Decimal("33.3") and percent(2, 3) == Decimal("66.7")
    assert percent(1, 8) == Decimal("12.5") and percent(1, 16) == Decimal("6.3")  # 6.25 half up, not to even
    assert percent(Decimal("0.05"), 1000) == Decimal("0.0") and percent(0, 0) is None
    assert share_percent is percent
    assert GenderShare(women=1, men=2, other=0).women_percent == Decimal("33.3")
    with pytest.raises(TypeError):
        percent(0.1, 3)
