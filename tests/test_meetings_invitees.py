"""Observers and the recorder of a meeting: registered people of the community found by
a part of their name; someone not registered or too many observers are refused with
nothing changed; only the chair and the recorder may write the minutes."""

from bot.app import Database
from models.meetings import invitees, minutes, votes
from models.meetings.meetings import OBSERVERS_MAX
from models.outcomes import Done, Refused
from models.people.persons import Person, RegistrationStatus
from tests.factories import residents
from tests.meetings_kit import CHAIR, Recorder, act, convene, convened, in_session, snapshot
from tests.meetings_kit import representatives as reps_of
from tests.test_meetings_attendance import person_id


async def pending_person(db: Database) -> int:
    async with db.sessionmaker() as session, session.begin():
        community_id = (await session.get(Person, await person_id(db, CHAIR))).community_id  # type: ignore[union-attr]
        person = Person(telegram_id=60000, display_name="P", name="居民待审",
                        community_id=community_id, status=RegistrationStatus.pending,
                        created_at=db.clock.now())
        session.add(person)
    return person.id or 0


async def test_only_registered_people_are_found_and_invited(db: Database) -> None:
    [found] = await residents(db, 1, first_id=50000)
    waiting = await pending_person(db)
    async with db.sessionmaker() as session:
        community_id = (await session.get(Person, waiting)).community_id  # type: ignore[union-attr]
        named = await invitees.named(session, community_id or 0, "居民")
        assert [p.telegram_id for p in named] == [found]
        assert await invitees.named(session, community_id or 0, "  ") == []

    many = await residents(db, OBSERVERS_MAX + 1, first_id=51000)
    ids = [await person_id(db, tg) for tg in many]
    before = await snapshot(db)
    assert await convene(db, observer_ids=[waiting]) == Refused("meetings/unknown_person")
    assert await convene(db, recorder_id=waiting) == Refused("meetings/unknown_person")
    assert await convene(db, observer_ids=ids) == Refused("meetings/too_many_observers",
                                                          {"limit": OBSERVERS_MAX})
    assert await snapshot(db) == before
    assert isinstance(await convene(db, observer_ids=ids[:OBSERVERS_MAX]), Done)


async def test_only_the_chair_and_the_recorder_write_the_minutes(db: Database) -> None:
    reps = await reps_of(db, 3)
    [recorder] = await residents(db, 1, first_id=50000)
    meeting = await convened(db, recorder_id=await person_id(db, recorder))
    await in_session(db, meeting, reps[:2])
    asked = Recorder()
    closed = await act(db, votes.close_meeting, who="chair", tg=CHAIR, meeting_id=meeting.id,
                       notify=asked)
    assert isinstance(closed, Done) and asked.to("meetings/minutes_due") == [recorder]

    before = await snapshot(db)
    for someone in (reps[0], 1002):  # a representative, another committee member
        refused = await act(db, minutes.record_minutes, who="actor", tg=someone,
                            meeting_id=meeting.id, text="纪要", notify=Recorder())
        assert isinstance(refused, Refused) and refused.template == "meetings/chair_or_recorder"
    assert await snapshot(db) == before
    written = await act(db, minutes.record_minutes, who="actor", tg=recorder,
                        meeting_id=meeting.id, text="会议一致同意。", notify=Recorder())
    assert isinstance(written, Done)
