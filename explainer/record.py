"""Frozen records that cost next to nothing to define: the model's values, and the few others a start makes.

A frozen dataclass is quick to use and slow to define: on CPython 3.11 `@dataclass(frozen=True)` compiles each
of the six methods it writes from source text, 0.5-1 ms a class, and the 30-odd classes on the way to the first
screen were a twentieth of a launch (benchmarks/README.md, "Launch, fourth round"). A `Record` behaves as such a
dataclass does, with methods written once, here, for every record: its fields are its annotations, in order,
with their defaults; it is made from them by position or name; two are equal when of one class with equal
fields, and hash alike; it shows as `Name(field=value, ...)`; it pickles; and it never changes (`replace`
makes a changed copy). Type checkers read it as a frozen dataclass (`dataclass_transform`).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Callable[[type], type]:
        """What type checkers read; nothing at run time (typing's own is Python 3.11's, and without frozen)."""
        return lambda cls: cls


R = TypeVar("R", bound="Record")


@dataclass_transform(eq_default=True, frozen_default=True)
class Record:
    """The base of every record: subclass it and annotate its fields, as for a frozen dataclass."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _field_set: ClassVar[frozenset[str]] = frozenset()
    _defaults: ClassVar[dict[str, object]] = {}
    _values: ClassVar[Callable[[Any], object]]  # the fields' values, what equality and hashing compare

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 - not inspect's: 7 ms to import
        own = [name for name, kind in annotations.items() if not str(kind).startswith(("ClassVar", "typing.ClassVar"))]
        cls._fields = (*cls._fields, *(name for name in own if name not in cls._fields))
        cls._defaults = {**cls._defaults, **{name: cls.__dict__[name] for name in own if name in cls.__dict__}}
        first_default = next((i for i, name in enumerate(cls._fields) if name in cls._defaults), len(cls._fields))
        if any(name not in cls._defaults for name in cls._fields[first_default:]):
            raise TypeError(f"{cls.__qualname__}: a field without a default follows one with a default")
        cls._field_set = frozenset(cls._fields)
        cls._values = operator.attrgetter(*cls._fields) if cls._fields else lambda record: ()

    def __init__(self, *args: object, **kwargs: object) -> None:
        fields = self._fields
        given = dict(zip(fields, args, strict=False))  # too many: the error below
        values = {**self._defaults, **given, **kwargs}
        if values.keys() != self._field_set or len(args) > len(fields) or not given.keys().isdisjoint(kwargs):
            raise TypeError(self._wrong_arguments(args, kwargs))
        object.__setattr__(self, "__dict__", values)

    def _wrong_arguments(self, args: tuple[object, ...], kwargs: dict[str, object]) -> str:
        name = type(self).__qualname__
        if len(args) > len(self._fields):
            return f"{name}() takes {len(self._fields)} arguments but {len(args)} were given"
        unknown = [key for key in kwargs if key not in self._fields]
        if unknown:
            return f"{name}() got an unexpected keyword argument '{unknown[0]}'"
        twice = [key for key in self._fields[: len(args)] if key in kwargs]
        if twice:
            return f"{name}() got multiple values for argument '{twice[0]}'"
        missing = [key for key in self._fields[len(args) :] if key not in self._defaults and key not in kwargs]
        return f"{name}() missing required argument: '{missing[0]}'"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(type(self)._values(self) == type(self)._values(other))

    def __hash__(self) -> int:
        return hash(type(self)._values(self))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({fields})"

    if not TYPE_CHECKING:  # hidden from type checkers, which then allow no attribute but the fields' reads

        def __setattr__(self, name: str, value: object) -> None:
            raise AttributeError(f"cannot assign to field '{name}': a {type(self).__qualname__} never changes")

        def __delattr__(self, name: str) -> None:
            raise AttributeError(f"cannot delete field '{name}': a {type(self).__qualname__} never changes")


def replace(record: R, /, **changes: object) -> R:
    """A copy of `record` with some fields changed, as `dataclasses.replace` makes of a dataclass."""
    return type(record)(**{**{name: getattr(record, name) for name in record._fields}, **changes})
