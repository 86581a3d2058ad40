"""Rules without any chat: button payloads, languages, roles, update translation."""

import dataclasses
import json
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.engines.updates import incoming_from_dict
from chat import payloads as callback_data
from chat.incoming import Attachment, Contact, Incoming, Location
from chat.payloads import INT_MAX, INT_MIN, MAX_BYTES, Payload
from handlers.people.buttons import ApproveRegistration, PickArea
from models.languages import pick_language
from models.people.roles import Role, may_grant


@dataclass(frozen=True)
class Sample(Payload, prefix="zt"):
    number: int
    code: str


@given(number=st.integers(min_value=INT_MIN, max_value=INT_MAX),
       code=st.from_regex(r"[A-Za-z0-9_-]{1,32}", fullmatch=True))
def test_payloads_round_trip_within_64_bytes(number: int, code: str) -> None:
    data = Sample(number, code).pack()
    assert len(data.encode()) <= MAX_BYTES
    assert callback_data.unpack(data) == Sample(number, code)


@given(st.text(max_size=80))
def test_arbitrary_callback_data_never_raises(data: str) -> None:
    payload = callback_data.unpack(data)
    assert payload is None or isinstance(payload, Payload)


def test_payloads_that_do_not_fit_are_refused_when_built() -> None:
    with pytest.raises(ValueError):
        PickArea("x" * 70).pack()
    with pytest.raises(ValueError):
        PickArea("a:b").pack()


def test_wrongly_typed_ids_are_stale_not_errors() -> None:
    assert callback_data.unpack(ApproveRegistration(5).pack()) == ApproveRegistration(5)
    assert callback_data.unpack(f"{callback_data.VERSION}ry:abc") is None
    assert callback_data.unpack(f"{callback_data.VERSION}ry:1:2") is None


@pytest.mark.parametrize(("own", "telegram", "expected"), [
    (None, "en-US", "en"), (None, "zh-hans", "zh"), (None, "fr", "zh"), ("en", "zh", "en"),
    ("xx", "en", "en"), (None, None, "zh"),
])
def test_language_choice(own: str | None, telegram: str | None, expected: str) -> None:
    assert pick_language(own, telegram) == expected


def test_only_admins_create_committee_members() -> None:
    committee = frozenset({Role.committee})
    assert may_grant(committee, Role.representative)
    assert not may_grant(committee, Role.committee)
    assert not may_grant(committee, Role.admin)
    assert may_grant(frozenset({Role.admin}), Role.committee)
    assert not may_grant(frozenset({Role.resident, Role.representative}), Role.resident)


def test_updates_translate_to_incoming_and_survive_storage() -> None:
    update = {"update_id": 7, "message": {
        "message_id": 3, "date": 0, "chat": {"id": 42, "type": "private"},
        "from": {"id": 42, "is_bot": False, "first_name": "Lin", "language_code": "en"},
        "text": "/start@yishi_bot join_xingfuli",
        "contact": {"phone_number": "+86 138", "first_name": "Lin", "user_id": 42}}}
    incoming = incoming_from_dict(update)
    assert incoming is not None
    assert (incoming.command, incoming.args) == ("start", "join_xingfuli")
    assert incoming.contact is not None and incoming.contact.user_id == 42
    assert Incoming.from_dict(incoming.to_dict()) == incoming


def test_stored_updates_keep_every_field() -> None:
    incoming = Incoming(update_id=9, kind="message", chat_id=5, user_id=5, text="x",
                        contact=Contact("+86 139", 5), location=Location(31.2, 121.5),
                        attachments=[Attachment("photo", "f1"), Attachment("document", "f2",
                                                                        "a.pdf", None, 10)])
    assert incoming.to_dict() == dataclasses.asdict(incoming)
    assert Incoming.from_dict(json.loads(json.dumps(incoming.to_dict()))) == incoming


def test_updates_from_bots_and_unknown_kinds_are_ignored() -> None:
    assert incoming_from_dict({"update_id": 1, "edited_message": {}}) is None
    bot_message = {"update_id": 2, "message": {"message_id": 1, "date": 0,
                   "chat": {"id": 1, "type": "private"},
                   "from": {"id": 1, "is_bot": True, "first_name": "b"}}}
    assert incoming_from_dict(bot_message) is None
