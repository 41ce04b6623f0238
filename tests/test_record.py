"""A Record behaves as a frozen dataclass does, in everything the model relies on (explainer/record.py)."""

from __future__ import annotations

import copy
import pickle
from functools import cached_property
from typing import ClassVar

import pytest

from explainer.pack.model import Link, Source
from explainer.record import Record, replace


class Point(Record):
    """Two required fields and one with a default."""

    x: int
    y: int
    label: str = ""
    SCALE: ClassVar[int] = 10  # not a field

    @cached_property
    def scaled(self) -> int:
        return self.x * self.SCALE


class Point3(Point):
    """A record that adds a field to another's."""

    z: int = 0


def test_fields_are_the_annotations_in_order_by_position_or_name_with_defaults() -> None:
    assert Point(1, 2) == Point(x=1, y=2) == Point(1, y=2, label="")
    assert (Point(1, 2, "a").x, Point(1, 2, "a").y, Point(1, 2, "a").label) == (1, 2, "a")
    assert Point3(1, 2, "a", 3).z == 3 and Point3(1, 2).z == 0
    assert repr(Point3(1, 2, z=3)) == "Point3(x=1, y=2, label='', z=3)"


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda: Point(1), "missing required argument: 'y'"),
        (lambda: Point(y=1), "missing required argument: 'x'"),
        (lambda: Point(1, 2, "a", 4), "takes 3 arguments but 4 were given"),
        (lambda: Point(1, 2, z=3), "unexpected keyword argument 'z'"),
        (lambda: Point(1, 2, x=3), "multiple values for argument 'x'"),
        (lambda: Point(1, 2, SCALE=3), "unexpected keyword argument 'SCALE'"),
    ],
)
def test_wrong_arguments_are_a_type_error_naming_the_field(make, says: str) -> None:
    with pytest.raises(TypeError, match=says):
        make()


def test_a_field_without_a_default_after_one_with_is_refused() -> None:
    with pytest.raises(TypeError, match="without a default follows"):

        class Broken(Record):
            first: int = 0
            second: int


def test_equal_when_of_one_class_with_equal_fields_and_hashed_alike() -> None:
    assert Point(1, 2) != Point(1, 3)
    assert Point(1, 2) != Point3(1, 2)  # another class, even with the same fields
    assert Point(1, 2) != (1, 2, "")  # not a tuple
    assert hash(Point(1, 2)) == hash(Point(1, 2))
    assert len({Point(1, 2), Point(1, 2), Point(2, 1)}) == 2
    assert Link("term", "nato") in {Link("term", "nato", "")}


def test_a_record_never_changes() -> None:
    point = Point(1, 2)
    with pytest.raises(AttributeError, match="cannot assign to field 'x'"):
        point.x = 5  # type: ignore[misc]  # what the test is about: refused
    with pytest.raises(AttributeError, match="cannot delete field 'y'"):
        del point.y  # type: ignore[misc]
    with pytest.raises(AttributeError):
        point.other = 1  # type: ignore[attr-defined]
    assert replace(point, x=5) == Point(5, 2) and point == Point(1, 2)
    with pytest.raises(TypeError, match="unexpected keyword argument 'z'"):
        replace(point, z=1)


def test_a_cached_property_is_kept_but_is_no_field() -> None:
    point = Point(3, 4)
    assert point.scaled == 30
    assert point == Point(3, 4) and repr(point) == "Point(x=3, y=4, label='')"
    assert replace(point, y=5).scaled == 30


def test_records_pickle_and_copy_as_they_are() -> None:
    source = Source("a", "An article", "The Outlet", short="the article")
    for again in (pickle.loads(pickle.dumps(source, protocol=pickle.HIGHEST_PROTOCOL)), copy.deepcopy(source)):
        assert again == source and again.name == "the article" and type(again) is Source
        with pytest.raises(AttributeError):
            again.id = "b"  # type: ignore[misc]
