"""Use cases of a vote on a major matter: open it, cast and change ballots, remind
those who have not voted, close it exactly once, and verify a receipt. Each runs in
the caller's transaction and returns Done or Refused; nothing here renders text."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit, disclosures, files, matters, receipts
from models.community import Community
from models.community_file import Community as CommunityFile
from models.disclosures import DisclosureEntry, DisclosureKind
from models.matters import (
    BODY_MAX,
    OPTION_MAX,
    TITLE_MAX,
    Ballot,
    Matter,
    MatterReminder,
    MatterState,
    MatterVoter,
)
from models.notices import Button, Media, Notifier
from models.outcomes import Done, Outcome, Refused
from models.people import Person, RegistrationStatus, RoleGrant, roles_of, with_role
from models.roles import Role
from models.vote_rules import (
    CHOICE_MAX,
    CHOICE_MIN,
    MatterKind,
    PassRule,
    Result,
    result,
    share,
    tally,
)

# Building blocks of the ballot message's buttons, filled in by the handler layer: the
# payload classes live with the handlers, so use cases receive them ready-made.
BallotButtons = Callable[[Matter, Ballot | None], list[list[Button]]]


@dataclass
class Draft:
    """What the committee member entered in /newmatter."""

    title: str
    body: str
    kind: MatterKind
    closes_at: datetime
    opens_at: datetime | None = None  # None: now
    choices: list[str] = field(default_factory=list)
    recall_target: str | None = None
    area: str | None = None
    secret: bool = False
    pass_rule: PassRule | None = None  # None: the community's default for the kind
    attachments: list[dict[str, Any]] = field(default_factory=list)
    proposal_id: int | None = None


Check = Callable[[str], Refused | None]


def check_title(text: str) -> Refused | None:
    if not text.strip() or len(text.strip()) > TITLE_MAX:
        return Refused("voting/bad_title", {"limit": TITLE_MAX})
    return None


def check_body(text: str) -> Refused | None:
    if not text.strip() or len(text.strip()) > BODY_MAX:
        return Refused("voting/bad_body", {"limit": BODY_MAX})
    return None


def check_target(text: str) -> Refused | None:
    if not text.strip() or len(text.strip()) > OPTION_MAX:
        return Refused("voting/bad_target", {"limit": OPTION_MAX})
    return None


def parse_choices(text: str) -> list[str] | Refused:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not CHOICE_MIN <= len(lines) <= CHOICE_MAX or any(len(x) > OPTION_MAX for x in lines) \
            or len(set(lines)) != len(lines):
        return Refused("voting/bad_choices", {"least": CHOICE_MIN, "most": CHOICE_MAX,
                                              "limit": OPTION_MAX})
    return lines


def default_rule(config: CommunityFile, kind: MatterKind) -> PassRule:
    votes = config.votes
    return PassRule(votes.recall_pass_rule if kind == MatterKind.recall else votes.pass_rule)


def check_times(opens_at: datetime, closes_at: datetime, now: datetime) -> Refused | None:
    if closes_at <= now:
        return Refused("voting/in_the_past")
    if opens_at < now - timedelta(minutes=1):
        return Refused("voting/in_the_past")
    if closes_at <= opens_at + timedelta(minutes=30):
        return Refused("voting/too_short")
    return None


async def create(session: AsyncSession, *, author: Person, community: Community, draft: Draft,
                 now: datetime) -> Outcome[Matter]:
    """A committee member's new matter, scheduled to open at its time (now by default)."""
    if Role.committee not in await _roles(session, author):
        return Refused("common/not_allowed")
    opens_at = draft.opens_at or now
    if refusal := check_times(opens_at, draft.closes_at, now):
        return refusal
    config = community.config
    if draft.area is not None and all(a.code != draft.area for a in config.areas):
        return Refused("voting/unknown_area")
    matter = Matter(
        community_id=community.id or 0, title=draft.title.strip(), body=draft.body.strip(),
        kind=draft.kind, choices=draft.choices, recall_target=draft.recall_target,
        attachments=draft.attachments, area=draft.area, secret=draft.secret,
        may_change=config.votes.allow_change, quorum=config.votes.quorum,
        pass_rule=draft.pass_rule or default_rule(config, draft.kind),
        reminder_hours=sorted(config.votes.reminder_hours, reverse=True),
        opens_at=opens_at, closes_at=draft.closes_at, salt=receipts.new_salt(),
        proposal_id=draft.proposal_id, created_by_id=author.id or 0)
    session.add(matter)
    await session.flush()
    await audit.record(session, action="matter.created", subject_type="matter",
                       subject_id=matter.id, actor_id=author.id,
                       details={"kind": matter.kind.value, "secret": matter.secret,
                                "opens_at": opens_at.isoformat(),
                                "closes_at": matter.closes_at.isoformat(),
                                "pass_rule": matter.pass_rule.value, "quorum": matter.quorum,
                                "area": matter.area, "proposal": matter.proposal_id})
    return Done(matter)


