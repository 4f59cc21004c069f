"""Where a project takes part: the municipalities it names, and those the apps built on it add.

"Projects in municipality X" is one definition, used by the project list's filter and the dashboards'
municipality filter alike (ProjectQuerySet.taking_part_in). An app that knows of other places a project works
(labs: where its labs are, and where a regional lab held an activity) registers a source in its
AppConfig.ready(), so this app never reads the other app's tables or reverse names.

A source takes a municipality's id and returns a queryset of project ids (``.values("project_id")``).
"""

from collections.abc import Callable

_SOURCES: dict[str, Callable] = {}


def register_place_source(name: str, source: Callable) -> None:
    _SOURCES[name] = source


def place_sources() -> list[Callable]:
    return list(_SOURCES.values())
