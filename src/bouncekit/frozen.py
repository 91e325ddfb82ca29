"""A faster ``__init__`` for the frozen, slotted dataclasses built for every message.

A frozen dataclass's own ``__init__`` stores each field with
``object.__setattr__(self, name, value)``: a global and an attribute lookup, then a
generic call that finds the field's slot by name. Parsing a bounce builds several such
objects (findings, delivery-status blocks, records, classifications) of up to fifteen
fields each, and that adds up to a few percent of ``bouncekit.parse``. ``fast_init``
replaces the method with one that calls each slot's own setter, looked up once when the
class is made. The class stays what ``dataclass`` made it: same fields, defaults,
signature, equality, hashing, and still frozen (assigning a field afterwards raises
``FrozenInstanceError``; only ``__init__`` sets them).
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")


def fast_init(cls: type[T]) -> type[T]:
    """Give a ``@dataclass(frozen=True, slots=True)`` class a faster ``__init__``.

    Only for plain fields: each one a positional parameter of ``__init__``, with at most a plain
    default (no ``default_factory``), and no ``__post_init__``.
    """
    params = dataclasses.fields(cls)  # type: ignore[arg-type]
    if not getattr(cls, "__slots__", None) or hasattr(cls, "__post_init__"):
        raise TypeError(f"fast_init needs a slotted dataclass without __post_init__: {cls.__name__}")
    names: dict[str, Any] = {}
    signature = []
    body = []
    for number, f in enumerate(params):
        if not f.init or f.kw_only or f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"fast_init cannot set {cls.__name__}.{f.name}")
        if f.default is dataclasses.MISSING:
            signature.append(f.name)
        else:
            names[f"_default{number}"] = f.default
            signature.append(f"{f.name}=_default{number}")
        # The slot's member descriptor stores the value directly (no frozen check).
        names[f"_set{number}"] = cls.__dict__[f.name].__set__
        body.append(f"    _set{number}(self, {f.name})\n")
    source = f"def __init__(self, {', '.join(signature)}):\n{''.join(body) or '    pass'}"
    exec(source, names)  # as dataclasses itself writes __init__
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    init.__annotations__ = dict(cls.__init__.__annotations__)
    init.__module__ = cls.__module__
    cls.__init__ = init  # type: ignore[misc]
    # Pickled as a call of the class with the fields in order: loading is then one such
    # __init__, where the dataclass's own __setstate__ sets each field by name (objects
    # cross between processes: records from parse workers, attempts from a log reader).
    getters = [cls.__dict__[f.name].__get__ for f in params]

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, tuple([get(self) for get in getters])

    __reduce__.__qualname__ = f"{cls.__qualname__}.__reduce__"
    cls.__reduce__ = __reduce__  # type: ignore[assignment]
    return cls
