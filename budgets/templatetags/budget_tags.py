from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def pct(value):
    """Decimal('32.90') → '32,9 %'; Decimal('30.00') → '30 %' (Swedish decimal comma, non-breaking space)."""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    text = f"{number.normalize():f}".replace(".", ",").replace("-", "−")
    return f"{text}\u00a0%"


@register.filter
def hours(value):
    """Decimal('1290.00') → '1 290'; Decimal('12.50') → '12,5' (hours)."""
    try:
        number = Decimal(value).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    whole, _, frac = f"{abs(number):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    frac = frac.rstrip("0")
    return ("−" if number < 0 else "") + "\u00a0".join(groups) + (f",{frac}" if frac else "")
