import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limit(settings):
    """The registration limiter counts in the cache (Redis when REDIS_URL is set), which outlives a test: every test
    counts in a local-memory cache of its own, starting at zero."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "seminars-tests"}}
    cache.clear()
    yield
    cache.clear()