async def _roles(session: AsyncSession, person: Person) -> frozenset[Role]:
    return await roles_of(session, person.id or 0)


async def electorate(session: AsyncSession, matter: Matter) -> list[Person]:
    """The community's approved representatives (of the matter's area, if it has one)."""
    query = (select(Person).join(RoleGrant, col(RoleGrant.person_id) == col(Person.id))
             .where(RoleGrant.role == Role.representative,
                    Person.community_id == matter.community_id,
                    Person.status == RegistrationStatus.approved)
             .order_by(col(Person.id)).distinct())
    if matter.area is not None:
        query = query.where(Person.area == matter.area)
    return list((await session.exec(query)).all())


async def due_to_open(session: AsyncSession, now: datetime) -> list[int]:
    query = (select(Matter.id).where(Matter.state == MatterState.scheduled,
                                     Matter.opens_at <= now).order_by(col(Matter.id)))
    return [i for i in (await session.exec(query)).all() if i is not None]


async def open_matter(session: AsyncSession, matter_id: int, *, notify: Notifier,
                      buttons: BallotButtons) -> Matter | None:
    """scheduled -> open: freeze the electorate and send each voter a ballot. None when
    another worker opened it first."""
    matter = await session.get(Matter, matter_id)
    if matter is None or not await _move(session, matter, MatterState.scheduled,
                                         MatterState.open):
        return None
    voters = await electorate(session, matter)
    if voters:
        await session.exec(sa.insert(MatterVoter).values(  # type: ignore[call-overload]
            [{"matter_id": matter.id, "person_id": p.id} for p in voters]))
    await audit.record(session, action="matter.opened", subject_type="matter",
                       subject_id=matter.id, details={"electorate": len(voters)})
    media = [Media.from_dict(a) for a in matter.attachments]
    for voter in voters:
        notify(voter, "voting/ballot", matter=matter, ballot=None,
               buttons=buttons(matter, None), media=media or None)
    return matter


async def _move(session: AsyncSession, matter: Matter, before: MatterState,
                after: MatterState, **values: Any) -> bool:
    """The guarded transition: true for exactly one caller, however many try at once."""
    moved = await session.exec(
        update(Matter).where(col(Matter.id) == matter.id, col(Matter.state) == before)
        .values(state=after, **values).execution_options(synchronize_session=False))
    if moved.rowcount != 1:
        return False
    await session.refresh(matter)
    return True


async def check_ballot(session: AsyncSession, *, voter: Person, matter_id: int, option: int,
                       now: datetime) -> Matter | Refused:
    """May this person vote for this option now? Checked at the press and again at the
    confirmation, since a button can be pressed long after it was sent."""
    matter = await session.get(Matter, matter_id)
    if matter is None or matter.community_id != voter.community_id:
        return Refused("voting/not_found")
    if not 0 <= option < len(matter.options):
        return Refused("common/stale_button")
    if matter.state == MatterState.scheduled:  # the sweep opens it at opens_at
        return Refused("voting/not_open_yet", {"matter": matter})
    if not await matters.is_voter(session, matter_id, voter.id or 0):
        return Refused("voting/not_in_electorate", {"matter": matter})
    if matter.state == MatterState.closed or now >= matter.closes_at:
        return Refused("voting/closed", {"matter": matter})
    return matter


