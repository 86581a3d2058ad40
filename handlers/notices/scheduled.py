"""/scheduled: the committee lists notices that have not gone yet, and edits or cancels
them. /notices: a resident reads the recent notices sent to them."""

from chat import questions
from chat.context import Context
from chat.dialogue import Question
from chat.router import Router
from handlers.hearings.attend import places
from handlers.notices.broadcasts import ask_time
from handlers.notices.buttons import NoticeCancel, NoticeEdit
from handlers.notices.scheduled_drafting import EDIT_NOTICE, EditNotice, NoticeChange
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
    ctx.answer()
    EDIT_NOTICE.start(ctx, NoticeChange(broadcast_id=pick.broadcast_id, what=pick.what),
                      EditNotice.CHANGE)


def ask_change(ctx: Context, draft: NoticeChange) -> None:
    if draft.what == "time":
        return NEW_TIME.ask(ctx, draft)
    ctx.reply("broadcasts/ask_new_text", limit=BODY_MAX)


def take_change(ctx: Context, draft: NoticeChange) -> bool:
    """A new time is read here; a new text goes as typed to the use case, which checks it."""
    if draft.what == "time":
        return NEW_TIME.take(ctx, draft)
    draft.body = ctx.incoming.text or ""
    return True


async def change(ctx: Context, draft: NoticeChange) -> None:
    outcome = await broadcast_schedule.edit(ctx.session, actor=ctx.person,
                                            broadcast_id=draft.broadcast_id, now=ctx.now,
                                            body=draft.body, due_at=draft.due_at)
    if isinstance(outcome, Refused):
        if outcome.template == "broadcasts/bad_length":
            ctx.reply(outcome.template, **outcome.params)  # asked again
            return
        ctx.finish()
        ctx.reply(outcome.template, **outcome.params)
        return
    ctx.finish()
    show(ctx, outcome.value, edit=False)


NEW_TIME = questions.moment("due_at", ask_time)
EDIT_NOTICE.step(router, EditNotice.CHANGE, Question(ask_change, take_change), then=change,
                 roles=COMMITTEE, registered=True)


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
