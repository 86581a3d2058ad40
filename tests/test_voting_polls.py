"""Opinion polls (征求意见): counted and published, deciding nothing. The tally of a poll
carries no verdict; a voter's comment is kept once (the first; a second is refused) and
only from one who voted, before the close; published without names in text order; a
poll never moves a proposal."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.app import Database
from chat.render import Renderer
from models.community import all_communities
from models.outcomes import Done, Refused
from models.people.persons import Person, by_telegram_id
from models.people.roles import Role
from models.proposals.stages import Stage
from models.voting import ballots as ballot_actions
from models.voting import closing, comments
from models.voting import setup as matter_actions
from models.voting.matters import Matter
from models.voting.setup import Draft
from models.voting.tally import MatterKind, PassRule, Result, option_codes, result, share
from tests.factories import residents
from tests.test_proposals_binding import accepted, events, stage_of

CHAIR = 1001
quiet = lambda *args, **kwargs: None  # noqa: E731  (a notifier that sends nothing)


@given(st.lists(st.integers(0, 50), min_size=2, max_size=8), st.integers(0, 400),
       st.sampled_from(list(PassRule)))
def test_a_polls_tally_carries_no_verdict(counts: list[int], extra: int,
                                          rule: PassRule) -> None:
    codes = option_codes(MatterKind.poll, len(counts))
    assert codes == tuple(str(i) for i in range(1, len(counts) + 1))
    outcome = result(MatterKind.poll, dict(zip(codes, counts, strict=True)),
                     sum(counts) + extra, quorum=share(0.5), rule=rule)
    assert not outcome.decides and not outcome.passed and not outcome.quorum_met
    assert outcome.winner is None
    assert outcome.cast == sum(counts)
    assert [(o, n) for o, n, _ in outcome.shares] == outcome.rows


def test_a_polls_shares_are_whole_percents_of_the_ballots_cast() -> None:
    outcome = result(MatterKind.poll, {"1": 2, "2": 1, "3": 0}, 10, quorum=share(0.5),
                     rule=PassRule.cast_majority)
    assert outcome.shares == [("1", 2, 67), ("2", 1, 33), ("3", 0, 0)]
    empty = result(MatterKind.poll, {"1": 0, "2": 0}, 10, quorum=share(0.5),
                   rule=PassRule.cast_majority)
    assert empty.shares == [("1", 0, 0), ("2", 0, 0)]


def test_a_unanimous_choice_decides_where_the_same_poll_does_not() -> None:
    counts = {"1": 9, "2": 0}
    choice = result(MatterKind.choice, counts, 10, quorum=share(0.5),
                    rule=PassRule.cast_majority)
    poll = result(MatterKind.poll, counts, 10, quorum=share(0.5),
                  rule=PassRule.cast_majority)
    assert choice.decides and choice.passed and choice.winner == "1"
    assert not poll.decides and not poll.passed and poll.winner is None


async def open_poll(db: Database, voters: int, *, proposal_id: int | None = None,
                    first_id: int = 52000) -> tuple[int, list[Person]]:
    """A poll of `voters` representatives, opened now; its id and its voters."""
    ids = await residents(db, voters, first_id=first_id, role=Role.representative)
    now = db.clock.now()
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        draft = Draft(title="车棚位置", body="征求意见", kind=MatterKind.poll,
                      choices=["东门", "西门"], closes_at=now + timedelta(days=1),
                      proposal_id=proposal_id)
        # insert, not create: create refuses a poll on a proposal (below), but a row
        # with one must still move nothing.
        matter = await matter_actions.insert(session, author_id=1, community=community,
                                             draft=draft, opens_at=now, now=now)
        await matter_actions.open_matter(session, matter.id or 0, notify=quiet,
                                         buttons=lambda m, b: [], now=now)
        people = [p for i in ids if (p := await by_telegram_id(session, i)) is not None]
    return matter.id or 0, people


async def cast(db: Database, voter: Person, matter_id: int, option: int) -> None:
    async with db.sessionmaker() as session, session.begin():
        assert isinstance(await ballot_actions.cast(session, voter=voter, matter_id=matter_id,
                                                    option=option, now=db.clock.now()), Done)


async def comment(db: Database, voter: Person, matter_id: int, text: str, *,
                  at: datetime | None = None) -> Done[Matter] | Refused:
    async with db.sessionmaker() as session, session.begin():
        return await comments.add(session, voter=voter, matter_id=matter_id, text=text,
                                  now=at or db.clock.now())


async def published(db: Database, matter_id: int) -> list[str]:
    async with db.sessionmaker() as session:
        return await comments.published(session, matter_id)


async def test_a_voters_first_comment_is_kept_and_a_second_refused(db: Database) -> None:
    matter_id, (first, second, silent) = await open_poll(db, 3)
    await cast(db, first, matter_id, 0)
    await cast(db, second, matter_id, 1)
    assert isinstance(await comment(db, first, matter_id, "  西门太窄  "), Done)
    again = await comment(db, first, matter_id, "改主意了")
    assert isinstance(again, Refused) and again.template == "voting/comment_exists"
    assert isinstance(await comment(db, second, matter_id, "东门好"), Done)
    # One who did not vote may not comment, nor may anyone with an empty or long text.
    refused = await comment(db, silent, matter_id, "我也说两句")
    assert isinstance(refused, Refused) and refused.template == "voting/comment_not_voted"
    await cast(db, silent, matter_id, 0)
    for text in ("   ", "长" * (comments.COMMENT_MAX + 1)):
        bad = await comment(db, silent, matter_id, text)
        assert isinstance(bad, Refused) and bad.template == "voting/bad_comment"
    # In text order, not the order they came in: that could tell who wrote which.
    assert await published(db, matter_id) == sorted(["西门太窄", "东门好"])


async def test_no_comment_after_the_close_nor_on_a_matter_that_is_not_a_poll(
        db: Database) -> None:
    matter_id, (voter, *_) = await open_poll(db, 2)
    await cast(db, voter, matter_id, 0)
    late = await comment(db, voter, matter_id, "晚了", at=db.clock.now() + timedelta(days=2))
    assert isinstance(late, Refused) and late.template == "voting/comments_closed"
    async with db.sessionmaker() as session, session.begin():
        matter = await session.get(Matter, matter_id)
        assert matter is not None
        matter.kind = MatterKind.choice
    other = await comment(db, voter, matter_id, "说明")
    assert isinstance(other, Refused) and other.template == "voting/not_found"


async def test_a_poll_is_refused_for_a_proposal_and_never_moves_one(
        db: Database, renderer: Renderer) -> None:
    proposal = await accepted(db, "environment")
    now = db.clock.now()
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        chair = await by_telegram_id(session, CHAIR)
        assert chair is not None
        refused = await matter_actions.create(
            session, author=chair, community=community, now=now,
            draft=Draft(title="意见", body="说明", kind=MatterKind.poll, choices=["甲", "乙"],
                        closes_at=now + timedelta(days=1), proposal_id=proposal.id))
    assert isinstance(refused, Refused) and refused.template == "voting/poll_decides_nothing"
    before = await events(db, proposal.id or 0)
    matter_id, voters = await open_poll(db, 3, proposal_id=proposal.id)
    for voter in voters:
        await cast(db, voter, matter_id, 0)  # unanimous: a choice would carry it

    async def chart(matter: Matter, outcome: Result) -> bytes:
        return b"png"

    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        matter = await session.get(Matter, matter_id)
        assert matter is not None
        closed = await closing.close_matter(
            session, matter_id, now=matter.closes_at, notify=quiet, chart=chart,
            render=lambda name, params: renderer.render("zh", name, community=community,
                                                        zone=community.config.timezone,
                                                        **params))
    assert closed is not None and not closed.result.decides
    assert closed.disclosure.kind == "poll_result"
    assert (await stage_of(db, proposal.id or 0)).stage == Stage.accepted
    assert await events(db, proposal.id or 0) == before
