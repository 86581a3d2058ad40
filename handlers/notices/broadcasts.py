"""/broadcast and /deliveries: the committee composes a notice (text, photos or a
document), checks it exactly as it will appear, picks its audience, sends it now or
schedules it, and follows its delivery."""

from datetime import datetime
from types import SimpleNamespace
from typing import Any

from chat.context import Context
from chat.router import Router
from handlers.hearings.attend import places
from handlers.notices.buttons import (
    DropBroadcast,
    NoticeAudienceDone,
    NoticeAudienceKind,
    NoticeSchedule,
    NoticeToggle,
    NoticeUrgent,
    RetryBroadcast,
    SendBroadcast,
)
from models import audiences
from models.local_time import example_time, read_future_time
from models.messages import Button, Markup, Media
from models.notices import broadcasts
from models.notices.broadcasts import BODY_MAX, MEDIA_MAX
from models.notices.progress import RETRY_BUTTONS
from models.outcomes import Refused
from models.people.roles import Role

router = Router("broadcasts")
COMMITTEE = {Role.committee}
CONFIRM = "broadcast.confirm"


@router.command("broadcast", roles=COMMITTEE, registered=True)
async def cmd_broadcast(ctx: Context) -> None:
    ctx.finish()
    if ctx.incoming.args:
        return await compose(ctx, ctx.incoming.args, [])
    ctx.enter("broadcast.text")
    ctx.reply("broadcasts/ask_text", limit=BODY_MAX, media_limit=MEDIA_MAX)


@router.step("broadcast.text", roles=COMMITTEE, registered=True)
async def step_text(ctx: Context) -> None:
    attachments, incoming = ctx.incoming.attachments, ctx.incoming
    if incoming.location or incoming.contact or any(a.kind not in ("photo", "document")
                                                    for a in attachments):
        ctx.reply("broadcasts/unsupported_media")
        return
    media = list(ctx.conversation.data.get("media", []))
    media += [{"kind": a.kind, "file_id": a.file_id} for a in attachments]
    if len(media) > MEDIA_MAX or ("document" in {m["kind"] for m in media} and len(media) > 1):
        ctx.reply("broadcasts/too_many_files", limit=MEDIA_MAX)
        return
    if attachments and not ctx.incoming.text:  # a photo now, the text in a next message
        ctx.enter("broadcast.text", media=media)
        ctx.reply("broadcasts/file_added", count=len(media), limit=MEDIA_MAX)
        return
    await compose(ctx, ctx.incoming.text or "", media)


async def compose(ctx: Context, body: str, media: list[dict[str, Any]]) -> None:
    text = body.strip()
    if not text or len(text) > BODY_MAX:
        ctx.enter("broadcast.text", media=media)
        ctx.reply("broadcasts/bad_length", limit=BODY_MAX, length=len(text))
        return
    ctx.enter(CONFIRM, body=text, media=media, audience=audiences.EVERYONE, urgent=False,
              due_at=None)
    show_notice(ctx)
    await show_confirm(ctx, edit=False)


def show_notice(ctx: Context) -> None:
    """The notice exactly as residents will receive it, media included."""
    data = ctx.conversation.data
    ctx.reply("broadcasts/notice", broadcast=SimpleNamespace(body=data["body"],
                                                             urgent=data["urgent"]),
              media=[Media.from_dict(m) for m in data.get("media", [])])


async def show_confirm(ctx: Context, *, edit: bool) -> None:
    """The draft's audience with its number of recipients, timing and urgency."""
    assert ctx.community is not None
    data = ctx.conversation.data
    due = datetime.fromisoformat(data["due_at"]) if data.get("due_at") else None
    buttons: Markup = [
        [Button(label="broadcasts.schedule_send" if due else "broadcasts.send",
                data=SendBroadcast().pack())],
        [Button(label="broadcasts.audience", data=NoticeAudienceKind("").pack()),
         Button(label="broadcasts.schedule", data=NoticeSchedule().pack())],
        [Button(label="broadcasts.urgent_off" if data["urgent"] else "broadcasts.urgent_on",
                data=NoticeUrgent(not data["urgent"]).pack()),
         Button(label="broadcasts.drop", data=DropBroadcast().pack())]]
    (ctx.edit if edit else ctx.reply)(
        "broadcasts/preview", audience=data["audience"], urgent=data["urgent"], due_at=due,
        places=places(ctx, data["audience"]), attachments=len(data.get("media", [])),
        recipients=await audiences.count(ctx.session, ctx.community.id or 0, data["audience"]),
        buttons=buttons)


@router.callback(NoticeAudienceKind, roles=COMMITTEE, registered=True, step=CONFIRM)
async def on_audience_kind(ctx: Context, pick: NoticeAudienceKind) -> None:
    ctx.answer()
    if pick.kind == "everyone":
        ctx.enter(CONFIRM, audience=audiences.EVERYONE, picking=None)
        return await show_confirm(ctx, edit=True)
    if pick.kind == "":  # asks which kind
        ctx.edit("broadcasts/ask_audience", buttons=[
            [Button(label=f"broadcasts.kind_{k}", data=NoticeAudienceKind(k).pack())]
            for k in audiences.KINDS])
        return
    ctx.enter(CONFIRM, picking=pick.kind, picked=[])
    show_options(ctx)