@dataclass(frozen=True)
class Cast:
    ballot: Ballot
    changed: bool  # False: the same choice again (a double press), nothing recorded


async def cast(session: AsyncSession, *, voter: Person, matter_id: int, option: int,
               now: datetime) -> Outcome[Cast]:
    """Record a confirmed ballot. Two presses at once make one ballot: the second finds
    the first (or loses the race for its version key) and changes nothing."""
    checked = await check_ballot(session, voter=voter, matter_id=matter_id, option=option,
                                 now=now)
    if isinstance(checked, Refused):
        return checked
    matter = checked
    code = matter.options[option]
    latest = await matters.latest_ballot(session, matter_id, voter.id or 0)
    if latest is not None and latest.option == code:
        return Done(Cast(latest, changed=False))
    if latest is not None and not matter.may_change:
        return Refused("voting/no_changes", {"matter": matter})
    version = latest.version + 1 if latest else 1
    ballot = Ballot(matter_id=matter_id, voter_id=voter.id or 0, version=version, option=code,
                    receipt=receipts.receipt(matter.salt, matter_id, voter.id or 0, version,
                                             code), cast_at=now)
    try:
        async with session.begin_nested():
            session.add(ballot)
    except IntegrityError:
        # A simultaneous press took this version first: that ballot stands.
        winner = await matters.latest_ballot(session, matter_id, voter.id or 0)
        assert winner is not None
        return Done(Cast(winner, changed=False))
    # A secret ballot's audit entry says only that a ballot was cast: with the receipt
    # or the option, the audit log would name how each person voted.
    details: dict[str, Any] = {"version": version}
    if not matter.secret:
        details |= {"option": code, "receipt": ballot.receipt}
    await audit.record(session, action="ballot.changed" if latest else "ballot.cast",
                       subject_type="matter", subject_id=matter_id, actor_id=voter.id,
                       details=details)
    return Done(Cast(ballot, changed=True))


async def open_ids(session: AsyncSession, now: datetime) -> list[int]:
    query = select(Matter.id).where(Matter.state == MatterState.open, Matter.closes_at > now)
    return [i for i in (await session.exec(query)).all() if i is not None]


async def remind(session: AsyncSession, matter_id: int, *, now: datetime, notify: Notifier,
                 buttons: BallotButtons) -> int:
    """Remind voters who have not voted, once per configured offset before the close.
    When several offsets fell due together (the bot was down) only one reminder goes."""
    matter = await session.get(Matter, matter_id)
    if matter is None or matter.state != MatterState.open:
        return 0
    due = [h for h in matter.reminder_hours
           if matter.opens_at < matter.closes_at - timedelta(hours=h) <= now]
    if not due or not await _claim_reminders(session, matter, due, now):
        return 0
    voted = await matters.voted_ids(session, matter_id)
    waiting = [i for i in await matters.voter_ids(session, matter_id) if i not in voted]
    people = (await session.exec(select(Person).where(col(Person.id).in_(waiting)))).all()
    for person in people:
        notify(person, "voting/reminder", matter=matter, hours=min(due),
               buttons=buttons(matter, None))
    return len(people)


async def _claim_reminders(session: AsyncSession, matter: Matter, hours: list[int],
                           now: datetime) -> bool:
    """Record the due reminders; false if they were all sent already."""
    done = set((await session.exec(select(MatterReminder.hours_before).where(
        MatterReminder.matter_id == matter.id))).all())
    fresh = [h for h in hours if h not in done]
    if not fresh:
        return False
    try:
        async with session.begin_nested():
            for hour in fresh:
                session.add(MatterReminder(matter_id=matter.id or 0, hours_before=hour,
                                           sent_at=now))
    except IntegrityError:
        return False  # another worker is sending them
    return min(fresh) == min(hours)


@dataclass(frozen=True)
class Closed:
    matter: Matter
    result: Result
    receipts: dict[str, list[str]]  # option -> receipt codes counted for it
    roll_call: list[tuple[str, str]]  # (name, option) for open ballots; empty if secret
    disclosure: DisclosureEntry


Chart = Callable[[Matter, Result], Awaitable[bytes]]
Render = Callable[[str, dict[str, Any]], str]


