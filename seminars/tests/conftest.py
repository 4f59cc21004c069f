import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """The per-IP registration counter lives in the cache (Redis when REDIS_URL is set), which outlives a test:
    start every test with the test client's address at zero."""
    cache.delete("seminars:register:127.0.0.1")
    yield
    cache.delete("seminars:register:127.0.0.1")
