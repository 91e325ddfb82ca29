"""fast_init: the frozen dataclasses keep their behaviour with the faster __init__."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from bouncekit.decoders.base import Finding
from bouncekit.frozen import fast_init
from bouncekit.logs.base import Attempt
from bouncekit.mime import DeliveryStatus, Part, RecipientStatus
from bouncekit.model import Basis, BounceClass, Classification, Event, Reason, Record, Report
from bouncekit.smtp import Reply


@dataclasses.dataclass(frozen=True, slots=True)
class _Plain:
    a: int
    b: str | None = None
    c: tuple[int, ...] = ()


_Fast = fast_init(dataclasses.make_dataclass(
    "_Fast", [("a", int), ("b", "str | None", None), ("c", "tuple[int, ...]", ())],
    frozen=True, slots=True,
))


def test_same_signature_defaults_and_values_as_the_dataclass_init():
    def shape(cls: type) -> list[tuple[str, object, object]]:
        return [(p.name, p.kind, p.default) for p in inspect.signature(cls).parameters.values()]

    assert shape(_Fast) == shape(_Plain)
    for args, kwargs in (((1,), {}), ((1, "x"), {}), ((), {"a": 2, "c": (3,)}), ((4,), {"b": None})):
        fast, plain = _Fast(*args, **kwargs), _Plain(*args, **kwargs)
        assert (fast.a, fast.b, fast.c) == (plain.a, plain.b, plain.c)
    with pytest.raises(TypeError):
        _Fast()
    with pytest.raises(TypeError):
        _Fast(1, "x", (), 4)
    with pytest.raises(TypeError):
        _Fast(1, d=2)


def test_still_frozen_comparable_hashable_and_picklable():
    record = Record(Event.BOUNCE, "a@example.com", None, "postfix", status="5.1.1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.status = "5.0.0"  # type: ignore[misc]
    assert record == Record(Event.BOUNCE, "a@example.com", None, "postfix", "5.1.1")
    assert hash(record) == hash(dataclasses.replace(record))
    assert pickle.loads(pickle.dumps(record)) == record
    assert dataclasses.replace(record, status="4.2.2").status == "4.2.2"
    assert record.reply_code is None and record.original_recipient is None


@pytest.mark.parametrize("cls", [Record, Classification, Report, Finding, RecipientStatus, DeliveryStatus,
                                 Part, Reply, Attempt])
def test_every_fast_class_sets_each_field_and_pickles_them(cls):
    fields = dataclasses.fields(cls)
    values = {f.name: f"value of {f.name}" for f in fields}
    instance = cls(**values)
    assert {f.name: getattr(instance, f.name) for f in fields} == values
    assert cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__"
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        copy = pickle.loads(pickle.dumps(instance, protocol))
        assert type(copy) is cls and {f.name: getattr(copy, f.name) for f in fields} == values


def test_pickled_as_a_call_with_the_fields_in_order():
    fast = _Fast(1, None, (2,))
    assert fast.__reduce__() == (_Fast, (1, None, (2,)))


def test_classification_defaults():
    c = Classification(BounceClass.UNDETERMINED, Reason.UNDETERMINED, "undetermined")
    assert (c.status, c.reply_code, c.matched, c.basis) == (None, None, None, Basis.NONE)


def test_refuses_what_it_cannot_set():
    with pytest.raises(TypeError):
        fast_init(dataclasses.make_dataclass("NoSlots", [("a", int)], frozen=True))
    with pytest.raises(TypeError):
        fast_init(dataclasses.make_dataclass(
            "Factory", [("a", list, dataclasses.field(default_factory=list))], frozen=True, slots=True
        ))
    with pytest.raises(TypeError):
        fast_init(dataclasses.make_dataclass(
            "KeywordOnly", [("a", int, dataclasses.field(kw_only=True))], frozen=True, slots=True
        ))
