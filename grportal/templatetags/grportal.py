from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

from accounts.rules import has

register = template.Library()

NBSP = "\u00a0"


def _group(amount: Decimal, places: int) -> str:
    q = Decimal(1).scaleb(-places)
    amount = amount.quantize(q, rounding=ROUND_HALF_UP)
    sign = "−" if amount < 0 else ""
    whole, _, frac = f"{abs(amount):.{places}f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = NBSP.join(groups)
    return f"{sign}{text},{frac}" if places else f"{sign}{text}"


@register.filter
def kr(value, places=2):
    """1234.5 → '1 234,50 kr' (non-breaking spaces, decimal comma, a real minus sign)."""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return f"{_group(amount, int(places))}{NBSP}kr"


@register.filter
def tkr(value):
    """1234567 → '1 235 tkr'."""
    try:
        amount = Decimal(value) / 1000
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return f"{_group(amount, 0)}{NBSP}tkr"


@register.filter
def absolute(value):
    """The amount without its sign, for sentences that already say which way it goes."""
    try:
        return abs(Decimal(value))
    except (InvalidOperation, TypeError, ValueError):
        return value


@register.filter
def num(value):
    return number_format(value, force_grouping=True)


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
