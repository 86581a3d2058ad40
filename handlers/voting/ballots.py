"""The voter's side of a vote: the ballot message and its buttons (pick, confirm, go
back), /vote for the matters open to the person, /verify for a receipt code."""

from chat.context import Context
from chat.router import Router
from handlers.voting import comments
from handlers.voting.buttons import VoteBack, VoteConfirm, VotePick, VoteShow
from models.messages import Button
from models.outcomes import Refused
from models.voting import ballots as ballot_actions
from models.voting import matters, receipts
from models.voting.matters import Ballot, Matter, MatterState
from models.voting.periodic import BALLOT_BUTTONS
from models.voting.tally import TYPED_OPTIONS

router = Router("ballots")


def ballot_buttons(matter: Matter, ballot: Ballot | None) -> list[list[Button]]:
    """One button per option; after a ballot, only if the voter may still change it."""
    if ballot is not None and not matter.may_change:
        return []
    mid = matter.id or 0
    if matter.kind in TYPED_OPTIONS:
        return [[Button(text=f"{i + 1}. {choice}", data=VotePick(mid, i).pack())]
                for i, choice in enumerate(matter.choices)]
    return [[Button(label="voting.option", params={"kind": matter.kind.value, "code": code},
                    data=VotePick(mid, i).pack()) for i, code in enumerate(matter.options)]]


router.provide(BALLOT_BUTTONS, ballot_buttons)  # for the scheduler's opening and reminders


@router.callback(VotePick, registered=True)
async def on_pick(ctx: Context, pick: VotePick) -> None:
    checked = await ballot_actions.check_ballot(ctx.session, voter=ctx.person,
                                                matter_id=pick.matter_id, option=pick.option,
                                                now=ctx.now)
    if isinstance(checked, Refused):
        ctx.refuse(checked)
        return
    ctx.answer()
    ctx.edit("voting/confirm", matter=checked, option=checked.options[pick.option], buttons=[[
        Button(label="voting.confirm", data=VoteConfirm(pick.matter_id, pick.option).pack()),
        Button(label="voting.back", data=VoteBack(pick.matter_id).pack())]])


@router.callback(VoteConfirm, registered=True)
async def on_confirm(ctx: Context, pick: VoteConfirm) -> None:
    outcome = await ballot_actions.cast(ctx.session, voter=ctx.person,
                                        matter_id=pick.matter_id, option=pick.option,
                                        now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        return
    cast = outcome.value
    matter = await ctx.session.get(Matter, pick.matter_id)
    assert matter is not None
    ctx.answer("voting/recorded_toast" if cast.changed else "voting/already_recorded")
    ctx.edit("voting/recorded", matter=matter, ballot=cast.ballot,
             buttons=ballot_buttons(matter, cast.ballot))
    await comments.offer(ctx, matter)


@router.callback(VoteBack, registered=True)
async def on_back(ctx: Context, pick: VoteBack) -> None:
    await show_ballot(ctx, pick.matter_id, edit=True)


@router.callback(VoteShow, registered=True)
async def on_show(ctx: Context, pick: VoteShow) -> None:
    await show_ballot(ctx, pick.matter_id, edit=False)


async def show_ballot(ctx: Context, matter_id: int, *, edit: bool) -> None:
    """The person's ballot for a matter, as a new message or in place of the pressed one."""
    matter = await ctx.session.get(Matter, matter_id)
    if matter is None or not await matters.is_voter(ctx.session, matter_id,
                                                     ctx.person.id or 0):
        ctx.answer("common/stale_button", alert=True)
        return
    ctx.answer()
    ballot = await matters.latest_ballot(ctx.session, matter_id, ctx.person.id or 0)
    open_now = matter.state == MatterState.open
    template = "voting/recorded" if ballot else "voting/ballot"
    show = ctx.edit if edit else ctx.reply
    show(template, matter=matter, ballot=ballot,
         buttons=ballot_buttons(matter, ballot) if open_now else None)


@router.command("vote", registered=True)
async def cmd_vote(ctx: Context) -> None:
    listed = await matters.open_for(ctx.session, ctx.person.id or 0)
    if not listed:
        ctx.reply("voting/none_open")
        return
    voted = {m.id: await matters.latest_ballot(ctx.session, m.id or 0, ctx.person.id or 0)
             for m in listed}
    ctx.reply("voting/open_list", matters=listed, voted=voted, buttons=[
        [Button(label="voting.show", params={"number": m.number},
                data=VoteShow(m.id or 0).pack())] for m in listed])


@router.command("verify", registered=True)
async def cmd_verify(ctx: Context) -> None:
    code = receipts.normalise(ctx.incoming.args)
    if code is None:
        ctx.reply("voting/verify_usage")
        return
    found = await ballot_actions.verify(ctx.session, code)
    if found is None:
        ctx.reply("voting/verify_unknown", code=code)
        return
    ctx.reply("voting/verify_found", code=code, matter=found.matter, ballot=found.ballot,
              counted=found.counted)
