"""The client's address: one rule for the whole portal, used by allauth (login limits) and by every limiter of ours.

Behind the TLS proxy every request arrives from the proxy, which appends the address it saw to
X-Forwarded-For. Only the entries our own proxies appended can be trusted: anything to their left is whatever
the client chose to send. ALLAUTH_TRUSTED_PROXY_COUNT (set from DJANGO_BEHIND_PROXY and
DJANGO_TRUSTED_PROXY_COUNT) says how many proxies those are, so allauth and the portal read the same setting.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _clean(value: str) -> str | None:
    """A valid IP address without port or brackets, or None."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address of the client, never one the client could choose."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted > 0 and forwarded:
        entries = forwarded.split(",")
        # Fewer entries than proxies: the request skipped the outer ones; the leftmost was still added by ours.
        candidate = _clean(entries[-trusted] if len(entries) >= trusted else entries[0])
        if candidate:
            return candidate
    return _clean(remote) or remote
