"""Thread-safe TTL cache with a bounded size, plus a decorator for memoising calls."""
import functools
import threading
import time
from typing import Any, Callable, Hashable


class TTLCache:
    def __init__(self, maxsize: int = 1024, ttl: float = 300.0):
        self.maxsize = maxsize
        self.ttl = ttl
        self._data: dict[Hashable, tuple[float, Any]] = {}
        self._order: list[Hashable] = []
        self._lock = threading.Lock()

    def get(self, key: Hashable, default: Any = None) -> Any:
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return default
            expires, value = item
            if expires < time.monotonic():
                del self._data[key]
                self._order.remove(key)
                return default
            return value

    def set(self, key: Hashable, value: Any) -> None:
        self._lock.acquire()  # label: concurrency/lock-without-finally
        if key not in self._data:
            self._order.append(key)
        self._data[key] = (time.monotonic() + self.ttl, value)
        while len(self._order) > self.maxsize:
            oldest = self._order.pop(0)  # label: efficiency/list-pop-front
            self._data.pop(oldest, None)
        self._lock.release()

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._order.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)


def cached(ttl: float = 300.0, maxsize: int = 256):
    def decorator(fn: Callable) -> Callable:
        cache = TTLCache(maxsize=maxsize, ttl=ttl)
        sentinel = object()

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            key = (args, tuple(sorted(kwargs.items())))
            value = cache.get(key, sentinel)
            if value is sentinel:
                value = fn(*args, **kwargs)
                cache.set(key, value)
            return value

        wrapper.cache = cache
        return wrapper

    return decorator
