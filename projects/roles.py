"""Who a person is, worked out once per request: the one home of "coordinates any project", "steers this
project", "leads this lab", "is finance support here".

``roles_for(user)`` returns a ``Roles`` memoised on the user object (Django loads ``request.user`` afresh
for every request, so the memo lives as long as the request). Its project roles come from one query on
ProjectMembership, made the first time any of them is asked; the labs a person leads and the projects they
are finance support on come from the apps that own them (``labs``, ``budgets``), which register a source in
``AppConfig.ready()`` (``projects`` imports neither), one query each, made only when asked.

The predicates in */permissions.py and the ``visible_to()`` querysets both read these sets, so a rule and
its list are written from the same facts (grportal/tests/test_predicate_queryset.py pins that they agree).
"""

from collections import defaultdict
from collections.abc import Callable
from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipRole(models.TextChoices):
    """A person's role on a project: ProjectMembership.Role (ProjectMembership.role's choices).

    It lives here so that this module imports no model (it reads memberships through the user,
    ``user.project_memberships``): projects.models imports projects.querysets, which imports this module."""

    COORDINATOR = "coordinator", _("Project coordinator")
    STEERING = "steering", _("Steering-group member")
    REFERENCE = "reference", _("Reference-group member")
    FUNDER_CONTACT = "funder_contact", _("Funder contact")


Role = MembershipRole
INTERNAL_ROLES = (Role.COORDINATOR, Role.STEERING)

_ATTR = "_grportal_roles"
_SOURCES: dict[str, Callable] = {}


def register_role_source(name: str, source: Callable) -> None:
    """An app that owns a role outside ProjectMembership registers how to read it: ``source(user)`` returns
    the queryset of its rows for the person (``labs_led``: the labs they lead; ``finance_support``: their
    FinanceSupport rows), read once for the sets and used as a subquery by ``for_filter()``."""
    _SOURCES[name] = source


def _project_id(project) -> int:
    return project if isinstance(project, int) else project.pk


class Roles:
    def __init__(self, user):
        self.user = user
        self.authenticated = bool(user is not None and user.is_authenticated and user.is_active)
        self.is_staff = self.authenticated and bool(user.is_staff)

    # --- project roles (one query) ------------------------------------------------------------------------

    @cached_property
    def by_project(self) -> dict[int, frozenset[str]]:
        if not self.authenticated:
            return {}
        found = defaultdict(set)
        for project_id, role in self.user.project_memberships.values_list("project_id", "role"):
            found[project_id].add(role)
        return {project_id: frozenset(roles) for project_id, roles in found.items()}

    def on(self, project) -> frozenset[str]:
        """The person's roles on one project (a Project or its id)."""
        return self.by_project.get(_project_id(project), frozenset())

    # Each set of projects by the membership roles that make it (None: any role); for_filter() reads the same.
    _MEMBERSHIP_SETS = {"member_of": None, "coordinates": (Role.COORDINATOR,), "steers": (Role.STEERING,),
                        "references": (Role.REFERENCE,), "funds": (Role.FUNDER_CONTACT,), "internal": INTERNAL_ROLES}

    def _projects_with(self, name: str) -> frozenset[int]:
        roles = self._MEMBERSHIP_SETS[name]
        return frozenset(pk for pk, held in self.by_project.items() if roles is None or held & set(roles))

    @cached_property
    def member_of(self) -> frozenset[int]:
        """Projects the person has any role on."""
        return self._projects_with("member_of")

    @cached_property
    def coordinates(self) -> frozenset[int]:
        return self._projects_with("coordinates")

    @cached_property
    def steers(self) -> frozenset[int]:
        return self._projects_with("steers")

    @cached_property
    def references(self) -> frozenset[int]:
        return self._projects_with("references")

    @cached_property
    def funds(self) -> frozenset[int]:
        """Projects the person is a funder contact of."""
        return self._projects_with("funds")

    @cached_property
    def internal(self) -> frozenset[int]:
        """Projects the person coordinates or steers: their work in progress is theirs to see."""
        return self._projects_with("internal")

    @property
    def coordinates_any_project(self) -> bool:
        return bool(self.coordinates)

    def is_coordinator(self, project) -> bool:
        return _project_id(project) in self.coordinates

    # --- roles other apps own (one query each, when asked) -----------------------------------------------

    @cached_property
    def _labs_led(self) -> dict[int, int]:
        source = _SOURCES.get("labs_led")
        return dict(source(self.user).values_list("pk", "project_id")) if self.authenticated and source else {}

    @property
    def labs_led(self) -> frozenset[int]:
        """The labs the person leads."""
        return frozenset(self._labs_led)

    @property
    def lab_projects(self) -> frozenset[int]:
        """The projects of the labs the person leads."""
        return frozenset(self._labs_led.values())

    @cached_property
    def finance_support(self) -> frozenset[int]:
        """The projects the person is finance support on (budgets.FinanceSupport)."""
        source = _SOURCES.get("finance_support")
        if not (self.authenticated and source):
            return frozenset()
        return frozenset(source(self.user).values_list("project_id", flat=True))

    # --- derived ------------------------------------------------------------------------------------------

    @property
    def sees_projects(self) -> frozenset[int]:
        """projects.view_project for everyone but staff: a role on the project, a lab of it led, or finance
        support on it (who plans its personnel lines from its work packages and time plan)."""
        return self.member_of | self.lab_projects | self.finance_support

    def sees_project(self, project) -> bool:
        """The same as ``in sees_projects``, asking for the labs led and finance support only when the person has
        no role on it."""
        pk = _project_id(project)
        return pk in self.member_of or pk in self.lab_projects or pk in self.finance_support

    # --- for querysets ------------------------------------------------------------------------------------

    _SOURCE_SETS = {"labs_led": ("labs_led", "_labs_led", "pk"),
                    "lab_projects": ("labs_led", "_labs_led", "project_id"),
                    "finance_support": ("finance_support", "finance_support", "project_id")}

    def for_filter(self, name: str):
        """The set ``name`` (``internal``, ``labs_led``, …) for a queryset's ``__in``: the set itself when this
        request has read it already, otherwise the same set as a subquery, so a list costs no extra query."""
        if name in self._MEMBERSHIP_SETS:
            if "by_project" in self.__dict__ or not self.authenticated:
                return getattr(self, name)
            memberships = self.user.project_memberships.all()
            if self._MEMBERSHIP_SETS[name]:
                memberships = memberships.filter(role__in=self._MEMBERSHIP_SETS[name])
            return memberships.values("project_id")
        source_name, loaded, column = self._SOURCE_SETS[name]
        source = _SOURCES.get(source_name)
        if loaded in self.__dict__ or not (self.authenticated and source):
            return getattr(self, name)
        return source(self.user).values(column)

    @property
    def must_use_mfa(self) -> bool:
        """Those who see salaries: administrators, coordinators and finance support."""
        return self.is_staff or bool(self.authenticated and self.user.is_superuser) \
            or self.coordinates_any_project or bool(self.finance_support)


def roles_for(user) -> Roles:
    """The person's roles, computed once and kept on the user object for the rest of the request."""
    roles = getattr(user, _ATTR, None) if user is not None else None
    if roles is None:
        roles = Roles(user)
        if user is not None:
            setattr(user, _ATTR, roles)
    return roles


def forget_roles(user) -> None:
    """After a role is granted or taken away in this request (or on this user object in a test)."""
    if user is not None and hasattr(user, _ATTR):
        delattr(user, _ATTR)
