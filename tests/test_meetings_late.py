"""A late arrival at a meeting (marked present while an item's vote is open) votes only
on the items whose vote opens after: refused on the running one with its own answer,
the database left as it was, and sent the ballots of the next."""

from datetime import timedelta

from bot.app import Database
from chat.render import Renderer
from models.meetings import attendance
from models.meetings.convening import FreeItem
from models.outcomes import Done, Refused
from tests.meetings_kit import (
    CHAIR,
    Recorder,
    act,
    convened,
    in_session,
    representatives,
    snapshot,
)
from tests.test_meetings_attendance import person_id
from tests.test_meetings_rules import items_of
from tests.test_meetings_votes import cast, close_vote, open_vote


async def test_a_late_arrival_votes_from_the_next_item_on(db: Database,
                                                         renderer: Renderer) -> None:
    reps = await representatives(db, 5)
    meeting = await in_session(db, await convened(db, items=[
        FreeItem("审议社区公约修订"), FreeItem("公共收益使用情况")]), reps[:3])
    first, second = await items_of(db, meeting)
    db.clock.set(meeting.starts_at + timedelta(minutes=5))
    opened = await open_vote(db, first)
    assert isinstance(opened, Done)

    db.clock.advance(timedelta(minutes=2))
    marked = await act(db, attendance.mark_present, who="chair", tg=CHAIR,
                       meeting_id=meeting.id, person_id=await person_id(db, reps[3]))
    assert isinstance(marked, Done)
    before = await snapshot(db)
    late, absent = await cast(db, opened.value, {reps[3]: 0, reps[4]: 0})
    assert isinstance(late, Refused) and late.template == "meetings/checked_in_late"
    assert late.params["at"] == marked.value.at
    assert renderer.render("zh", late.template, zone="Asia/Shanghai",
                           **late.params).startswith("您在")
    assert absent == Refused("meetings/not_checked_in", {"matter": absent.params["matter"]})
    assert await snapshot(db) == before

    assert all(isinstance(c, Done) for c in await cast(db, opened.value, {
        reps[0]: 0, reps[1]: 0, reps[2]: 0}))
    closed = await close_vote(db, renderer, first)
    assert isinstance(closed, Done) and closed.value.closed is not None
    assert closed.value.closed.result.electorate == 3

    ballots = Recorder()
    second_vote = await open_vote(db, second, notify=ballots)
    assert isinstance(second_vote, Done)
    assert ballots.to("voting/ballot") == sorted(reps[:4])
    [voted] = await cast(db, second_vote.value, {reps[3]: 0})
    assert isinstance(voted, Done)
