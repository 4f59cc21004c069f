"""Shares as the portal prints them: one rule for every percentage (pages, dashboards, exports and PDFs)."""

from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")


def percent(part, whole) -> Decimal | None:
    """part ÷ whole in percent with one decimal, rounded half up; None when the whole is zero (nothing to share).

    Counts and Decimals both; never float (a float would carry its binary error into the printed figure).
    """
    if isinstance(part, float) or isinstance(whole, float):
        raise TypeError("Shares are computed from counts or Decimals, never float.")
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
