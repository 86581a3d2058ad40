"""/broadcast: the committee composes a notice (text, photos or a
document), checks it exactly as it will appear, picks its audience, sends it now or
schedules it; its delivery is followed in handlers/notices/deliveries.py."""

from types import SimpleNamespace

from chat import questions
from chat.context import Context
from chat.dialogue import Draft, Question
from chat.router import Router
from handlers.hearings.attend import places
from handlers.notices.broadcast_drafting import BROADCAST, Broadcast, NewNotice
from handlers.notices.buttons import (
    DropBroadcast,
    NoticeAudienceDone,
    NoticeAudienceKind,
    NoticeSchedule,
    NoticeToggle,
    NoticeUrgent,
    SendBroadcast,
)
from models import audiences
from models.local_time import example_time
from models.messages import Button, Markup, Media
from models.notices import broadcasts
from models.notices.broadcasts import BODY_MAX, MEDIA_MAX
from models.outcomes import Refused
from models.people.roles import Role

router = Router("broadcasts")
COMMITTEE = {Role.committee}
CONFIRM = Broadcast.CONFIRM


@router.command("broadcast", roles=COMMITTEE, registered=True)
async def cmd_broadcast(ctx: Context) -> None:
    if ctx.incoming.args:
        ctx.finish()
        return await compose(ctx, NewNotice(), ctx.incoming.args)
    BROADCAST.start(ctx, NewNotice(), Broadcast.TEXT)


def take_media(ctx: Context, draft: NewNotice) -> bool:
    """Photos, or one document, join the draft; the text may come with them or later."""
    attachments, incoming = ctx.incoming.attachments, ctx.incoming
    if incoming.location or incoming.contact or any(a.kind not in questions.FILE_KINDS
                                                    for a in attachments):
        ctx.reply("broadcasts/unsupported_media")
        return False
    media = draft.media + [{"kind": a.kind, "file_id": a.file_id} for a in attachments]
    if len(media) > MEDIA_MAX or ("document" in {m["kind"] for m in media} and len(media) > 1):
        ctx.reply("broadcasts/too_many_files", limit=MEDIA_MAX)
        return False
    draft.media = media
    return True


async def after_text(ctx: Context, draft: NewNotice) -> None:
    if ctx.incoming.attachments and not ctx.incoming.text:  # the text in a next message
        ctx.reply("broadcasts/file_added", count=len(draft.media), limit=MEDIA_MAX)
        return
    await compose(ctx, draft, ctx.incoming.text or "")


async def compose(ctx: Context, draft: NewNotice, body: str) -> None:
    text = body.strip()
    if not text or len(text) > BODY_MAX:
        BROADCAST.save(ctx, draft, Broadcast.TEXT)
        ctx.reply("broadcasts/bad_length", limit=BODY_MAX, length=len(text))
        return
    draft.body = text
    BROADCAST.go(ctx, draft, CONFIRM)
    await show_confirm(ctx, draft, edit=False)


def show_notice(ctx: Context, draft: NewNotice) -> None:
    """The notice exactly as residents will receive it, media included."""
    ctx.reply("broadcasts/notice", broadcast=SimpleNamespace(body=draft.body,
                                                             urgent=draft.urgent),
              media=[Media.from_dict(m) for m in draft.media])


async def show_confirm(ctx: Context, draft: NewNotice, *, edit: bool) -> None:
    """The draft's audience with its number of recipients, timing and urgency: under the
    notice, but not its question, since counting the recipients reads the database."""
    assert ctx.community is not None
    buttons: Markup = [
        [Button(label="broadcasts.schedule_send" if draft.due_at else "broadcasts.send",
                data=SendBroadcast().pack())],
        [Button(label="broadcasts.audience", data=NoticeAudienceKind("").pack()),
         Button(label="broadcasts.schedule", data=NoticeSchedule().pack())],
        [Button(label="broadcasts.urgent_off" if draft.urgent else "broadcasts.urgent_on",
                data=NoticeUrgent(not draft.urgent).pack()),
         Button(label="broadcasts.drop", data=DropBroadcast().pack())]]
    (ctx.edit if edit else ctx.reply)(
        "broadcasts/preview", audience=draft.audience, urgent=draft.urgent,
        due_at=draft.due_at, places=places(ctx, draft.audience), attachments=len(draft.media),
        recipients=await audiences.count(ctx.session, ctx.community.id or 0, draft.audience),
        buttons=buttons)


