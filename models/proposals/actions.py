"""Use cases of proposals: submitting, supporting, lapsing, and the committee's path
from review to the two disclosures. Each checks who acts and in which stage, changes
rows, queues notifications, audits, and returns an outcome."""

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.board import disclosures
from models.board.disclosures import DisclosureKind
from models.community import Community
from models.messages import Notifier
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person, roles_of, with_role
from models.people.roles import Role
from models.periodic import Work
from models.proposals import deadlines, path
from models.proposals.proposals import (
    ATTACHMENTS_MAX,
    DESCRIPTION_MAX,
    TITLE_MAX,
    Proposal,
    ProposalEvent,
    Support,
    support_count,
    supporters,
)
from models.proposals.stages import OPEN_FOR_SUPPORT, Stage, may_move

REASON_MAX = 500


def check_title(text: str) -> Refused | None:
    if not text.strip() or len(text.strip()) > TITLE_MAX:
        return Refused("proposals/bad_title", {"limit": TITLE_MAX, "length": len(text.strip())})
    return None


def check_description(text: str) -> Refused | None:
    if not text.strip() or len(text.strip()) > DESCRIPTION_MAX:
        return Refused("proposals/bad_description",
                       {"limit": DESCRIPTION_MAX, "length": len(text.strip())})
    return None


async def submit(
    session: AsyncSession, *, author: Person, community: Community, title: str,
    description: str, topic: str | None, attachments: list[dict[str, Any]], notify: Notifier,
    now: datetime,
) -> Outcome[Proposal]:
    """File a proposal; it collects supports until its threshold or its deadline."""
    refusal = check_title(title) or check_description(description)
    if refusal:
        return refusal
    if len(attachments) > ATTACHMENTS_MAX:
        return Refused("proposals/too_many_files", {"limit": ATTACHMENTS_MAX})
    rules = community.config.proposals
    by_representative = Role.representative in await roles_of(session, author.id or 0)
    needed = rules.representative_cosigns if by_representative else rules.resident_supports
    proposal = Proposal(
        community_id=community.id or 0, author_id=author.id or 0, title=title.strip(),
        description=description.strip(), topic=topic, attachments=attachments,
        major=any(t.major for t in rules.topics if t.code == topic),
        by_representative=by_representative, needed=needed,
        support_deadline=now + timedelta(days=rules.support_days), created_at=now,
        updated_at=now)
    session.add(proposal)
    await session.flush()
    await add_event(session, proposal, author, "submitted", now=now)
    if needed == 0:
        await _reach_review(session, proposal, notify, now)
    return Done(proposal)


async def support(session: AsyncSession, *, person: Person, proposal_id: int,
                  notify: Notifier, now: datetime) -> Outcome[Proposal]:
    """附议: once per person, never one's own, only while the proposal collects."""
    proposal = await session.get(Proposal, proposal_id, with_for_update=True)
    if proposal is None or proposal.community_id != person.community_id:
        return Refused("proposals/not_found")
    if proposal.stage not in OPEN_FOR_SUPPORT:
        return Refused("proposals/not_open", {"proposal": proposal})
    if proposal.author_id == person.id:
        return Refused("proposals/own_proposal")
    if (person.id or 0) in await supporters(session, proposal_id):
        return Refused("proposals/already_supported", {"proposal": proposal})
    representative = Role.representative in await roles_of(session, person.id or 0)
    session.add(Support(proposal_id=proposal_id, person_id=person.id or 0,
                        as_representative=representative, created_at=now))
    await session.flush()
    if await support_count(session, proposal) >= proposal.needed:
        await _reach_review(session, proposal, notify, now)
    return Done(proposal)


async def _reach_review(session: AsyncSession, proposal: Proposal, notify: Notifier,
                        now: datetime) -> None:
    await move_stage(session, proposal, Stage.under_review, None, "threshold_reached", now=now)
    for member in await with_role(session, proposal.community_id, Role.committee):
        notify(member, "proposals/for_review", proposal=proposal)
    await tell_author(session, proposal, notify, "proposals/reached_review")


