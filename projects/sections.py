"""Sections of the project page that other apps contribute (labs, budgets, reports).

Apps that build on projects register a provider here in their AppConfig.ready(), so the
project page shows their part without this app importing them. A provider takes
(request, project) and returns a Section, or None when the person may not see it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Section:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


_PROVIDERS: dict[str, Callable] = {}


def register_section(name: str, provider: Callable) -> None:
    _PROVIDERS[name] = provider


def sections_for(request, project) -> list[Section]:
    found = [provider(request, project) for provider in _PROVIDERS.values()]
    return sorted((s for s in found if s is not None), key=lambda s: s.order)
