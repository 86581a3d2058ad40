"""Button payloads: every button the bot sends unpacks to what it packed; anything
else a client could send unpacks to nothing, so handlers never see a value their
buttons could not have carried, and a forged button never raises."""

import dataclasses
from enum import Enum, IntEnum, StrEnum
from typing import Any, Literal, get_args, get_origin, get_type_hints

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chat.payloads import INT_MAX, INT_MIN, MAX_BYTES, VERSION, Payload, unpack
from handlers import build_router


class Colour(StrEnum):
    red = "red"
    blue = "blue"


class Level(IntEnum):
    low = 1
    high = 2


@dataclasses.dataclass(frozen=True)
class Typed(Payload, prefix="zq"):
    count: int
    flag: bool
    colour: Colour
    level: Level
    side: Literal["left", "right"]
    shelf: Colour | Literal["*"]
    name: str


ROUTED = build_router().callbacks  # importing every handler registers every payload
ALL = sorted((cls for cls in Payload.registry.values() if cls.__module__.startswith("handlers.")),
             key=lambda cls: cls.prefix)


def values_of(kind: Any) -> st.SearchStrategy[Any]:
    if kind is bool:
        return st.booleans()
    if kind is int:
        return st.integers(min_value=INT_MIN, max_value=INT_MAX)
    if kind is str:
        return st.text(st.characters(blacklist_characters=":", blacklist_categories=["Cs"]),
                       max_size=40)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return st.sampled_from(list(kind))
    if get_origin(kind) is Literal:
        return st.sampled_from(get_args(kind))
    return st.one_of(*[values_of(option) for option in get_args(kind)])


