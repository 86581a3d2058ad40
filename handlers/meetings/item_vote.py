"""The chair opens an agenda item's vote: **表决第 N 项** shows how it will be put (the
pass rule, an open or secret ballot, its minutes; the community file's defaults ticked),
each press ticks another choice, and **开始表决** opens it to those present."""

from collections.abc import Callable

from chat import questions
from chat.context import Context
from chat.router import Router
from handlers.meetings.buttons import (
    ItemVoteBallot,
    ItemVoteMinutes,
    ItemVoteRule,
    ItemVoteStart,
    MeetingItemClose,
    MeetingItemOpen,
)
from handlers.meetings.item_vote_drafting import ITEM_VOTE, ItemVoteDraft, ItemVoteSetup
from models.meetings import vote_choices, votes
from models.meetings.meetings import MeetingItem
from models.messages import Button, Markup
from models.outcomes import Refused
from models.people.roles import Role
from models.voting.periodic import BALLOT_BUTTONS
from models.voting.tally import PassRule

router = Router("meetings_item_vote")
MEMBERS = {Role.representative, Role.committee}


@router.callback(MeetingItemOpen, roles=MEMBERS, registered=True)
async def on_vote_item(ctx: Context, pick: MeetingItemOpen) -> None:
    assert ctx.community is not None
    item = await votes.may_open_item(ctx.session, chair=ctx.person, item_id=pick.item_id)
    if isinstance(item, Refused):
        return ctx.refuse(item)
    ctx.answer()
    config = ctx.community.config
    chosen = vote_choices.default(config)
    ITEM_VOTE.start(ctx, ItemVoteDraft(
        item_id=pick.item_id, position=item.value.position, title=item.value.title,
        pass_rule=chosen.pass_rule, secret=chosen.secret, minutes=chosen.minutes,
        offered=vote_choices.minutes_offered(config)), ItemVoteSetup.CHOICES)


def buttons(draft: ItemVoteDraft) -> Markup:
    item = draft.item_id
    rows = [[Button(label="meetings.vote_rule",
                    params={"rule": rule.value, "chosen": rule == draft.pass_rule},
                    data=ItemVoteRule(item, rule).pack())] for rule in PassRule]
    rows.append([Button(label="meetings.vote_ballot",
                        params={"secret": secret, "chosen": secret == draft.secret},
                        data=ItemVoteBallot(item, secret).pack()) for secret in (False, True)])
    rows.append([Button(label="meetings.vote_minutes",
                        params={"minutes": m, "chosen": m == draft.minutes},
                        data=ItemVoteMinutes(item, m).pack()) for m in draft.offered])
    rows.append([Button(label="meetings.start_vote", params={"position": draft.position},
                        data=ItemVoteStart(item).pack())])
    return rows


def ask(ctx: Context, draft: ItemVoteDraft) -> None:
    ctx.reply("meetings/item_vote_setup", draft=draft, buttons=buttons(draft))


ITEM_VOTE.step(router, ItemVoteSetup.CHOICES,
               questions.choice(ask, use_buttons="meetings/use_buttons"),
               roles=MEMBERS, registered=True)


async def choose(ctx: Context, item_id: int, change: Callable[[ItemVoteDraft], None]) -> None:
    """A choice pressed: for the item being set up, while its vote may still be opened,
    and only one the buttons offer. Anything else is answered and changes nothing."""
    assert ctx.community is not None
    draft = ITEM_VOTE.draft(ctx)
    if item_id != draft.item_id:  # a button of an earlier item's choices
        return ctx.answer("common/stale_button", alert=True)
    if isinstance(item := await votes.may_open_item(ctx.session, chair=ctx.person,
                                                    item_id=item_id), Refused):
        return ctx.refuse(item)
    change(draft)
    if refusal := vote_choices.check(ctx.community.config, draft.choice()):
        return ctx.refuse(refusal)
    ctx.answer()
    ITEM_VOTE.save(ctx, draft)
    ctx.edit("meetings/item_vote_setup", draft=draft, buttons=buttons(draft))


@router.callback(ItemVoteRule, roles=MEMBERS, registered=True, step=ItemVoteSetup.CHOICES)
async def on_rule(ctx: Context, pick: ItemVoteRule) -> None:
    await choose(ctx, pick.item_id, lambda draft: setattr(draft, "pass_rule", pick.rule))


@router.callback(ItemVoteBallot, roles=MEMBERS, registered=True, step=ItemVoteSetup.CHOICES)
async def on_ballot(ctx: Context, pick: ItemVoteBallot) -> None:
    await choose(ctx, pick.item_id, lambda draft: setattr(draft, "secret", pick.secret))


@router.callback(ItemVoteMinutes, roles=MEMBERS, registered=True, step=ItemVoteSetup.CHOICES)
async def on_minutes(ctx: Context, pick: ItemVoteMinutes) -> None:
    await choose(ctx, pick.item_id, lambda draft: setattr(draft, "minutes", pick.minutes))


@router.callback(ItemVoteStart, roles=MEMBERS, registered=True, step=ItemVoteSetup.CHOICES)
async def on_start(ctx: Context, pick: ItemVoteStart) -> None:
    assert ctx.community is not None
    draft = ITEM_VOTE.draft(ctx)
    if pick.item_id != draft.item_id:
        return ctx.answer("common/stale_button", alert=True)
    if refusal := vote_choices.check(ctx.community.config, draft.choice()):
        return ctx.refuse(refusal)
    outcome = await votes.open_item_vote(
        ctx.session, chair=ctx.person, item_id=pick.item_id, now=ctx.now, notify=ctx.notify,
        vote=votes.ItemVote(pass_rule=draft.pass_rule, secret=draft.secret,
                            minutes=draft.minutes),
        buttons=ctx.router.buttons[BALLOT_BUTTONS])
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.finish()
    ctx.answer()
    item = await ctx.session.get(MeetingItem, pick.item_id)
    assert item is not None  # the vote was just opened on it
    ctx.reply("meetings/vote_opened", matter=outcome.value, item=item, sent=ctx.notified,
              buttons=[[Button(label="meetings.close_vote", params={"position": item.position},
                               data=MeetingItemClose(pick.item_id).pack())]])
