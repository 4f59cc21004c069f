"""Computed indicator sources: other apps register how to compute an indicator from their data.

The labs app, for instance, registers "workshops held" so the value comes from the activity log
instead of being typed twice. A source is a function (indicator, period_start, period_end) -> Decimal.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class IndicatorSource:
    key: str
    label: str  # shown to coordinators; pass a gettext_lazy string
    compute: Callable[..., Decimal]


_SOURCES: dict[str, IndicatorSource] = {}


def register_source(key: str, label, compute: Callable[..., Decimal]) -> None:
    _SOURCES[key] = IndicatorSource(key=key, label=label, compute=compute)


def get_source(key: str) -> IndicatorSource | None:
    return _SOURCES.get(key)


def source_choices() -> list[tuple[str, str]]:
    return [(s.key, s.label) for s in sorted(_SOURCES.values(), key=lambda s: str(s.label))]


def indicator_value(indicator, period_start, period_end) -> Decimal | None:
    """The computed value for the period, or the recorded value for exactly that period, or None."""
    if indicator.source:
        source = get_source(indicator.source)
        return None if source is None else source.compute(indicator, period_start, period_end)
    for value in indicator.values.all():
        if value.period_start == period_start and value.period_end == period_end:
            return value.value
    return None