def instances(cls: type[Payload]) -> st.SearchStrategy[Payload]:
    hints = get_type_hints(cls)
    fields = {f.name: values_of(hints[f.name]) for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return st.builds(cls, **fields)


def up_to_64_bytes(text: str) -> bool:
    return len(text.encode()) <= MAX_BYTES


def test_every_payload_is_routed_once_and_every_field_is_a_type_a_button_carries() -> None:
    assert len(ALL) > 40
    assert [cls.__name__ for cls in ALL if cls not in ROUTED] == []
    for cls in ALL:
        assert len(cls.readers()) == len(dataclasses.fields(cls)), cls  # type: ignore[arg-type]


@pytest.mark.parametrize("cls", ALL, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_every_payload_round_trips(cls: type[Payload], data: st.DataObject) -> None:
    payload = data.draw(instances(cls))
    values = [str(getattr(payload, f.name)) for f in dataclasses.fields(payload)]  # type: ignore[arg-type]
    try:
        packed = payload.pack()
    except ValueError:
        # Only a text too long for Telegram is refused when built (and never sent).
        assert len(":".join([VERSION + cls.prefix, *values]).encode()) > MAX_BYTES
        return
    assert unpack(packed) == payload
    assert type(unpack(packed)) is cls


def forged_after(prefix: str) -> st.SearchStrategy[str]:
    field = st.one_of(st.text(max_size=12), st.integers().map(str),
                      st.sampled_from(["0", "1", "-1", "01", "+1", " 1", "*", "", "true"]))
    return st.lists(field, max_size=5).map(lambda values: ":".join([prefix, *values]))


def any_prefix() -> st.SearchStrategy[str]:
    known = [VERSION + cls.prefix for cls in ALL]
    return st.one_of(st.sampled_from(known), st.sampled_from(known).map(lambda p: "0" + p[1:]),
                     st.text(max_size=4))


@given(st.one_of(st.text(), any_prefix().flatmap(forged_after)).filter(up_to_64_bytes))
def test_any_string_of_64_bytes_is_a_payload_or_refused(data: str) -> None:
    payload = unpack(data)
    # A payload comes from its one spelling: packing it again gives the same data.
    assert payload is None or payload.pack() == data


@given(count=st.integers(INT_MIN, INT_MAX), flag=st.booleans(), colour=st.sampled_from(Colour),
       level=st.sampled_from(Level), side=st.sampled_from(["left", "right"]),
       shelf=st.sampled_from([*Colour, "*"]))
def test_typed_fields_come_back_as_their_types(count: int, flag: bool, colour: Colour,
                                               level: Level, side: str, shelf: Any) -> None:
    sent = Typed(count, flag, colour, level, side, shelf, "x")  # type: ignore[arg-type]
    got = unpack(sent.pack())
    assert got == sent
    assert isinstance(got, Typed)
    assert type(got.flag) is bool and type(got.colour) is Colour and type(got.level) is Level


GOOD = ["1", "1", "red", "1", "left", "*", "x"]


@pytest.mark.parametrize(("position", "value"), [
    (0, "01"), (0, "+1"), (0, " 1"), (0, "1_0"), (0, "x"),  # a number has one spelling
    (0, str(INT_MAX + 1)), (0, str(INT_MIN - 1)), (0, "9" * 30),  # no row has such an id
    (1, "2"), (1, "true"), (1, "True"), (1, ""),  # a flag is 0 or 1
    (2, "green"), (2, "RED"), (2, "Colour.red"),  # not a member
    (3, "3"), (3, "low"), (3, "01"),
    (4, "up"), (4, ""),  # not one of the literals
    (5, "all"), (5, "green"),
])
def test_a_value_a_button_could_not_carry_is_refused(position: int, value: str) -> None:
    assert unpack(":".join([VERSION + "zq", *GOOD])) is not None
    forged = [*GOOD[:position], value, *GOOD[position + 1:]]
    assert unpack(":".join([VERSION + "zq", *forged])) is None


@pytest.mark.parametrize("values", [GOOD[:-1], [*GOOD, "y"], []])
def test_a_field_missing_or_extra_is_refused(values: list[str]) -> None:
    assert unpack(":".join([VERSION + "zq", *values])) is None


def test_a_flag_reads_0_as_false() -> None:
    got = unpack(":".join([VERSION + "zq", "1", "0", "red", "1", "left", "*", "x"]))
    assert isinstance(got, Typed) and got.flag is False


@pytest.mark.parametrize("data", [None, "", "1", "0zq:1", "9zq", "1zq", "1??:1", "1zq" + ":" * 60])
def test_foreign_or_old_data_is_refused(data: str | None) -> None:
    assert unpack(data) is None


@pytest.mark.parametrize("payload", [
    Typed(1, True, Colour.red, Level.low, "left", "*", "a:b"),  # the separator in a text
    Typed(INT_MAX + 1, True, Colour.red, Level.low, "left", "*", "x"),
    Typed(1, True, Colour.red, Level.low, "up", "*", "x"),  # type: ignore[arg-type]
    Typed(1, True, Colour.red, Level.low, "left", "*", "x" * 64),
])
def test_a_payload_no_button_may_carry_is_refused_when_built(payload: Payload) -> None:
    with pytest.raises(ValueError):
        payload.pack()


def test_a_field_of_a_type_no_button_carries_is_refused() -> None:
    @dataclasses.dataclass(frozen=True)
    class Odd(Payload, prefix="zz"):
        amount: float

    try:
        with pytest.raises(TypeError):
            Odd.readers()
    finally:
        del Payload.registry["zz"]


# Buttons sent before their unread person ids were dropped: stale, never misread.
DROPPED = ["1rs:5", "1rr:5", "1pf:5", "1ps:5", "1vf:5", "1tp:5", "1ts:5", "1te:5",
           "1hs:5", "1hd:5", "1bs:5", "1bd:5", "1nk:5", "1ns:5",
           "1dx:5"]


@pytest.mark.parametrize("data", DROPPED)
def test_a_button_from_before_a_field_was_dropped_is_stale(data: str) -> None:
    assert unpack(data) is None


def test_each_payload_lives_in_its_capabilitys_buttons_module() -> None:
    # A package shared by capabilities gives each its own "<part>_buttons" module.
    misplaced = [f"{cls.__module__}.{cls.__name__}" for cls in ALL
                 if not cls.__module__.endswith((".buttons", "_buttons"))
                 or cls.__module__.count(".") != 2]
    assert misplaced == []
