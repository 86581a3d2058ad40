"""/review: the committee takes proposals from review through deliberation and decision
to the two disclosures (四议两公开)."""

from collections.abc import Callable
from datetime import date

from chat.context import Context
from chat.dialogue import Question, Then
from chat.router import Router
from handlers.proposals.buttons import (
    Deliberation,
    Disclose,
    MarkMajor,
    MergeInto,
    RecordText,
    ReviewDecision,
)
from handlers.proposals.review_drafting import REVIEW, Review, ReviewDraft
from handlers.voting.buttons import MatterFromProposal
from models.community_file import ProposalRules
from models.messages import Button, Markup
from models.outcomes import Refused
from models.people.roles import Role
from models.proposals import actions as proposal_actions
from models.proposals import binding, deliberation, path, proposals
from models.proposals.proposals import Proposal
from models.proposals.stages import Stage

router = Router("review")
COMMITTEE = {Role.committee}
LISTED = frozenset({Stage.under_review, Stage.accepted, Stage.decided,
                    Stage.resolution_disclosed, Stage.implemented})
NEEDS_REASON = {Stage.returned, Stage.rejected}


@router.command("review", roles=COMMITTEE, registered=True)
async def cmd_review(ctx: Context) -> None:
    assert ctx.community is not None
    listed = await proposals.in_stages(ctx.session, ctx.community.id or 0, LISTED)
    if not listed:
        ctx.reply("review/none")
        return
    rules = ctx.community.config.proposals
    for proposal in listed:
        ctx.reply("review/item", proposal=proposal, buttons=actions_for(proposal, rules),
                  supports=await proposals.support_count(ctx.session, proposal),
                  events=await proposals.history(ctx.session, proposal.id or 0),
                  path=path.standing(rules, await path.recorded(ctx.session, proposal.id or 0)))


def actions_for(proposal: Proposal, rules: ProposalRules) -> Markup:
    major = [] if proposal.major or proposal.stage not in binding.MARKABLE else [
        [Button(label="review.mark_major", data=MarkMajor(proposal.id or 0).pack())]]
    return _actions_for(proposal, rules) + major


def _actions_for(proposal: Proposal, rules: ProposalRules) -> list[list[Button]]:
    pid = proposal.id or 0
    if proposal.stage == Stage.under_review:
        return [[Button(label=f"review.{s}", data=ReviewDecision(pid, s).pack())
                 for s in (Stage.accepted, Stage.merged)],
                [Button(label=f"review.{s}", data=ReviewDecision(pid, s).pack())
                 for s in (Stage.returned, Stage.rejected)]]
    if proposal.stage == Stage.accepted:
        return [[Button(text=step.name, data=Deliberation(pid, step.code).pack())
                 for step in rules.path[i:i + 3]] for i in range(0, len(rules.path), 3)] + [
                [Button(label="review.step_hearing",
                        data=Deliberation(pid, path.HEARING).pack())],
                [Button(label="review.decided", data=RecordText(pid, "decided").pack())],
                [Button(label="voting.put_to_vote", data=MatterFromProposal(pid).pack())]]
    if proposal.stage == Stage.resolution_disclosed:
        return [[Button(label="review.implemented",
                        data=RecordText(pid, "implemented").pack())]]
    return [[Button(label=f"review.disclose_{proposal.stage.value}",
                    data=Disclose(pid).pack())]]


