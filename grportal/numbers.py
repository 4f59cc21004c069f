"""Numbers as the portal prints them: one rule for every percentage (pages, dashboards, exports and PDFs) and one
way of writing a number, on top of django.utils.formats. The template filters (grportal/templatetags/grportal.py:
kr, tkr, pct, hours, duration, dec, num) and any Python that prints a number call these.

The house format is Swedish whatever the page's language: money, shares and hours are written
"1 234,50 kr", "32,9 %", "1 290" with a non-breaking space between thousands and before the unit, a decimal comma
and a real minus sign (U+2212). Plain counts and values (`dec`, `num`) follow the page's language."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import numberformat
from django.utils.formats import get_format

ONE_DECIMAL = Decimal("0.1")
HOUSE_LANGUAGE = "sv"
NBSP = "\u00a0"
MINUS = "\u2212"


def percent(part, whole) -> Decimal | None:
    """part ÷ whole in percent with one decimal, rounded half up; None when the whole is zero (nothing to share).

    Counts and Decimals both; never float (a float would carry its binary error into the printed figure).
    """
    if isinstance(part, float) or isinstance(whole, float):
        raise TypeError("Shares are computed from counts or Decimals, never float.")
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def as_decimal(value) -> Decimal | None:
    """value as a Decimal (a float through its shortest text, so 0.1 stays 0.1); None when it is not a number (or
    not a finite one)."""
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def format_number(number, places: int | None = None, *, lang: str | None = None, minus: str = "-") -> str:
    """number with lang's separators from django.utils.formats (the active language when None), thousands always
    grouped; with `places`, rounded half up to that many decimals, otherwise with the decimals it has. A number that
    rounds to zero carries no sign."""
    number = as_decimal(number)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = numberformat.format(
        abs(number), get_format("DECIMAL_SEPARATOR", lang), places, get_format("NUMBER_GROUPING", lang),
        get_format("THOUSAND_SEPARATOR", lang), force_grouping=True,
    )
    return f"{minus}{text}" if number < 0 else text


def house_number(number, places: int | None = None) -> str:
    """The house format (Swedish: non-breaking spaces between thousands, decimal comma, a real minus sign)."""
    return format_number(number, places, lang=HOUSE_LANGUAGE, minus=MINUS)


def kronor(amount, places: int = 2) -> str:
    """1234.5 → '1 234,50 kr'; with places 0, '1 235 kr'."""
    return f"{house_number(amount, places)}{NBSP}kr"


def thousand_kronor(amount) -> str:
    """1234567 → '1 235 tkr' (rounded half up to whole thousands)."""
    return f"{house_number(as_decimal(amount) / 1000, 0)}{NBSP}tkr"


def percent_text(share) -> str:
    """Decimal('32.90') → '32,9 %'; Decimal('30.00') → '30 %' (a share already rounded: no needless zeros)."""
    return f"{house_number(as_decimal(share).normalize())}{NBSP}%"


def hours_text(hours) -> str:
    """Hours in the house format, to the hundredth without needless zeros: Decimal('1290.00') → '1 290',
    Decimal('12.50') → '12,5'."""
    return house_number(to_hundredths(hours))


def duration_text(minutes) -> str:
    """A length of time given in minutes, in the house format: 150 → '2 h 30 min', 120 → '2 h', 45 → '45 min'
    (non-breaking spaces, so it never breaks over two lines); '' for none (a length nobody gave)."""
    if minutes is None or minutes == "":
        return ""
    minutes = int(minutes)
    if minutes < 0:
        return MINUS + duration_text(-minutes)
    hours, rest = divmod(minutes, 60)
    parts = [f"{house_number(hours)}{NBSP}h"] if hours else []
    if rest or not hours:
        parts.append(f"{rest}{NBSP}min")
    return NBSP.join(parts)


def value_text(value) -> str:
    """A value in the page's language, to the hundredth without needless zeros: 50.00 → '50', 39.90 → '39,9',
    1234 → '1 234' (Swedish; '1,234' in English)."""
    return format_number(to_hundredths(value))


def to_hundredths(value) -> Decimal:
    """value rounded half up to two decimals, without the zeros that say nothing (12.50 → 12.5, 1290.00 → 1290)."""
    return as_decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
