"""A seat's share of time in the project's organisation as every surface shows it: the project page, the printable
plan, the Word file and the funder reports. One share for the whole project (OrganisationMember.share_of_time), or,
once the seat has shares per period (OrganisationMemberShare), those periods instead; "–" when neither is set."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from grportal import numbers

NOTHING = "–"
DAY_FORMAT = "j b Y"  # 1 jan 2026, as the page's milestones


def period_text(start, end) -> str:
    """'1 jan 2026–30 jun 2026'; an open period 'från 1 jul 2026' (it lasts until the project ends)."""
    if end is None:
        return _("from %(start)s") % {"start": date_format(start, DAY_FORMAT)}
    return f"{date_format(start, DAY_FORMAT)}–{date_format(end, DAY_FORMAT)}"


@dataclass(frozen=True)
class PeriodShare:
    percent: str
    period: str
    note: str = ""
    item: object = field(default=None, compare=False, repr=False)  # the OrganisationMemberShare (the page's links)

    @property
    def text(self) -> str:
        return f"{self.percent} {self.period}"

    @property
    def line(self) -> str:
        """The period with its note, for a table cell."""
        return f"{self.text} ({self.note})" if self.note else self.text


@dataclass(frozen=True)
class ShareOfTime:
    whole: str = ""  # the one share for the whole project, when the seat has no periods
    periods: tuple[PeriodShare, ...] = ()

    @property
    def lines(self) -> list[str]:
        """One line per period, or the one share, or "–": a table cell's lines."""
        if self.periods:
            return [p.line for p in self.periods]
        return [self.whole or NOTHING]

    @property
    def text(self) -> str:
        return "; ".join(self.lines)

    def as_dict(self) -> dict:
        """Plain data for a report's frozen JSON content."""
        return {"whole": self.whole, "lines": self.lines,
                "periods": [{"percent": p.percent, "period": p.period, "note": p.note, "text": p.text}
                            for p in self.periods]}


def share_of_time(member) -> ShareOfTime:
    """The seat's share of time as display text (Swedish house format for the percent, the active language's months);
    reads member.shares.all(), so prefetch "shares" when there are many seats (with_shares_of_time)."""
    periods = sorted(member.shares.all(), key=lambda s: (s.valid_from, s.pk))
    if periods:
        return ShareOfTime(periods=tuple(
            PeriodShare(percent=numbers.percent_text(s.share_percent), period=period_text(s.valid_from, s.valid_to),
                        note=s.note, item=s)
            for s in periods))
    if member.share_of_time is not None:
        return ShareOfTime(whole=numbers.percent_text(member.share_of_time))
    return ShareOfTime()


def with_shares_of_time(members) -> list:
    """The seats of a queryset with their periods read in one query, each with `time_share` (a ShareOfTime)."""
    members = list(members.prefetch_related("shares"))
    for member in members:
        member.time_share = share_of_time(member)
    return members


def share_over_period(member, start: dt.date, end: dt.date) -> Decimal:
    """The seat's share of time over the days start–end (both included), as a figure that weighs it (the funder
    report's project management by gender): the one share for the whole project, or the periods' shares weighed by
    the days each covers of start–end, a day outside every period counting 0 %. Two decimals, rounded half up.
    An open period lasts until the project ends. Reads member.shares.all() (prefetch "shares")."""
    periods = list(member.shares.all())
    if not periods:
        return member.share_of_time if member.share_of_time is not None else Decimal("0")
    days = (end - start).days + 1
    if days <= 0:
        return Decimal("0")
    weighed = Decimal("0")
    for share in periods:
        first = max(share.valid_from, start)
        last = min(share.valid_to or end, end)
        if last >= first:
            weighed += share.share_percent * ((last - first).days + 1)
    return (weighed / days).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
