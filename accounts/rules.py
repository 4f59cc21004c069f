"""The named permission rules, one way in.

Each app declares its rules in its own ``permissions.py`` with ``@rule("app.name")``;
views call the functions directly, templates ask ``{% can "labs.log_activity" lab as ok %}``
and querysets use the matching ``visible_to(user)``. A rule is declared either ``(user, obj)`` (about
one object: a project, a lab, a budget) or ``(user)`` (object-less: "may create a project"); the
signature is checked when it is registered, and the registry calls each the way it is declared (an
object passed to an object-less rule is ignored; an object rule asked without its object refuses).
Every rule returns a bool; an anonymous or inactive user is refused before the rule runs.
"""

import inspect
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404

Rule = Callable[..., bool]
_RULES: dict[str, Rule] = {}


def _takes_object(name: str, func: Rule) -> bool:
    """True for a rule declared (user, obj), False for (user); any other signature is refused."""
    params = list(inspect.signature(func).parameters.values())
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = [p for p in positional if p.default is p.empty]
    if len(positional) != len(params) or not 1 <= len(positional) <= 2 or not required:
        raise TypeError(f"Permission rule {name!r} must be declared (user) or (user, obj), not {func.__name__}"
                        f"{inspect.signature(func)}.")
    return len(required) == 2


def rule(name: str):
    def register(func: Rule) -> Rule:
        if name in _RULES and _RULES[name].__wrapped__ is not func:
            raise ValueError(f"Permission rule {name!r} is declared twice.")
        takes_object = _takes_object(name, func)

        def checked(user, obj=None) -> bool:
            if user is None or not user.is_authenticated or not user.is_active:
                return False
            if not takes_object:
                return bool(func(user))
            if obj is None:
                return False  # an object rule asked about nothing: nothing to allow
            return bool(func(user, obj))

        checked.__name__ = func.__name__
        checked.__doc__ = func.__doc__
        checked.__wrapped__ = func
        checked.rule_name = name
        checked.takes_object = takes_object
        _RULES[name] = checked
        return checked

    return register


def has(user, name: str, obj=None) -> bool:
    try:
        check = _RULES[name]
    except KeyError:
        raise LookupError(f"No permission rule named {name!r}.") from None
    return check(user, obj)


def require(user, name: str, obj=None, *, hide: bool = False) -> None:
    """Raise PermissionDenied (or Http404 when hide=True, to not leak existence)."""
    if not has(user, name, obj):
        if hide:
            raise Http404
        raise PermissionDenied


def registered() -> dict[str, Rule]:
    return dict(_RULES)
