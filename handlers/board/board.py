"""The disclosure board in the chat (居务公开): /disclosures to browse it, /subscribe to
receive every publication, and /disclose for the committee to publish, now or at a set
time, or to correct an entry with a new one that points at it."""

from datetime import datetime
from typing import get_args

from chat.context import Context
from chat.router import Router
from handlers.board.buttons import (
    BoardCorrect,
    BoardEntry,
    BoardFilesDone,
    BoardKind,
    BoardPage,
    BoardPublish,
    ManualKind,
    Shelf,
)
from handlers.drafts import take_files
from models.board import disclosures
from models.board.disclosures import BODY_MAX, PAGE, TITLE_MAX, DisclosureKind
from models.local_time import example_time, read_future_time
from models.messages import Button, Media
from models.outcomes import Refused
from models.people.roles import Role
from models.proposals import deadlines

router = Router("board")
COMMITTEE = {Role.committee}
MANUAL: tuple[ManualKind, ...] = get_args(ManualKind)
ATTACHMENTS_MAX = 5


@router.command("disclosures", registered=True, groups=True)
async def cmd_disclosures(ctx: Context) -> None:
    await show_page(ctx, "*", 0, edit=False)


@router.callback(BoardPage, registered=True, groups=True)
async def on_page(ctx: Context, pick: BoardPage) -> None:
    ctx.answer()
    await show_page(ctx, pick.kind, max(pick.page, 0), edit=True)


async def show_page(ctx: Context, kind: Shelf, page: int, *, edit: bool) -> None:
    assert ctx.community is not None
    chosen = None if kind == "*" else DisclosureKind(kind)
    entries, total = await disclosures.page(ctx.session, ctx.community.id or 0, now=ctx.now,
                                            kind=chosen, number=page)
    rows = [[Button(label="board.open", params={"number": e.number},
                    data=BoardEntry(e.id or 0).pack())] for e in entries]
    nav = [Button(label="board.previous", data=BoardPage(kind, page - 1).pack())] if page else []
    if (page + 1) * PAGE < total:
        nav.append(Button(label="board.next", data=BoardPage(kind, page + 1).pack()))
    kinds = [Button(label="board.kind", params={"kind": k, "chosen": k == kind},
                    data=BoardPage(k, 0).pack()) for k in ("*", *DisclosureKind)]
    show = ctx.edit if edit else ctx.reply
    overdue = await deadlines.overdue(ctx.session, ctx.community.id or 0, now=ctx.now) \
        if page == 0 else []
    show("board/page", entries=entries, total=total, page=page, kind=kind, overdue=overdue,
         buttons=[*rows, nav, kinds[:4], kinds[4:]])


@router.callback(BoardEntry, registered=True, groups=True)
async def on_entry(ctx: Context, pick: BoardEntry) -> None:
    assert ctx.community is not None
    now = ctx.now
    entry = await disclosures.published(ctx.session, ctx.community.id or 0, pick.entry_id,
                                        now=now)
    if entry is None:
        ctx.answer("board/not_found", alert=True)
        return
    ctx.answer()
    corrected = (await disclosures.published(ctx.session, ctx.community.id or 0,
                                             entry.corrects_id, now=now)
                 if entry.corrects_id else None)
    buttons = ([[Button(label="board.correct", data=BoardCorrect(entry.id or 0).pack())]]
               if Role.committee in ctx.roles and ctx.private else None)
    ctx.reply("board/entry", entry=entry, corrected=corrected, buttons=buttons,
              corrections=await disclosures.corrections_of(ctx.session, entry.id or 0,
                                                           now=now),
              media=[Media.from_dict(m) for m in entry.media] or None)


@router.command("subscribe", registered=True)
async def cmd_subscribe(ctx: Context) -> None:
    subscribed = await disclosures.toggle_subscription(ctx.session, ctx.person, now=ctx.now)
    ctx.reply("board/subscribed" if subscribed else "board/unsubscribed")


@router.command("disclose", roles=COMMITTEE, registered=True)
async def cmd_disclose(ctx: Context) -> None:
    ctx.finish()
    ctx.enter("disclose.kind", attachments=[])
    ctx.reply("board/ask_kind", buttons=[
        [Button(label="board.kind", params={"kind": k.value, "chosen": False},
                data=BoardKind(k).pack())] for k in MANUAL])


