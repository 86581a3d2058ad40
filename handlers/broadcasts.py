"""/broadcast and /deliveries: the committee sends a notice to every registered
resident and follows its delivery."""

from bot.context import Context
from bot.router import Router
from handlers.buttons import DropBroadcast, RetryBroadcast, SendBroadcast
from models import broadcasts
from models.broadcasts import BODY_MAX
from models.notices import Button
from models.outcomes import Refused
from models.roles import Role

router = Router("broadcasts")
COMMITTEE = {Role.committee}


@router.command("broadcast", roles=COMMITTEE, registered=True)
async def cmd_broadcast(ctx: Context) -> None:
    if ctx.incoming.args:
        return await preview(ctx, ctx.incoming.args)
    ctx.enter("broadcast.text")
    ctx.reply("broadcasts/ask_text", limit=BODY_MAX)


@router.step("broadcast.text")
async def step_text(ctx: Context) -> None:
    await preview(ctx, ctx.incoming.text or "")


async def preview(ctx: Context, body: str) -> None:
    text = body.strip()
    if not text or len(text) > BODY_MAX:
        ctx.enter("broadcast.text")
        ctx.reply("broadcasts/bad_length", limit=BODY_MAX, length=len(text))
        return
    ctx.enter("broadcast.confirm", body=text)
    me = ctx.person.id or 0
    ctx.reply("broadcasts/preview", body=text, buttons=[[
        Button(label="broadcasts.send", data=SendBroadcast(me).pack()),
        Button(label="broadcasts.drop", data=DropBroadcast(me).pack())]])


@router.callback(SendBroadcast, roles=COMMITTEE, registered=True, step="broadcast.confirm")
async def on_send(ctx: Context, _: SendBroadcast) -> None:
    outcome = await broadcasts.create(ctx.session, author=ctx.person,
                                      body=ctx.conversation.data["body"])
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.finish()
    ctx.answer()
    ctx.edit("broadcasts/queued", broadcast=outcome.value)
    progress = ctx.reply("broadcasts/progress", broadcast=outcome.value, finished=False,
                         progress=broadcasts.Progress(0, 0, 0, 0), minutes_left=None)
    await ctx.session.flush()
    outcome.value.progress_delivery_id = progress.id
    ctx.sweeps_due.add("broadcasts")


@router.callback(DropBroadcast, roles=COMMITTEE, step="broadcast.confirm")
async def on_drop(ctx: Context, _: DropBroadcast) -> None:
    ctx.finish()
    ctx.answer()
    ctx.edit("broadcasts/dropped")


@router.command("deliveries", roles=COMMITTEE, registered=True)
async def cmd_deliveries(ctx: Context) -> None:
    assert ctx.community is not None
    recent = await broadcasts.recent(ctx.session, ctx.community.id or 0)
    if not recent:
        ctx.reply("broadcasts/none")
        return
    for broadcast in recent:
        progress = await broadcasts.progress(ctx.session, broadcast)
        retry = [[Button(label="broadcasts.retry", params={"count": progress.failed},
                         data=RetryBroadcast(broadcast.id or 0).pack())]]
        ctx.reply("broadcasts/summary", broadcast=broadcast, progress=progress,
                  buttons=retry if progress.failed else None)


@router.callback(RetryBroadcast, roles=COMMITTEE, registered=True)
async def on_retry(ctx: Context, pick: RetryBroadcast) -> None:
    outcome = await broadcasts.retry_failed(ctx.session, actor=ctx.person,
                                            broadcast_id=pick.broadcast_id)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.outbox_changed = True
    ctx.answer("broadcasts/retried", count=outcome.value)
