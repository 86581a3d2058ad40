"""The rules the petition's chat relies on (联名提议召开): the reason's limit, petitions
closed by the community file, what /newmeeting convenes on, who may press the convene
button, and the convene button under the news that the share is reached. Every refusal
leaves the database as it was."""

from typing import Any

import pytest

from bot.app import Database
from models.community import all_communities
from models.meetings import convening, petitions
from models.meetings.meetings import PETITION_MAX, MeetingPetition
from models.outcomes import Done, Refused
from tests.meetings_kit import CHAIR, Recorder, act, convene, representatives, snapshot

REASON = "小区停车收费拟上调一倍，需要代表会议讨论。"


class ButtonRecorder(Recorder):
    """Also keeps the petition each notification's buttons were built for."""

    def __call__(self, recipient: Any, template: str, /, *, buttons: Any = None,
                 media: Any = None, **params: Any) -> None:
        super().__call__(recipient, template, buttons=buttons, media=media, **params)
        self.sent[-1][2]["buttons"] = buttons


def convene_button(petition: MeetingPetition) -> Any:
    return f"convene {petition.number}"


@pytest.mark.parametrize(("reason", "size"), [("", 0), ("   ", 0), ("长" * 501, 501)])
def test_a_reason_that_is_empty_or_too_long_is_refused_with_its_size(reason: str,
                                                                    size: int) -> None:
    assert petitions.check_reason(reason) == Refused("meetings/bad_petition",
                                                     {"limit": PETITION_MAX, "size": size})


def test_a_reason_up_to_the_limit_is_taken() -> None:
    assert petitions.check_reason(" " + "长" * PETITION_MAX + "\n") is None


async def start(db: Database, tg: int, notify: Recorder | None = None) -> Any:
    return await act(db, petitions.start_petition, tg=tg, community=True, reason=REASON,
                     notify=notify or Recorder(), convene=convene_button)


async def test_the_news_that_the_share_is_reached_carries_the_convene_button(
        db: Database) -> None:
    first, second, *_ = await representatives(db, 10)  # a fifth of ten: two
    outcome = await start(db, first)
    told = ButtonRecorder()
    signed = await act(db, petitions.sign_petition, tg=second,
                       petition_id=outcome.value.petition.id, notify=told,
                       convene=convene_button)
    assert isinstance(signed, Done) and signed.value.signatures == 2
    assert {(tg, name, params["buttons"]) for tg, name, params in told.sent} == {
        (first, "meetings/petition_reached", "convene MP0001"),
        (second, "meetings/petition_reached", "convene MP0001"),
        (CHAIR, "meetings/petition_for_committee", "convene MP0001"),
        (1002, "meetings/petition_for_committee", "convene MP0001")}


async def close_petitions(db: Database) -> None:
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        community.source_text = community.source_text.replace(
            "  petition_share: 0.2", "  petition_share: null")


async def test_petitions_closed_in_the_community_file_are_neither_started_nor_signed(
        db: Database) -> None:
    first, second, *_ = await representatives(db, 10)
    outcome = await start(db, first)
    await close_petitions(db)
    before = await snapshot(db)
    assert await start(db, second) == Refused("meetings/no_petitions")
    signed = await act(db, petitions.sign_petition, tg=second,
                       petition_id=outcome.value.petition.id, notify=Recorder())
    assert signed == Refused("meetings/no_petitions")
    assert await snapshot(db) == before


async def test_newmeeting_convenes_on_the_signers_reached_petition(db: Database) -> None:
    first, second, third, *_ = await representatives(db, 10)

    async def petition_for(tg: int) -> Any:
        return await act(db, convening.petition_for, who="author", tg=tg)

    assert await petition_for(CHAIR) is None  # an ordinary meeting
    assert await petition_for(first) == Refused("meetings/petition_convene_only")
    outcome = await start(db, first)
    petition_id = outcome.value.petition.id
    assert await petition_for(first) == Refused("meetings/petition_convene_only")  # collecting
    await act(db, petitions.sign_petition, tg=second, petition_id=petition_id,
              notify=Recorder())
    assert (await petition_for(second)).id == petition_id
    assert await petition_for(third) == Refused("meetings/petition_convene_only")

    async def button(tg: int) -> Any:
        return await act(db, convening.may_convene_on, who="author", tg=tg,
                         petition_id=petition_id)

    assert (await button(first)).id == (await button(CHAIR)).id == petition_id
    assert await button(third) == Refused("common/not_allowed")
    assert isinstance(await convene(db, by=first, petition_id=petition_id), Done)
    assert await petition_for(second) == Refused("meetings/petition_convene_only")
    closed = await button(second)
    assert isinstance(closed, Refused) and closed.template == "meetings/petition_closed"
