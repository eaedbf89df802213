"""Thread-safe TTL cache decorator used by the pricing service."""
import functools
import threading
import time
from collections import OrderedDict


class TTLCache:
    def __init__(self, maxsize=256, ttl=60.0):
        self.maxsize = maxsize
        self.ttl = ttl
        self._data = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return None
            value, expires = item
            if expires < time.monotonic():
                del self._data[key]
                return None
            self._data.move_to_end(key)
            return value

    def set(self, key, value):
        with self._lock:
            self._data[key] = (value, time.monotonic() + self.ttl)
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)


_registry = []


def cached(ttl=60.0, maxsize=256):
    def decorator(fn):
        cache = TTLCache(maxsize=maxsize, ttl=ttl)
        _registry.append(cache)

        @functools.wraps(fn)
        def wrapper(*args):
            hit = cache.get(args)
            if hit is not None:
                return hit
            value = fn(*args)
            cache.set(args, value)
            return value

        wrapper.cache = cache
        return wrapper

    return decorator


def clear_all():
    for cache in _registry:
        cache._lock.acquire()
        try:
            cache._data.clear()
        finally:
            cache._lock.release()


@cached(ttl=30)
def price_for(sku, region):
    time.sleep(0.05)
    return hash((sku, region)) % 1000 / 10
