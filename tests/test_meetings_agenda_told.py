"""The agenda of a convened meeting changed after its notice: the representatives and
observers are told once for however many changes, only by an organiser, only when it
changed, and never once the meeting has opened. Every refusal changes nothing."""

from bot.app import Database
from models.meetings import agenda, notices
from models.meetings.convening import FreeItem
from models.meetings.meetings import Meeting
from models.outcomes import Done, Refused
from tests.factories import residents
from tests.meetings_kit import (
    CHAIR,
    Recorder,
    act,
    convene,
    convened,
    fetch,
    in_session,
    representatives,
    snapshot,
)
from tests.test_meetings_attendance import person_id
from tests.test_meetings_rules import items_of


async def tell(db: Database, meeting: Meeting, *, by: int = CHAIR,
               notify: Recorder | None = None) -> object:
    return await act(db, notices.tell_agenda, who="actor", tg=by, meeting_id=meeting.id,
                     notify=notify or Recorder())


async def test_the_changed_agenda_is_told_once_by_an_organiser(db: Database) -> None:
    reps = await representatives(db, 3)
    [observer] = await residents(db, 1, first_id=32000)  # invited, no representative
    observer_id = await person_id(db, observer)
    meeting = await convened(db, items=[FreeItem("审议社区公约修订"), FreeItem("公共收益使用情况")],
                             observer_ids=[observer_id])

    before = await snapshot(db)
    assert await tell(db, meeting) == Refused("meetings/agenda_unchanged",
                                              {"meeting": (await fetch(db, Meeting,
                                                                       meeting.id))})
    assert await snapshot(db) == before

    first, second = await items_of(db, meeting)
    assert isinstance(await act(db, agenda.move_item, who="actor", tg=CHAIR,
                                item_id=second.id, position=1), Done)
    assert isinstance(await act(db, agenda.add_item, who="actor", tg=CHAIR,
                                meeting_id=meeting.id, title="小区停车管理办法"), Done)
    assert (await fetch(db, Meeting, meeting.id)).agenda_changed_at is not None

    before = await snapshot(db)
    refused = await tell(db, meeting, by=reps[0])  # a representative, no organiser
    assert refused == Refused("common/not_allowed")
    assert await snapshot(db) == before

    sent = Recorder()
    told = await tell(db, meeting, notify=sent)
    assert told == Done(4)
    assert sent.to("meetings/agenda_changed") == sorted([*reps, observer])
    params = {tg: p for tg, name, p in sent.sent}
    assert params[observer]["observer"] and not params[reps[0]]["observer"]
    assert [i.title for i in params[reps[0]]["items"]] == [
        "公共收益使用情况", "审议社区公约修订", "小区停车管理办法"]
    assert (await fetch(db, Meeting, meeting.id)).agenda_changed_at is None
    again = await tell(db, meeting)
    assert isinstance(again, Refused) and again.template == "meetings/agenda_unchanged"

    assert isinstance(await act(db, agenda.remove_item, who="actor", tg=CHAIR,
                                item_id=first.id), Done)
    for item in await items_of(db, meeting):
        if item.id != second.id:
            assert isinstance(await act(db, agenda.remove_item, who="actor", tg=CHAIR,
                                        item_id=item.id), Done)
    before = await snapshot(db)
    last = await act(db, agenda.remove_item, who="actor", tg=CHAIR, item_id=second.id)
    assert isinstance(last, Refused) and last.template == "meetings/last_item"
    assert await snapshot(db) == before
    opened = await in_session(db, meeting, reps[:2])
    before = await snapshot(db)
    for refused in (await tell(db, opened),
                    await act(db, agenda.add_item, who="actor", tg=CHAIR,
                              meeting_id=meeting.id, title="新议题"),
                    await act(db, agenda.remove_item, who="actor", tg=CHAIR,
                              item_id=second.id)):
        assert isinstance(refused, Refused) and refused.template == "meetings/agenda_closed"
    assert await snapshot(db) == before


async def test_a_draft_meetings_agenda_changes_without_telling(db: Database) -> None:
    await representatives(db, 2)
    drafted = await convene(db)
    assert isinstance(drafted, Done)
    assert isinstance(await act(db, agenda.add_item, who="actor", tg=CHAIR,
                                meeting_id=drafted.value.id, title="小区停车管理办法"), Done)
    meeting = await fetch(db, Meeting, drafted.value.id)
    assert meeting.agenda_changed_at is None  # the notice will carry the agenda as it is
    refused = await tell(db, meeting)
    assert isinstance(refused, Refused) and refused.template == "meetings/not_convened"
