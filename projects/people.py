"""Who has which role on a project, for its "People and roles" page (projects/views_people.py).

The project's own roles are its memberships (coordinators, steering group, reference group, funder contacts).
Roles that other apps own (a lab's leads, the project's finance support) are contributed by those apps, which
register a source here in their AppConfig.ready(), so this app imports neither. ``source(project)`` returns a
list of PersonRow; each row says where its role is removed (the owning app's page, which asks for
confirmation and removes it through that app's service), or None when it cannot be removed there.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonRow:
    person: object  # accounts.User
    role: str  # the role's label, e.g. "Lab lead"
    where: str  # where the role holds: the project, or a lab of it
    remove_url: str | None = None  # a page that removes the role after asking for confirmation
    remove_label: str = ""  # the link's text when it is not the page's usual "Remove"
    order: int = 100  # the page lists the project's own roles first, then each source's rows in this order


@dataclass(frozen=True)
class PeopleAction:
    label: str  # e.g. "Add finance support"
    url: str


_SOURCES: dict[str, Callable] = {}
_ACTIONS: dict[str, Callable] = {}


def register_people_source(name: str, source: Callable, actions: Callable | None = None) -> None:
    """``source(project) -> list[PersonRow]``: the people who hold a role this app owns on the project;
    ``actions(project) -> list[PeopleAction]``: how to give that role (the page's links, e.g. "Add finance
    support"). Both are asked only for someone who may see the page (the project's coordinators, administrators)."""
    _SOURCES[name] = source
    if actions is not None:
        _ACTIONS[name] = actions


def people_from_sources(project) -> list[PersonRow]:
    rows = [row for source in _SOURCES.values() for row in source(project)]
    return sorted(rows, key=lambda r: (r.order, r.where, str(r.person).lower()))


def people_actions(project) -> list[PeopleAction]:
    return [action for actions in _ACTIONS.values() for action in actions(project)]