@router.callback(MarkMajor, roles=COMMITTEE, registered=True)
async def on_mark_major(ctx: Context, pick: MarkMajor) -> None:
    outcome = await binding.mark_major(ctx.session, reviewer=ctx.person,
                                       proposal_id=pick.proposal_id, now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        return
    ctx.answer("review/marked_major", alert=True, proposal=outcome.value)


@router.callback(ReviewDecision, roles=COMMITTEE, registered=True)
async def on_decision(ctx: Context, pick: ReviewDecision) -> None:
    target = pick.stage
    if target == Stage.merged:
        await ask_merge_target(ctx, pick.proposal_id)
    elif target in NEEDS_REASON:
        ctx.answer()
        REVIEW.start(ctx, ReviewDraft(proposal_id=pick.proposal_id, target=target),
                     Review.REASON)
    else:
        await apply(ctx, pick.proposal_id, target, None)


async def ask_merge_target(ctx: Context, proposal_id: int) -> None:
    assert ctx.community is not None
    candidates = [p for p in await proposals.in_stages(
        ctx.session, ctx.community.id or 0,
        frozenset({Stage.collecting, Stage.under_review, Stage.accepted}))
        if p.id != proposal_id]
    if not candidates:
        ctx.answer("review/no_merge_target", alert=True)
        return
    ctx.answer()
    ctx.reply("review/ask_merge_target", buttons=[
        [Button(text=f"{p.number} {p.title[:40]}", data=MergeInto(proposal_id, p.id or 0).pack())]
        for p in candidates])


@router.callback(MergeInto, roles=COMMITTEE, registered=True)
async def on_merge(ctx: Context, pick: MergeInto) -> None:
    await apply(ctx, pick.proposal_id, Stage.merged, None, merge_into=pick.target_id)


def ask_reason(ctx: Context, draft: ReviewDraft) -> None:
    assert draft.target is not None  # set by the button that began the step
    ctx.reply(f"review/ask_reason_{draft.target.value}")


async def step_reason(ctx: Context, draft: ReviewDraft) -> None:
    assert draft.target is not None
    await apply(ctx, draft.proposal_id, draft.target, ctx.incoming.text or "")


async def apply(ctx: Context, proposal_id: int, target: Stage, reason: str | None,
                merge_into: int | None = None) -> None:
    outcome = await proposal_actions.review(
        ctx.session, reviewer=ctx.person, proposal_id=proposal_id, target=target,
        reason=reason, notify=ctx.notify, now=ctx.now, merge_into=merge_into)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        return
    ctx.finish()
    ctx.answer()
    ctx.reply("review/done", proposal=outcome.value)


@router.callback(Deliberation, roles=COMMITTEE, registered=True)
async def on_deliberation(ctx: Context, pick: Deliberation) -> None:
    if ctx.community and (refusal := path.step_refusal(
            ctx.community.config.proposals, await path.recorded(ctx.session, pick.proposal_id),
            pick.kind)):
        ctx.refuse(refusal)  # said at the button, before the note is typed
        return
    ctx.answer()
    REVIEW.start(ctx, ReviewDraft(proposal_id=pick.proposal_id, kind=pick.kind), Review.NOTE)


def ask_note(ctx: Context, draft: ReviewDraft) -> None:
    ctx.reply("review/ask_note", kind=draft.kind, name=step_name(ctx, draft.kind or ""))


def step_name(ctx: Context, code: str) -> str | None:
    return path.name_of(ctx.community.config.proposals, code) if ctx.community else None


async def step_note(ctx: Context, draft: ReviewDraft) -> None:
    """A note, optionally starting with the meeting's date: "2026-11-20 agreed to …"."""
    text = (ctx.incoming.text or "").strip()
    zone = ctx.community.config.zone if ctx.community else None
    held_on, note = ctx.now.astimezone(zone).date(), text
    head, _, rest = text.partition(" ")
    try:
        held_on, note = date.fromisoformat(head), rest
    except ValueError:
        pass
    assert draft.kind is not None  # set by the button that began the step
    outcome = await deliberation.deliberate(
        ctx.session, reviewer=ctx.person, proposal_id=draft.proposal_id, kind=draft.kind,
        note=note, held_on=held_on, now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        return
    ctx.finish()
    ctx.reply("review/step_recorded", proposal=outcome.value, kind=draft.kind,
              name=step_name(ctx, draft.kind), held_on=held_on)


@router.callback(RecordText, roles=COMMITTEE, registered=True)
async def on_record(ctx: Context, pick: RecordText) -> None:
    ctx.answer()
    REVIEW.start(ctx, ReviewDraft(proposal_id=pick.proposal_id, what=pick.what), Review.TEXT)


def ask_text(ctx: Context, draft: ReviewDraft) -> None:
    ctx.reply(f"review/ask_{draft.what}")


async def step_text(ctx: Context, draft: ReviewDraft) -> None:
    record = (proposal_actions.decide if draft.what == "decided"
              else proposal_actions.record_implementation)
    outcome = await record(ctx.session, reviewer=ctx.person, proposal_id=draft.proposal_id,
                           text=ctx.incoming.text or "", notify=ctx.notify, now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        return
    ctx.finish()
    ctx.reply("review/done", proposal=outcome.value)


@router.callback(Disclose, roles=COMMITTEE, registered=True)
async def on_disclose(ctx: Context, pick: Disclose) -> None:
    outcome = await proposal_actions.disclose(ctx.session, reviewer=ctx.person,
                                              proposal_id=pick.proposal_id, notify=ctx.notify,
                                              now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        return
    ctx.answer()
    ctx.edit("review/done", proposal=outcome.value)


def any_text(ctx: Context, draft: ReviewDraft) -> bool:
    """Every message is taken: the use case checks the text (reason, note, resolution)
    and the step stays when it refuses it."""
    return True


def step(name: Review, ask: Callable[[Context, ReviewDraft], None],
         then: Then[ReviewDraft]) -> None:
    REVIEW.step(router, name, Question(ask, any_text), then=then, roles=COMMITTEE,
                registered=True)


step(Review.REASON, ask_reason, step_reason)
step(Review.NOTE, ask_note, step_note)
step(Review.TEXT, ask_text, step_text)
