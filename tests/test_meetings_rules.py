"""The representatives' meeting (居民代表会议): its arithmetic checked against its
definitions (hypothesis), petitions that convene one, convening, and its agenda. Every
refusal leaves the database as it was."""

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.app import Database
from models.community_reading import load_community
from models.meetings import agenda, attendance, petitions, rules
from models.meetings.convening import FreeItem
from models.meetings.meetings import (
    ItemState,
    Meeting,
    MeetingItem,
    MeetingPetition,
    PetitionState,
)
from models.outcomes import Done, Refused
from models.proposals.stages import Stage
from models.voting.tally import share
from tests.factories import residents
from tests.meetings_kit import (
    CHAIR,
    OTHER_COMMITTEE,
    Recorder,
    act,
    convene,
    convened,
    fetch,
    in_session,
    representatives,
    snapshot,
)
from tests.test_proposals_binding import accepted

EXAMPLE = Path(__file__).resolve().parent.parent / "community.example.yaml"
shares = st.fractions(min_value=Fraction(1, 100), max_value=Fraction(99, 100),
                      max_denominator=1000)


@given(st.integers(0, 500), st.data(), shares)
def test_quorate_iff_more_than_the_share_present(sitting: int, data: st.DataObject,
                                                  quorum: Fraction) -> None:
    present = data.draw(st.integers(0, sitting))
    assert rules.quorate(present, sitting, quorum) == (
        sitting > 0 and present * quorum.denominator > quorum.numerator * sitting)


@given(st.integers(1, 250))
def test_exactly_half_present_is_not_quorate(half: int) -> None:
    assert not rules.quorate(half, 2 * half, share(0.5))
    assert rules.quorate(half + 1, 2 * half, share(0.5))
    assert rules.needed_for_quorum(2 * half, share(0.5)) == half + 1


@given(st.integers(1, 500), shares)
def test_the_fewest_present_that_make_it_quorate(sitting: int, quorum: Fraction) -> None:
    needed = rules.needed_for_quorum(sitting, quorum)
    assert rules.quorate(needed, sitting, quorum)
    assert not rules.quorate(needed - 1, sitting, quorum)


@given(st.integers(0, 500), st.sampled_from([0.2, 0.25, 1 / 3, 0.5, 1.0]))
def test_a_petition_needs_the_share_of_the_sitting_and_at_least_one(sitting: int,
                                                                    ratio: float) -> None:
    needed = rules.petition_needed(ratio, sitting)
    assert needed >= 1 and needed >= share(ratio) * sitting
    assert needed == 1 or needed - 1 < share(ratio) * sitting


def test_reminders_count_only_moments_after_the_notice() -> None:
    starts = datetime(2026, 12, 5, 11, 0, tzinfo=UTC)
    notified = starts - timedelta(hours=3)
    assert rules.due_reminders(starts, [24, 2], notified_at=notified,
                               now=starts - timedelta(hours=2)) == [2]
    assert rules.due_reminders(starts, [24, 2], notified_at=notified,
                               now=starts - timedelta(hours=2, seconds=1)) == []


def test_the_example_file_sets_the_meeting_rules() -> None:
    rules_ = load_community(EXAMPLE).meetings
    assert (rules_.quorum, rules_.petition_share, rules_.checkin_opens_minutes) == (0.5, 0.2, 30)
    assert (rules_.reminder_hours, rules_.item_vote_minutes) == ([24, 2], 15)


async def test_a_petition_that_reaches_its_share_lets_its_signers_convene(
        db: Database) -> None:
    first, second, third, *_ = await representatives(db, 10)  # a fifth of ten: two
    resident, = await residents(db, 1, first_id=39000)
    started = Recorder()
    outcome = await act(db, petitions.start_petition, tg=first, community=True,
                        reason="小区停车收费调整需要代表会议讨论", notify=started)
    assert isinstance(outcome, Done) and (outcome.value.signatures, outcome.value.needed) == (1, 2)
    petition = outcome.value.petition
    assert len(started.to("meetings/petition_started")) == 9

    before = await snapshot(db)
    for tg, template in ((first, "meetings/already_signed"),
                         (resident, "meetings/petition_representatives_only")):
        refused = await act(db, petitions.sign_petition, tg=tg, petition_id=petition.id,
                            notify=Recorder())
        assert refused == Refused(template, refused.params)
    early = await convene(db, by=first, petition_id=petition.id)
    assert isinstance(early, Refused) and early.template == "meetings/petition_not_reached"
    assert await snapshot(db) == before

    reached = Recorder()
    signed = await act(db, petitions.sign_petition, tg=second, petition_id=petition.id,
                       notify=reached)
    assert isinstance(signed, Done) and signed.value.signatures == 2
    assert reached.to("meetings/petition_for_committee") == [CHAIR, OTHER_COMMITTEE]
    assert reached.to("meetings/petition_reached") == [first, second]
    assert (await fetch(db, MeetingPetition, petition.id)).state == PetitionState.reached

    outsider = await convene(db, by=third, petition_id=petition.id)
    assert outsider == Refused("common/not_allowed")
    meeting = await convene(db, by=second, petition_id=petition.id)
    assert isinstance(meeting, Done) and meeting.value.petition_id == petition.id
    assert meeting.value.chair_id == meeting.value.created_by_id  # the convener chairs
    assert (await fetch(db, MeetingPetition, petition.id)).state == PetitionState.convened
    again = await convene(db, by=first, petition_id=petition.id)
    assert isinstance(again, Refused) and again.template == "meetings/petition_closed"
    late = await act(db, petitions.sign_petition, tg=third, petition_id=petition.id,
                     notify=Recorder())
    assert isinstance(late, Refused) and late.template == "meetings/petition_closed"


