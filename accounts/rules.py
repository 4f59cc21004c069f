"""The named permission rules, one way in.

Each app declares its rules in its own ``permissions.py`` with ``@rule("app.name")``;
views call the functions directly, templates ask ``{% can "labs.log_activity" lab as ok %}``
and querysets use the matching ``visible_to(user)``. Every rule takes (user, obj) and
returns a bool; an anonymous or inactive user is refused before the rule runs.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404

Rule = Callable[..., bool]
_RULES: dict[str, Rule] = {}


def rule(name: str):
    def register(func: Rule) -> Rule:
        if name in _RULES and _RULES[name] is not func:
            raise ValueError(f"Permission rule {name!r} is declared twice.")

        def checked(user, obj=None) -> bool:
            if user is None or not user.is_authenticated or not user.is_active:
                return False
            return bool(func(user, obj) if obj is not None else func(user))

        checked.__name__ = func.__name__
        checked.__doc__ = func.__doc__
        checked.rule_name = name
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