async def due_to_close(session: AsyncSession, now: datetime) -> list[int]:
    query = (select(Matter.id).where(Matter.state == MatterState.open, Matter.closes_at <= now)
             .order_by(col(Matter.id)))
    return [i for i in (await session.exec(query)).all() if i is not None]


async def close_matter(session: AsyncSession, matter_id: int, *, now: datetime,
                       notify: Notifier, chart: Chart, render: Render) -> Closed | None:
    """open -> closed, exactly once however many workers try: count the last ballot of
    each voter, decide, publish the result with its chart and receipts, and send it to
    every voter and to the committee. None when it was not due or already closed."""
    matter = await session.get(Matter, matter_id)
    if matter is None or matter.closes_at > now or not await _move(
            session, matter, MatterState.open, MatterState.closed, closed_at=now):
        return None
    return await _conclude(session, matter, notify, chart, render)


async def _conclude(session: AsyncSession, matter: Matter, notify: Notifier, chart: Chart,
                    render: Render) -> Closed:
    rows = await matters.ballots(session, matter.id or 0)
    voters = await matters.voter_ids(session, matter.id or 0)
    counts = tally(matters.casts(rows), matter.options)
    outcome = result(matter.kind, counts, len(voters), quorum=share(matter.quorum),
                     rule=matter.pass_rule)
    counted = {b.voter_id: b for b in rows}  # ordered by id: the last version wins
    by_option: dict[str, list[str]] = {o: [] for o in matter.options}
    for ballot in counted.values():
        by_option[ballot.option].append(ballot.receipt)
    for codes in by_option.values():
        codes.sort()  # published in code order: the order of voting would identify voters
    roll_call: list[tuple[str, str]] = []
    if not matter.secret:
        names = {p.id: p.name or p.display_name for p in (await session.exec(
            select(Person).where(col(Person.id).in_(list(counted))))).all()}
        roll_call = sorted((names.get(v, "?"), b.option) for v, b in counted.items())
    matter.result = {"counts": counts, "cast": outcome.cast, "electorate": outcome.electorate,
                     "quorum_met": outcome.quorum_met, "passed": outcome.passed,
                     "winner": outcome.winner, "receipts": by_option}
    image = await chart(matter, outcome)
    stored = await _store_chart(session, matter, image)
    params = {"matter": matter, "result": outcome, "receipts": list(by_option.items()),
              "roll_call": roll_call}
    entry = await disclosures.publish(
        session, community_id=matter.community_id, author=None,
        kind=DisclosureKind.vote_result, title=f"{matter.number} {matter.title}",
        body=render("voting/disclosure", params), proposal_id=matter.proposal_id,
        matter_id=matter.id, media=[Media("photo", stored_file_id=stored)])
    await audit.record(session, action="matter.closed", subject_type="matter",
                       subject_id=matter.id,
                       details={"counts": counts, "cast": outcome.cast,
                                "electorate": outcome.electorate,
                                "passed": outcome.passed, "disclosure": entry.id})
    recipients = {p.id: p for p in await with_role(session, matter.community_id,
                                                     Role.committee)}
    for person in (await session.exec(select(Person).where(col(Person.id).in_(voters)))).all():
        recipients[person.id] = person
    photo = [Media("photo", stored_file_id=stored)]
    for person in recipients.values():
        notify(person, "voting/result", matter=matter, result=outcome, media=photo)
    return Closed(matter, outcome, by_option, roll_call, entry)


async def _store_chart(session: AsyncSession, matter: Matter, image: bytes) -> int:
    stored = await files.store(session, name=f"{matter.number}.png", content_type="image/png",
                               data=image)
    return stored.id or 0


@dataclass(frozen=True)
class Verification:
    matter: Matter
    ballot: Ballot
    counted: bool  # the voter's last ballot (a replaced one does not count)


async def verify(session: AsyncSession, code: str) -> Verification | None:
    ballot = await matters.by_receipt(session, code)
    if ballot is None:
        return None
    matter = await session.get(Matter, ballot.matter_id)
    latest = await matters.latest_ballot(session, ballot.matter_id, ballot.voter_id)
    assert matter is not None and latest is not None
    return Verification(matter, ballot, counted=latest.id == ballot.id)
