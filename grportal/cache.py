"""The cache is an optimisation: with Redis unreachable, reads miss, writes are dropped, and the portal goes on.

Only the redis client's connection and timeout errors are absorbed (anything else is a bug and still raises).
After a failure the backend leaves Redis alone for ``retry_after`` seconds, so a host that does not answer costs
one connect timeout, not one per cache call, and it logs at most one warning per ``log_every`` seconds. Rate limits
kept in this cache therefore fail open while Redis is down (see the README, "Without Redis"): a dropped ``add``
reports success like a dropped ``set`` does, so the lock allauth's limiter takes with ``add`` is granted at once
instead of being waited for during a second and then refused.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class FailSoftRedisCache(RedisCache):
    retry_after = 5.0
    log_every = 60.0
    clock = staticmethod(time.monotonic)

    def __init__(self, server, params):
        super().__init__(server, params)
        self._skip_until = float("-inf")
        self._logged_at = float("-inf")
        self._not_logged = 0

    def _attempt(self, fallback, operation, *args):
        """Run one call on Redis; ``fallback`` (or raising it, if it is an exception) when Redis cannot be reached."""
        now = self.clock()
        if now >= self._skip_until:
            try:
                return operation(*args)
            except UNREACHABLE as exc:
                self._unreachable(now, exc)
        if isinstance(fallback, Exception):
            raise fallback
        return fallback

    def _unreachable(self, now: float, exc: Exception) -> None:
        self._skip_until = now + self.retry_after
        if now - self._logged_at >= self.log_every:
            log.warning("Redis cache unreachable, the portal goes on without it (%s: %s; failed calls since the "
                        "last warning: %d)", type(exc).__name__, exc, self._not_logged + 1)
            self._logged_at = now
            self._not_logged = 0
        else:
            self._not_logged += 1

    def ping(self) -> bool:
        """Whether Redis answers now (for /halsa/: ignores the pause after a failure, never raises)."""
        try:
            return bool(self._cache.get_client(None, write=True).ping())
        except UNREACHABLE as exc:
            self._unreachable(self.clock(), exc)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(True, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._attempt(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._attempt({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._attempt(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # What a missing key does (callers such as dashboards.selectors.bump_generation already handle it).
        return self._attempt(ValueError(f"Key {key!r} not found: the cache is unreachable."),
                             super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._attempt(None, super().delete_many, keys, version)

    def clear(self):
        return self._attempt(False, super().clear)
