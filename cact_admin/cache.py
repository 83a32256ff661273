"""A Redis cache that a Redis outage turns into a cache miss instead of a server error.

Sessions are cached_db: with Redis down they are read from the database, so sign-in and
every page keep working while scoring waits for its broker.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


def _fail_open(method, fallback):
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            log.warning("cache unavailable (%s): %s", method.__name__, error)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    wrapper.__name__ = method.__name__
    return wrapper


class ResilientRedisCache(RedisCache):
    get = _fail_open(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = _fail_open(RedisCache.get_many, {})
    has_key = _fail_open(RedisCache.has_key, False)
    set = _fail_open(RedisCache.set, None)
    add = _fail_open(RedisCache.add, False)
    set_many = _fail_open(RedisCache.set_many, lambda data, *args, **kwargs: list(data))
    touch = _fail_open(RedisCache.touch, False)
    delete = _fail_open(RedisCache.delete, False)
    delete_many = _fail_open(RedisCache.delete_many, None)
    clear = _fail_open(RedisCache.clear, None)
