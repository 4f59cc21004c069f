"""Panels other apps add to the start page, so grportal's `home` imports none of them (README, "Architecture").

An app registers `register_start_panel(name, provider)` in its AppConfig.ready(); `provider(request)` returns a
`Panel` (a template and its context) or None when the person should not see it. Each provider costs a fixed number
of queries (grportal/tests/test_query_counts.py pins the start page).
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict = field(default_factory=dict)


_PANELS: dict[str, Callable] = {}


def register_start_panel(name: str, provider: Callable) -> None:
    _PANELS[name] = provider


def panels_for(request) -> list[Panel]:
    return [panel for provider in _PANELS.values() if (panel := provider(request)) is not None]