async def lapse_due(session: AsyncSession, *, now: datetime, notify: Notifier) -> int:
    """collecting -> lapsed for proposals past their deadline; each author is told once."""
    query = (select(Proposal).where(Proposal.stage == Stage.collecting,
                                    col(Proposal.support_deadline) <= now)
             .with_for_update(skip_locked=True))
    lapsed = 0
    for proposal in (await session.exec(query)).all():
        if proposal.stage != Stage.collecting:  # moved meanwhile (SQLite has no row locks)
            continue
        await move_stage(session, proposal, Stage.lapsed, None, "lapsed", now=now)
        await tell_author(session, proposal, notify, "proposals/lapsed")
        lapsed += 1
    return lapsed


async def review(
    session: AsyncSession, *, reviewer: Person, proposal_id: int, target: Stage,
    reason: str | None, notify: Notifier, now: datetime, merge_into: int | None = None,
) -> Outcome[Proposal]:
    """The committee's decision on a proposal under review: accept, return, reject, merge."""
    proposal, refusal = await for_committee(session, reviewer, proposal_id)
    if refusal:
        return refusal
    assert proposal is not None
    if target in (Stage.returned, Stage.rejected) and not (reason or "").strip():
        return Refused("proposals/reason_needed")
    if reason and len(reason) > REASON_MAX:
        return Refused("proposals/reason_too_long", {"limit": REASON_MAX})
    details: dict[str, Any] = {}
    if target == Stage.merged:
        other = await session.get(Proposal, merge_into or 0, with_for_update=True)
        if (other is None or other.id == proposal.id or other.community_id !=
                proposal.community_id or other.stage not in (Stage.collecting,
                                                            Stage.under_review, Stage.accepted)):
            return Refused("proposals/bad_merge_target")
        await _carry_supporters(session, proposal, other, now)
        proposal.merged_into_id = other.id
        details = {"into": other.number}
    moved = await move_stage(session, proposal, target, reviewer, target.value, reason, details,
                        now=now)
    if moved:
        return moved
    await tell_author(session, proposal, notify, f"proposals/{target.value}", reason=reason)
    return Done(proposal)


async def decide(session: AsyncSession, *, reviewer: Person, proposal_id: int,
                 text: str, notify: Notifier, now: datetime) -> Outcome[Proposal]:
    """Record a typed resolution, for a matter that is not major (a major one is decided
    only by its vote: models/proposals/binding.py); it then awaits its disclosure."""
    return await _record_text(session, reviewer, proposal_id, Stage.decided, text,
                              notify, "resolution", now)


async def record_implementation(session: AsyncSession, *, reviewer: Person, proposal_id: int,
                                text: str, notify: Notifier,
                                now: datetime) -> Outcome[Proposal]:
    """Record how the resolution was carried out; it then awaits its disclosure."""
    return await _record_text(session, reviewer, proposal_id, Stage.implemented, text,
                              notify, "implementation", now)


async def disclose(session: AsyncSession, *, reviewer: Person, proposal_id: int,
                   notify: Notifier, now: datetime) -> Outcome[Proposal]:
    """Publish the resolution, or later the implementation result, on the board."""
    proposal, refusal = await for_committee(session, reviewer, proposal_id)
    if refusal:
        return refusal
    assert proposal is not None
    if proposal.stage == Stage.decided:
        kind, body, target = DisclosureKind.resolution, proposal.resolution, \
            Stage.resolution_disclosed
    elif proposal.stage == Stage.implemented:
        kind, body, target = DisclosureKind.implementation, proposal.implementation, \
            Stage.closed
    else:
        return Refused("proposals/wrong_stage", {"proposal": proposal})
    entry = await disclosures.publish(
        session, community_id=proposal.community_id, author=reviewer, kind=kind,
        title=f"{proposal.number} {proposal.title}", body=body or "", proposal_id=proposal.id,
        now=now)
    await move_stage(session, proposal, target, reviewer, f"{kind.value}_disclosed",
                details={"disclosure": entry.id}, now=now)
    await tell_author(session, proposal, notify, "proposals/disclosed", kind=kind.value)
    return Done(proposal)


