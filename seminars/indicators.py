"""Indicators computed from the seminar calendar, so "8 workshops och seminarier" follows itself up.

A seminar counts in the period it took place: its start falls within the period (the portal's local time). The
seminar model has no cancelled state, so every seminar in the calendar counts (one that is called off has to be
taken out of the calendar). A seminar tied to a work package counts for that work package's indicators; any
seminar of the project for the project's.
"""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from projects.indicator_sources import register_source

from .models import Registration, Seminar


def seminars_held(project_id: int, period_start: dt.date, period_end: dt.date, *, work_package_id: int | None = None):
    """The project's seminars (of one work package, if given) that started within the period."""
    seminars = Seminar.objects.filter(project_id=project_id, starts_at__date__gte=period_start,
                                      starts_at__date__lte=period_end)
    if work_package_id:
        seminars = seminars.filter(work_package_id=work_package_id)
    return seminars


def _held(indicator, period_start, period_end):
    return seminars_held(indicator.project_id, period_start, period_end, work_package_id=indicator.work_package_id)


def held(indicator, period_start, period_end) -> Decimal:
    return Decimal(_held(indicator, period_start, period_end).count())


def attended(indicator, period_start, period_end) -> Decimal:
    """Participants marked as present, among those with a seat (as the seminar's own counts and the funder
    reports count them: seminars.selectors.seminar_counts)."""
    return Decimal(Registration.objects.seated().filter(
        seminar__in=_held(indicator, period_start, period_end), attended_at__isnull=False,
    ).count())


def register() -> None:
    register_source("seminars.held", _("Seminars held (the seminar calendar)"), held)
    register_source("seminars.attended", _("Participants who attended seminars"), attended)