async def test_without_a_petition_only_the_committee_convenes(db: Database) -> None:
    rep, = await representatives(db, 1)
    before = await snapshot(db)
    assert await convene(db, by=rep) == Refused("common/not_allowed")
    assert await snapshot(db) == before
    assert isinstance(await convene(db, by=OTHER_COMMITTEE), Done)


async def test_a_meeting_in_the_past_or_on_a_proposal_not_accepted_is_refused(
        db: Database) -> None:
    proposal = await accepted(db, "environment")
    before = await snapshot(db)
    past = await convene(db, starts_in=timedelta(0))
    assert past == Refused("meetings/time_in_past")
    unknown = await convene(db, proposal_ids=[proposal.id or 0, 999])
    assert unknown == Refused("meetings/bad_proposal", {"proposal_id": 999})
    nobody = await convene(db, observer_ids=[999])
    assert nobody == Refused("meetings/unknown_person")
    assert await snapshot(db) == before


async def test_the_agenda_holds_accepted_proposals_then_free_items(db: Database) -> None:
    proposal = await accepted(db, "facilities")
    assert proposal.stage == Stage.accepted
    outcome = await convene(db, proposal_ids=[proposal.id, proposal.id],
                            items=[FreeItem("增设快递柜")], duration_minutes=90)
    assert isinstance(outcome, Done)
    meeting = outcome.value
    assert (meeting.chair_id, meeting.duration_minutes, meeting.quorum) == (
        meeting.created_by_id, 90, 0.5)
    assert meeting.reminder_hours == [24, 2]
    listed = await items_of(db, meeting)
    assert [(i.position, i.title, i.proposal_id) for i in listed] == [
        (1, proposal.title, proposal.id), (2, "增设快递柜", None)]
    twice = await act(db, agenda.add_item, who="actor", tg=CHAIR, meeting_id=meeting.id,
                      proposal_id=proposal.id)
    assert isinstance(twice, Refused) and twice.template == "meetings/already_on_agenda"


async def items_of(db: Database, meeting: Meeting) -> list[MeetingItem]:
    async with db.sessionmaker() as session:
        return await agenda.items(session, meeting.id or 0)


async def test_items_are_added_moved_and_removed_until_the_meeting_opens(
        db: Database) -> None:
    rep, *others = await representatives(db, 3)
    meeting = await convened(db)
    for title in ("增设快递柜", "垃圾分类"):
        added = await act(db, agenda.add_item, who="actor", tg=CHAIR, meeting_id=meeting.id,
                          title=title)
        assert isinstance(added, Done)
    last = added.value
    moved = await act(db, agenda.move_item, who="actor", tg=CHAIR, item_id=last.id,
                      position=1)
    assert isinstance(moved, Done)
    assert [i.title for i in await items_of(db, meeting)] == [
        "垃圾分类", "审议社区公约修订", "增设快递柜"]
    first = (await items_of(db, meeting))[1]
    removed = await act(db, agenda.remove_item, who="actor", tg=CHAIR, item_id=first.id)
    assert isinstance(removed, Done)
    assert [(i.position, i.title) for i in await items_of(db, meeting)] == [
        (1, "垃圾分类"), (2, "增设快递柜")]

    before = await snapshot(db)
    stranger = await act(db, agenda.add_item, who="actor", tg=rep, meeting_id=meeting.id,
                         title="我的议题")
    assert stranger == Refused("common/not_allowed")
    nowhere = await act(db, agenda.move_item, who="actor", tg=CHAIR, item_id=last.id,
                        position=9)
    assert nowhere == Refused("meetings/bad_position", {"most": 2})
    assert await snapshot(db) == before

    await in_session(db, meeting, [rep, *others])
    before = await snapshot(db)
    closed = await act(db, agenda.add_item, who="actor", tg=CHAIR, meeting_id=meeting.id,
                       title="临时动议")
    assert isinstance(closed, Refused) and closed.template == "meetings/agenda_closed"
    assert await snapshot(db) == before
    assert all(i.state == ItemState.pending for i in await items_of(db, meeting))
    summary = await act(db, attendance.attendance, tg=CHAIR, meeting_id=meeting.id)
    assert isinstance(summary, Done) and summary.value.quorate
