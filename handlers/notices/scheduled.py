"""/scheduled: the committee lists notices that have not gone yet, and edits or cancels
them. /notices: a resident reads the recent notices sent to them."""

from chat.context import Context
from chat.router import Router
from handlers.hearings.attend import places
from handlers.notices.broadcasts import ask_time
from handlers.notices.buttons import NoticeCancel, NoticeEdit
from models.local_time import read_future_time
from models.messages import Button
from models.notices import schedule as broadcast_schedule
from models.notices.broadcasts import BODY_MAX, Broadcast
from models.outcomes import Refused
from models.people.roles import Role

router = Router("notices")
COMMITTEE = {Role.committee}


@router.command("scheduled", roles=COMMITTEE, registered=True)
async def cmd_scheduled(ctx: Context) -> None:
    assert ctx.community is not None
    waiting = await broadcast_schedule.scheduled(ctx.session, ctx.community.id or 0)
    if not waiting:
        ctx.reply("broadcasts/none_scheduled")
        return
    for broadcast in waiting:
        show(ctx, broadcast, edit=False)


def show(ctx: Context, broadcast: Broadcast, *, edit: bool) -> None:
    bid = broadcast.id or 0
    (ctx.edit if edit else ctx.reply)(
        "broadcasts/scheduled_item", broadcast=broadcast,
        places=places(ctx, broadcast.audience), buttons=[
            [Button(label="broadcasts.edit_text", data=NoticeEdit(bid, "text").pack()),
             Button(label="broadcasts.edit_time", data=NoticeEdit(bid, "time").pack())],
            [Button(label="broadcasts.cancel", data=NoticeCancel(bid).pack())]])


@router.callback(NoticeEdit, roles=COMMITTEE, registered=True)
async def on_edit(ctx: Context, pick: NoticeEdit) -> None:
    ctx.enter("notice.edit", broadcast_id=pick.broadcast_id, what=pick.what)
    ctx.answer()
    if pick.what == "time":
        return ask_time(ctx, None)  # type: ignore[arg-type]
    ctx.reply("broadcasts/ask_new_text", limit=BODY_MAX)


@router.step("notice.edit", roles=COMMITTEE, registered=True)
async def step_edit(ctx: Context) -> None:
    data = ctx.conversation.data
    changes: dict[str, object] = {"body": ctx.incoming.text or ""}
    if data["what"] == "time":
        assert ctx.community is not None
        due = read_future_time(ctx.incoming.text or "", ctx.community.config.zone, now=ctx.now)
        if isinstance(due, Refused):
            ctx.reply(due.template, **due.params)
            return
        changes = {"due_at": due}
    outcome = await broadcast_schedule.edit(ctx.session, actor=ctx.person,
                                            broadcast_id=data["broadcast_id"], now=ctx.now,
                                            **changes)  # type: ignore[arg-type]
    if isinstance(outcome, Refused):
        if outcome.template == "broadcasts/bad_length":
            ctx.reply(outcome.template, **outcome.params)  # asked again
            return
        ctx.finish()
        ctx.reply(outcome.template, **outcome.params)
        return
    ctx.finish()
    show(ctx, outcome.value, edit=False)


@router.callback(NoticeCancel, roles=COMMITTEE, registered=True)
async def on_cancel(ctx: Context, pick: NoticeCancel) -> None:
    outcome = await broadcast_schedule.cancel(ctx.session, actor=ctx.person,
                                              broadcast_id=pick.broadcast_id, now=ctx.now)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ctx.edit("broadcasts/cancelled", broadcast=outcome.value)


@router.command("notices", registered=True)
async def cmd_notices(ctx: Context) -> None:
    received = await broadcast_schedule.received_by(ctx.session, ctx.person.id or 0)
    ctx.reply("broadcasts/received", notices=received)
