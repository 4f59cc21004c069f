"""The portal's template filters and tags. Numbers are written by grportal.numbers, the one home of the house
format: `kr`, `tkr`, `pct`, `hours` and `duration` in Swedish whatever the page's language, `dec` and `num` in
the page's."""

from django import template

from accounts.rules import has
from grportal import numbers

register = template.Library()


@register.filter
def kr(value, places=2):
    """1234.5 → '1 234,50 kr' (non-breaking spaces, decimal comma, a real minus sign); kr:0 → '1 235 kr'."""
    if numbers.as_decimal(value) is None:
        return ""
    return numbers.kronor(value, int(places))


@register.filter
def tkr(value):
    """1234567 → '1 235 tkr'."""
    return "" if numbers.as_decimal(value) is None else numbers.thousand_kronor(value)


@register.filter
def pct(value):
    """Decimal('32.90') → '32,9 %'; Decimal('30.00') → '30 %' (decimal comma, non-breaking space)."""
    return "" if numbers.as_decimal(value) is None else numbers.percent_text(value)


@register.filter
def hours(value):
    """Decimal('1290.00') → '1 290'; Decimal('12.50') → '12,5' (hours)."""
    return "" if numbers.as_decimal(value) is None else numbers.hours_text(value)


@register.filter
def duration(minutes):
    """150 → '2 h 30 min', 45 → '45 min' (a length in minutes, non-breaking spaces); '' for none."""
    return "" if numbers.as_decimal(minutes) is None else numbers.duration_text(minutes)


@register.filter
def dec(value):
    """A value in the page's language without needless decimals: 50.00 → '50', 39.90 → '39,9', 1234 → '1 234';
    '–' for nothing."""
    if value is None or value == "":
        return "–"
    return value if numbers.as_decimal(value) is None else numbers.value_text(value)


@register.filter
def num(value):
    """A count or value in the page's language, thousands grouped: 1234 → '1 234'."""
    return value if numbers.as_decimal(value) is None else numbers.format_number(value)


@register.filter
def absolute(value):
    """The amount without its sign, for sentences that already say which way it goes."""
    number = numbers.as_decimal(value)
    return value if number is None else abs(number)


@register.simple_tag(takes_context=True)
def can(context, rule_name, obj=None):
    """{% can "labs.log_activity" lab as may_log %}"""
    return has(context["request"].user, rule_name, obj)


@register.filter
def described(field):
    """Render a widget with aria-describedby pointing at its help text and errors."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
