"""Computed indicator sources: other apps register how to compute an indicator from their data.

The labs app, for instance, registers "workshops held" so the value comes from the activity log instead of
being typed twice; the seminars app registers "seminars held". A source is a function
(indicator, period_start, period_end) -> Decimal | None, and declares the settings it reads from
``indicator.source_params`` (``SourceParam``), so the indicator form can offer a field for each of them
without projects importing the app that owns the data.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class SourceParam:
    """One setting a source reads from ``indicator.source_params[name]``.

    ``choices(project)`` lists the allowed (value, label) pairs for that project; the form stores the chosen
    value as a string (an id as "12"). Sources that read the same setting declare the same SourceParam (one form
    field serves them all).
    """

    name: str
    label: str  # gettext_lazy
    choices: Callable[..., Sequence[tuple]]
    required: bool = False
    help_text: str = ""
    invalid_choice: str = ""  # shown when the value is not among the project's choices (gettext_lazy)


@dataclass(frozen=True)
class IndicatorSource:
    key: str
    label: str  # shown to coordinators; pass a gettext_lazy string
    compute: Callable[..., Decimal | None]
    params: tuple[SourceParam, ...] = field(default=())

    def missing_params(self, source_params: dict | None) -> tuple[SourceParam, ...]:
        """The required settings the indicator lacks: without them the source cannot compute a value."""
        given = source_params or {}
        return tuple(p for p in self.params if p.required and given.get(p.name) in (None, ""))


_SOURCES: dict[str, IndicatorSource] = {}
_PARAMS: dict[str, SourceParam] = {}


def register_source(key: str, label, compute: Callable[..., Decimal | None], *,
                    params: Sequence[SourceParam] = ()) -> None:
    """Register (or re-register) a source. A setting name means one thing across all sources: declaring a
    different SourceParam under a name another source already declared is a configuration error."""
    for param in params:
        known = _PARAMS.get(param.name)
        if known is not None and known != param:
            raise ImproperlyConfigured(
                f"Indicator source {key!r} declares the setting {param.name!r} differently from another source; "
                f"declare one SourceParam and share it.")
        _PARAMS[param.name] = param
    _SOURCES[key] = IndicatorSource(key=key, label=label, compute=compute, params=tuple(params))


def get_source(key: str) -> IndicatorSource | None:
    return _SOURCES.get(key)


def require_source(key: str) -> IndicatorSource:
    """The registered source; an indicator naming a source nobody registers (a renamed key, an app taken out)
    is an error, not an indicator without value."""
    source = _SOURCES.get(key)
    if source is None:
        raise LookupError(f"No indicator source {key!r} is registered (see projects/indicator_sources.py).")
    return source


def source_choices() -> list[tuple[str, str]]:
    return [(s.key, s.label) for s in sorted(_SOURCES.values(), key=lambda s: str(s.label))]


def all_params() -> list[SourceParam]:
    """Every setting any source reads, in registration order: the indicator form's extra fields."""
    return list(_PARAMS.values())


def sources_using(param_name: str) -> list[IndicatorSource]:
    return [s for s in sorted(_SOURCES.values(), key=lambda s: str(s.label))
            if any(p.name == param_name for p in s.params)]


def indicator_value(indicator, period_start, period_end) -> Decimal | None:
    """The computed value for the period, or the recorded value for exactly that period, or None.

    A computed indicator that lacks a required source setting has no value (None), never 0.
    """
    if indicator.source:
        source = require_source(indicator.source)
        if source.missing_params(indicator.source_params):
            return None
        return source.compute(indicator, period_start, period_end)
    for value in indicator.values.all():
        if value.period_start == period_start and value.period_end == period_end:
            return value.value
    return None


def source_params_for_copy(indicator, source_project, project) -> dict:
    """The indicator's settings pointed at the copy's own rows (a target group of the source project becomes the
    copy's group of the same name). A setting with no counterpart in the copy is left out, so the copy shows
    "Källinställning saknas" instead of counting another project's rows."""
    source = require_source(indicator.source) if indicator.source else None
    if source is None:
        return {}
    given = indicator.source_params or {}
    copied = {}
    for param in source.params:
        value = given.get(param.name)
        if value in (None, ""):
            continue
        old_labels = {str(v): str(label) for v, label in param.choices(source_project)}
        new_values = {str(label): str(v) for v, label in param.choices(project)}
        new_value = new_values.get(old_labels.get(str(value), ""))
        if new_value is not None:
            copied[param.name] = new_value
    return copied