@router.callback(NoticeAudienceKind, roles=COMMITTEE, registered=True, step=CONFIRM)
async def on_audience_kind(ctx: Context, pick: NoticeAudienceKind) -> None:
    ctx.answer()
    draft = BROADCAST.draft(ctx)
    if pick.kind == "everyone":
        draft.audience, draft.picking = dict(audiences.EVERYONE), None
        BROADCAST.save(ctx, draft, CONFIRM)
        return await show_confirm(ctx, draft, edit=True)
    if pick.kind == "":  # asks which kind
        ctx.edit("broadcasts/ask_audience", buttons=[
            [Button(label=f"broadcasts.kind_{k}", data=NoticeAudienceKind(k).pack())]
            for k in audiences.KINDS])
        return
    draft.picking, draft.picked = pick.kind, []
    BROADCAST.save(ctx, draft, CONFIRM)
    show_options(ctx, draft)


def show_options(ctx: Context, draft: NewNotice) -> None:
    assert ctx.community is not None and draft.picking is not None
    kind, picked = draft.picking, set(draft.picked)
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
    draft = BROADCAST.draft(ctx)
    options = audiences.options(ctx.community.config, draft.picking) if draft.picking else []
    if not 0 <= pick.index < len(options):
        return ctx.answer("common/stale_button", alert=True)
    draft.picked = sorted(set(draft.picked) ^ {options[pick.index][0]})
    BROADCAST.save(ctx, draft, CONFIRM)
    ctx.answer()
    show_options(ctx, draft)


@router.callback(NoticeAudienceDone, roles=COMMITTEE, registered=True, step=CONFIRM)
async def on_audience_done(ctx: Context, _: NoticeAudienceDone) -> None:
    draft = BROADCAST.draft(ctx)
    if not draft.picking:
        return ctx.answer("common/stale_button", alert=True)
    if not draft.picked:
        return ctx.answer("broadcasts/pick_one", alert=True)
    draft.audience, draft.picking = audiences.make(draft.picking, draft.picked), None
    BROADCAST.save(ctx, draft, CONFIRM)
    ctx.answer()
    await show_confirm(ctx, draft, edit=True)


@router.callback(NoticeUrgent, roles=COMMITTEE, registered=True, step=CONFIRM)
async def on_urgent(ctx: Context, pick: NoticeUrgent) -> None:
    draft = BROADCAST.draft(ctx)
    draft.urgent = pick.urgent
    ctx.answer()
    BROADCAST.go(ctx, draft, CONFIRM)  # urgency changes how it looks: show it again
    await show_confirm(ctx, draft, edit=False)


@router.callback(NoticeSchedule, roles=COMMITTEE, registered=True, step=CONFIRM)
async def on_schedule(ctx: Context, _: NoticeSchedule) -> None:
    ctx.answer()
    BROADCAST.go(ctx, BROADCAST.draft(ctx), Broadcast.TIME)


def ask_time(ctx: Context, draft: Draft) -> None:
    """For a time to send at: an example of how to type it, in the community's zone."""
    assert ctx.community is not None
    ctx.reply("broadcasts/ask_time", example=example_time(ctx.now, ctx.community.config.zone))


async def confirm_time(ctx: Context, draft: NewNotice) -> None:
    BROADCAST.save(ctx, draft, CONFIRM)
    await show_confirm(ctx, draft, edit=False)


BROADCAST.step(router, Broadcast.TEXT, Question(
    questions.asking("broadcasts/ask_text", limit=BODY_MAX, media_limit=MEDIA_MAX),
    take_media), then=after_text, roles=COMMITTEE, registered=True)
BROADCAST.step(router, CONFIRM, questions.choice(show_notice,
                                                 use_buttons="broadcasts/use_buttons"),
               roles=COMMITTEE, registered=True)
BROADCAST.step(router, Broadcast.TIME, questions.moment("due_at", ask_time),
               then=confirm_time, roles=COMMITTEE, registered=True)


@router.callback(SendBroadcast, roles=COMMITTEE, registered=True, step=CONFIRM)
async def on_send(ctx: Context, _: SendBroadcast) -> None:
    draft = BROADCAST.draft(ctx)
    due = draft.due_at
    outcome = await broadcasts.create(ctx.session, author=ctx.person, body=draft.body,
                                      audience=draft.audience, urgent=draft.urgent,
                                      media=draft.media, due_at=due, now=ctx.now)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.finish()
    ctx.answer()
    recipients = await broadcasts.recipients(ctx.session, outcome.value)
    if due is not None:
        ctx.edit("broadcasts/scheduled", broadcast=outcome.value, recipients=len(recipients))
        return
    ctx.edit("broadcasts/queued", broadcast=outcome.value, recipients=len(recipients))
    progress = ctx.reply("broadcasts/progress", broadcast=outcome.value, finished=False,
                         progress=broadcasts.Progress(len(recipients), 0, 0, 0),
                         minutes_left=None)
    await ctx.store_replies()
    outcome.value.progress_delivery_id = progress.id
    ctx.sweeps_due.add("broadcasts")


@router.callback(DropBroadcast, roles=COMMITTEE, step=CONFIRM)
async def on_drop(ctx: Context, _: DropBroadcast) -> None:
    ctx.finish()
    ctx.answer()
    ctx.edit("broadcasts/dropped")
