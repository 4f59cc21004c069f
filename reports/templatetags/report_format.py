from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def dec(value):
    """A number as Swedish text without needless decimals: 50.00 → '50', 39.90 → '39,9', 1234 → '1 234'."""
    if value is None or value == "":
        return "–"
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    if number == number.to_integral_value():
        return number_format(int(number), force_grouping=True)
    places = min(2, max(1, -number.normalize().as_tuple().exponent))
    return number_format(number, decimal_pos=places, force_grouping=True)
