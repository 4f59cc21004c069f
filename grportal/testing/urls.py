"""The URLconf walked: every route with sample values that resolve back to it, and the names that are public on
purpose. Shared by grportal/tests/test_login_required.py (login is the default) and test_permission_matrix.py
(every protected page has an answer for every role)."""

import re
import uuid

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

PUBLIC = {
    # Logging in, the two-factor step of logging in, and the admin's own login form.
    "account_login", "account_confirm_login_code", "mfa_authenticate", "admin:login",
    "account_logout", "account_inactive",
    # Password reset, for people who cannot log in.
    "account_reset_password", "account_reset_password_done",
    "account_reset_password_from_key", "account_reset_password_from_key_done",
    # Sign-up is closed (accounts.adapters); the page only says so.
    "account_signup",
    # allauth's email-confirmation links, opened from a mail client.
    "account_email_verification_sent", "account_confirm_email",
    # GR Portal's own public pages.
    "accounts:invitation_accept", "accessibility", "health", "set_language", "seminars:public",
    # Seminars: public registration, its thank-you page, the calendar file and the signed cancel link.
    "seminars:thanks", "seminars:ics", "seminars:cancel",
    # Seminars: the signed feedback link, and documentation an organiser made public (a private document
    # sends an anonymous visitor to the login page from inside the view).
    "seminars:feedback", "seminars:document_download",
    # Reports: the signed, expiring link a funder's contact without an account gets for a published report.
    "reports:shared",
}

SAMPLES = ("1", "abc", "abc-1")  # tried in order for each path parameter
ROUTE_SAMPLES = {"int": "1", "str": "abc", "slug": "abc", "path": "abc", "uuid": str(uuid.UUID(int=1))}


def _groups(regex: str):
    """Top-level capture groups of a regex as (start, end, inner) spans."""
    depth, start = 0, None
    i = 0
    while i < len(regex):
        char = regex[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":  # skip a character class, which may hold brackets
            i = regex.index("]", i + 2)
        elif char == "(":
            if depth == 0:
                start = i
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                yield start, i + 1, regex[start + 1:i]
        i += 1


def _sample_for_group(inner: str) -> str:
    inner = re.sub(r"^\?P<\w+>", "", inner)
    candidates = list(SAMPLES)
    if re.fullmatch(r"[\w|]+", inner):  # alternatives of literals: auth|account|…
        candidates.insert(0, inner.split("|")[0])
    for candidate in candidates:
        if re.fullmatch(inner, candidate):
            return candidate
    raise AssertionError(f"No sample value matches ({inner}); add one to SAMPLES.")


def _sample_path(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:(\w+):)?\w+>", lambda m: ROUTE_SAMPLES[m.group(1) or "str"], str(pattern))
    assert isinstance(pattern, RegexPattern)
    regex = pattern.regex.pattern
    parts, last = [], 0
    for start, end, inner in _groups(regex):
        parts += [regex[last:start], _sample_for_group(inner)]
        last = end
    parts.append(regex[last:])
    text = "".join(parts).lstrip("^").rstrip("$").replace("\\", "")
    return text


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace and (f"{namespace}:{entry.namespace}" if namespace else entry.namespace)
            yield from _walk(entry.url_patterns, prefix + _sample_path(entry.pattern), ns or namespace)
        else:
            assert isinstance(entry, URLPattern)
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield "/" + prefix + _sample_path(entry.pattern), name, entry


def all_urls():
    """(path, route name, pattern) for every route, with sample values that resolve back to it."""
    found = []
    for path, name, entry in _walk(get_resolver().url_patterns):
        match = resolve(path)
        assert match.func == entry.callback, f"the sample {path} for {entry.pattern} resolves elsewhere"
        found.append((path, name, entry))
    return found