@router.callback(BoardKind, roles=COMMITTEE, step="disclose.kind")
async def on_kind(ctx: Context, pick: BoardKind) -> None:
    ctx.answer()
    ctx.enter("disclose.title", kind=pick.kind)
    ctx.reply("board/ask_title", limit=TITLE_MAX)


@router.callback(BoardCorrect, roles=COMMITTEE, registered=True)
async def on_correct(ctx: Context, pick: BoardCorrect) -> None:
    assert ctx.community is not None
    entry = await disclosures.published(ctx.session, ctx.community.id or 0, pick.entry_id,
                                        now=ctx.now)
    if entry is None:
        ctx.answer("board/not_found", alert=True)
        return
    ctx.answer()
    ctx.finish()
    title = ctx.render("board/correction_title", entry=entry)[:TITLE_MAX]
    ctx.enter("disclose.body", kind=entry.kind.value, title=title, corrects_id=entry.id,
              attachments=[])
    ctx.reply("board/ask_correction", entry=entry, limit=BODY_MAX)


@router.step("disclose.title", roles=COMMITTEE, registered=True)
async def step_title(ctx: Context) -> None:
    title = (ctx.incoming.text or "").strip()
    if not title or len(title) > TITLE_MAX:
        ctx.reply("board/bad_title", limit=TITLE_MAX)
        return
    ctx.enter("disclose.body", title=title)
    ctx.reply("board/ask_body", limit=BODY_MAX)


@router.step("disclose.body", roles=COMMITTEE, registered=True)
async def step_body(ctx: Context) -> None:
    body = (ctx.incoming.text or "").strip()
    if not body or len(body) > BODY_MAX:
        ctx.reply("board/bad_body", limit=BODY_MAX, length=len(body))
        return
    ctx.enter("disclose.files", body=body)
    ctx.reply("board/ask_files", limit=ATTACHMENTS_MAX, buttons=[[Button(
        label="board.files_done", data=BoardFilesDone().pack())]])


@router.step("disclose.files", roles=COMMITTEE, registered=True)
async def step_files(ctx: Context) -> None:
    take_files(ctx, step="disclose.files", limit=ATTACHMENTS_MAX, texts="board")


@router.callback(BoardFilesDone, roles=COMMITTEE, step="disclose.files")
async def on_files_done(ctx: Context, _: BoardFilesDone) -> None:
    ctx.answer()
    ctx.enter("disclose.preview")
    data = ctx.conversation.data
    ctx.reply("board/preview", kind=data["kind"], title=data["title"], body=data["body"],
              files=len(data.get("attachments", [])), buttons=[[
                  Button(label="board.publish_now", data=BoardPublish(now=True).pack()),
                  Button(label="board.publish_later", data=BoardPublish(now=False).pack())]])


@router.callback(BoardPublish, roles=COMMITTEE, step="disclose.preview")
async def on_publish(ctx: Context, pick: BoardPublish) -> None:
    ctx.answer()
    if pick.now:
        await publish(ctx, None)
        return
    ctx.enter("disclose.at")
    assert ctx.community is not None
    ctx.reply("board/ask_time", example=example_time(ctx.now, ctx.community.config.zone))


@router.step("disclose.at", roles=COMMITTEE, registered=True)
async def step_at(ctx: Context) -> None:
    assert ctx.community is not None
    at = read_future_time(ctx.incoming.text or "", ctx.community.config.zone, now=ctx.now)
    if isinstance(at, Refused):
        ctx.reply(at.template, **at.params)
    else:
        await publish(ctx, at)


async def publish(ctx: Context, at: datetime | None) -> None:
    assert ctx.community is not None
    data = ctx.conversation.data
    entry = await disclosures.publish(
        ctx.session, community_id=ctx.community.id or 0, author=ctx.person,
        kind=DisclosureKind(data["kind"]), title=data["title"], body=data["body"],
        media=[Media.from_dict(m) for m in data.get("attachments", [])], at=at,
        corrects_id=data.get("corrects_id"), now=ctx.now)
    ctx.finish()
    ctx.reply("board/published", entry=entry, later=at is not None)
    ctx.sweeps_due.add("disclosures")


async def step_expects_button(ctx: Context) -> None:
    ctx.reply("board/use_buttons")


for step in ("disclose.kind", "disclose.preview"):
    router.step(step, roles=COMMITTEE, registered=True)(step_expects_button)