def show_options(ctx: Context) -> None:
    assert ctx.community is not None
    kind, picked = ctx.conversation.data["picking"], set(ctx.conversation.data["picked"])
    options = audiences.options(ctx.community.config, kind)
    keys = [Button(text=("✓ " if code in picked else "") + " ".join(names),
                   data=NoticeToggle(i).pack()) if names else
            Button(label="broadcasts.role", params={"role": code, "picked": code in picked},
                   data=NoticeToggle(i).pack()) for i, (code, names) in enumerate(options)]
    ctx.edit("broadcasts/pick_audience", kind=kind, count=len(picked), buttons=[
        *[keys[i:i + 3] for i in range(0, len(keys), 3)],
        [Button(label="broadcasts.audience_done",
                data=NoticeAudienceDone().pack())]])


@router.callback(NoticeToggle, roles=COMMITTEE, registered=True, step=CONFIRM)
async def on_toggle(ctx: Context, pick: NoticeToggle) -> None:
    assert ctx.community is not None
    kind = ctx.conversation.data.get("picking")
    options = audiences.options(ctx.community.config, kind) if kind else []
    if not 0 <= pick.index < len(options):
        return ctx.answer("common/stale_button", alert=True)
    code = options[pick.index][0]
    ctx.enter(CONFIRM, picked=sorted(set(ctx.conversation.data["picked"]) ^ {code}))
    ctx.answer()
    show_options(ctx)


@router.callback(NoticeAudienceDone, roles=COMMITTEE, registered=True, step=CONFIRM)
async def on_audience_done(ctx: Context, _: NoticeAudienceDone) -> None:
    data = ctx.conversation.data
    if not data.get("picking"):
        return ctx.answer("common/stale_button", alert=True)
    if not data["picked"]:
        return ctx.answer("broadcasts/pick_one", alert=True)
    ctx.enter(CONFIRM, audience=audiences.make(data["picking"], data["picked"]), picking=None)
    ctx.answer()
    await show_confirm(ctx, edit=True)


@router.callback(NoticeUrgent, roles=COMMITTEE, registered=True, step=CONFIRM)
async def on_urgent(ctx: Context, pick: NoticeUrgent) -> None:
    ctx.enter(CONFIRM, urgent=pick.urgent)
    ctx.answer()
    show_notice(ctx)  # urgency changes how it looks: show it again
    await show_confirm(ctx, edit=False)


@router.callback(NoticeSchedule, roles=COMMITTEE, registered=True, step=CONFIRM)
async def on_schedule(ctx: Context, _: NoticeSchedule) -> None:
    ctx.enter("broadcast.time")
    ctx.answer()
    ask_time(ctx)


def ask_time(ctx: Context) -> None:
    assert ctx.community is not None
    ctx.reply("broadcasts/ask_time", example=example_time(ctx.now, ctx.community.config.zone))


def parse_time(ctx: Context) -> datetime | Refused:
    assert ctx.community is not None
    return read_future_time(ctx.incoming.text or "", ctx.community.config.zone, now=ctx.now)


@router.step("broadcast.time", roles=COMMITTEE, registered=True)
async def step_time(ctx: Context) -> None:
    due = parse_time(ctx)
    if isinstance(due, Refused):
        ctx.reply(due.template, **due.params)
        return
    ctx.enter(CONFIRM, due_at=due.isoformat())
    await show_confirm(ctx, edit=False)


@router.callback(SendBroadcast, roles=COMMITTEE, registered=True, step=CONFIRM)
async def on_send(ctx: Context, _: SendBroadcast) -> None:
    data = ctx.conversation.data
    due = datetime.fromisoformat(data["due_at"]) if data.get("due_at") else None
    outcome = await broadcasts.create(ctx.session, author=ctx.person, body=data["body"],
                                      audience=data["audience"], urgent=data["urgent"],
                                      media=data.get("media", []), due_at=due, now=ctx.now)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.finish()
    ctx.answer()
    recipients = await broadcasts.recipients(ctx.session, outcome.value)
    if due is not None:
        ctx.edit("broadcasts/scheduled", broadcast=outcome.value,
                        recipients=len(recipients))
        return
    ctx.edit("broadcasts/queued", broadcast=outcome.value, recipients=len(recipients))
    progress = ctx.reply("broadcasts/progress", broadcast=outcome.value, finished=False,
                         progress=broadcasts.Progress(0, 0, 0, 0), minutes_left=None)
    await ctx.store_replies()
    outcome.value.progress_delivery_id = progress.id
    ctx.sweeps_due.add("broadcasts")


@router.callback(DropBroadcast, roles=COMMITTEE, step=CONFIRM)
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
        ctx.reply("broadcasts/summary", broadcast=broadcast, progress=progress,
                  buttons=retry_buttons(broadcast.id or 0, progress.failed)
                  if progress.failed else None)


def retry_buttons(broadcast_id: int, failed: int) -> list[list[Button]]:
    return [[Button(label="broadcasts.retry", params={"count": failed},
                    data=RetryBroadcast(broadcast_id).pack())]]


router.provide(RETRY_BUTTONS, retry_buttons)  # under the final report of a broadcast


# Its author or a committee member, which the use case checks: the final report's
# button stays with an author whose committee role has ended since.
@router.callback(RetryBroadcast, registered=True)
async def on_retry(ctx: Context, pick: RetryBroadcast) -> None:
    outcome = await broadcasts.retry_failed(ctx.session, actor=ctx.person, roles=ctx.roles,
                                            broadcast_id=pick.broadcast_id, now=ctx.now)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.outbox_changed = True
    ctx.answer("broadcasts/retried", count=outcome.value)


async def step_expects_button(ctx: Context) -> None:
    ctx.reply("broadcasts/use_buttons")


router.step(CONFIRM, roles=COMMITTEE, registered=True)(step_expects_button)