async def _record_text(session: AsyncSession, reviewer: Person, proposal_id: int,
                       target: Stage, text: str, notify: Notifier,
                       field: str, now: datetime) -> Outcome[Proposal]:
    proposal, refusal = await for_committee(session, reviewer, proposal_id)
    if refusal:
        return refusal
    assert proposal is not None
    if target == Stage.decided and proposal.major:
        return Refused("proposals/major_needs_vote", {"proposal": proposal})
    if target == Stage.decided and (refusal := await _path_refusal(session, proposal)):
        return refusal
    if check_description(text):
        return Refused("proposals/bad_text", {"limit": DESCRIPTION_MAX})
    # A typed resolution says so in the record: only a matter that is not major has one.
    moved = await move_stage(session, proposal, target, reviewer, target.value, text.strip(),
                             {"by_vote": False} if target == Stage.decided else None, now=now)
    if moved:
        return moved
    setattr(proposal, field, text.strip())
    await tell_author(session, proposal, notify, f"proposals/{target.value}", reason=text)
    return Done(proposal)


async def _path_refusal(session: AsyncSession, proposal: Proposal) -> Refused | None:
    """A decision waits for every required deliberation of the path (四议)."""
    community = await session.get(Community, proposal.community_id)
    return await path.decision_refusal(session, community.config.proposals, proposal) \
        if community else None


async def for_committee(session: AsyncSession, reviewer: Person,
                         proposal_id: int) -> tuple[Proposal | None, Refused | None]:
    if Role.committee not in await roles_of(session, reviewer.id or 0):
        return None, Refused("common/not_allowed")
    proposal = await session.get(Proposal, proposal_id, with_for_update=True)
    if proposal is None or proposal.community_id != reviewer.community_id:
        return None, Refused("proposals/not_found")
    return proposal, None


async def move_stage(session: AsyncSession, proposal: Proposal, target: Stage, actor: Person | None,
                kind: str, note: str | None = None,
                details: dict[str, Any] | None = None, *, now: datetime) -> Refused | None:
    """The one place a stage changes: refused unless the state machine allows it."""
    if not may_move(proposal.stage, target):
        return Refused("proposals/wrong_stage", {"proposal": proposal})
    before = proposal.stage
    proposal.stage, proposal.updated_at = target, now
    if community := await session.get(Community, proposal.community_id):
        deadlines.follow(proposal, community.config.proposals, now)
    await add_event(session, proposal, actor, kind, note, details, now=now)
    await audit.record(session, action=f"proposal.{target.value}", subject_type="proposal",
                       subject_id=proposal.id, actor_id=actor.id if actor else None,
                       details={"from": before.value, "note": note, **(details or {})},
                       community_id=proposal.community_id, now=now)
    return None


async def add_event(session: AsyncSession, proposal: Proposal, actor: Person | None, kind: str,
                 note: str | None = None, details: dict[str, Any] | None = None, *,
                 now: datetime) -> None:
    session.add(ProposalEvent(proposal_id=proposal.id or 0, actor_id=actor.id if actor else None,
                              kind=kind, note=note, details=details or {}, at=now))
    await session.flush()


async def _carry_supporters(session: AsyncSession, source: Proposal, target: Proposal,
                            now: datetime) -> None:
    already = set(await supporters(session, target.id or 0)) | {target.author_id}
    for person_id in {*await supporters(session, source.id or 0), source.author_id} - already:
        representative = Role.representative in await roles_of(session, person_id)
        session.add(Support(proposal_id=target.id or 0, person_id=person_id,
                            as_representative=representative, created_at=now))
    await session.flush()


async def tell_author(session: AsyncSession, proposal: Proposal, notify: Notifier,
                       template: str, **params: Any) -> None:
    author = await session.get(Person, proposal.author_id)
    if author is not None:
        notify(author, template, proposal=proposal, **params)


async def lapse(work: Work) -> int:
    """The scheduler's part: lapse what is due, in one transaction."""
    async with work.sessionmaker() as session, session.begin():
        return await lapse_due(session, now=work.now, notify=work.notifier(session, None))
