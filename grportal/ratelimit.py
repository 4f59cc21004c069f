"""The portal's one limiter: allauth's, the one that already guards login, so that every limit counts per client
by the same rule (grportal/client_ip.py, through accounts.adapters.AccountAdapter.get_client_ip) in the same cache.

allauth's public ``allauth.core.ratelimit`` reads its rates only from ACCOUNT_RATE_LIMITS; the internal module it
wraps takes the rate as an argument, which lets a limit follow its own setting. django-allauth is pinned in
requirements.txt and grportal/tests/test_client_ip.py exercises this call.
"""

from allauth.core.internal import ratelimit as _allauth_ratelimit
from django.http import HttpRequest


def consume(request: HttpRequest, *, action: str, rate: str) -> bool:
    """Count one attempt at ``action`` from this client; False once ``rate`` (allauth's syntax, "20/h/ip") is spent."""
    usage = _allauth_ratelimit.consume(request, app="grportal", action=action, config={action: rate}, limit_get=True)
    return usage is not None
