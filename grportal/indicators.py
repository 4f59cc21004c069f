"""Indicator sources that combine two apps' data, registered here because only the composition root may import
both labs and seminars (README, architecture)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from labs.indicators import workshops_held
from projects.indicator_sources import register_source
from seminars.indicators import held as seminars_held


def workshops_and_seminars(indicator, period_start, period_end) -> Decimal:
    """Workshops and learning workshops from the activity log (reported ones) plus the seminars in the seminar
    calendar. Lab activities logged as the kind "seminar" are left out: a seminar is counted where it is
    organised, the seminar calendar, so none is counted twice."""
    return workshops_held(indicator, period_start, period_end) + seminars_held(indicator, period_start, period_end)


def register() -> None:
    register_source("combined.workshops_and_seminars",
                    _("Workshops and seminars held (the activity log's workshops and the seminar calendar)"),
                    workshops_and_seminars)
