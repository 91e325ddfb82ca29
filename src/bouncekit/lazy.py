"""``cached_property`` for the per-message objects (views, parsed parts).

The standard library's version takes a lock on each first read in Python 3.11 (the
lock was dropped in 3.12 as a bottleneck); a message is read by one thread, and its
view computes a dozen values once each, so the lock is pure cost here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class cached_property(Generic[T]):
    """A value computed on first read and stored on the instance, which then answers
    every later read itself (this descriptor defines no ``__set__``)."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object, owner: type | None = None) -> T | cached_property[T]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value
