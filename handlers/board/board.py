"""The disclosure board in the chat (居务公开): /disclosures to browse it, /subscribe to
receive every publication, and /disclose for the committee to publish, now or at a set
time, or to correct an entry with a new one that points at it."""

from typing import get_args

from chat import questions
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
from handlers.board.drafting import DISCLOSE, Disclose, NewDisclosure
from handlers.supervision import finding_buttons
from models.board import authorship, disclosures
from models.board.authorship import SUPERVISORS_ONLY
from models.board.disclosures import BODY_MAX, PAGE, TITLE_MAX, DisclosureKind
from models.local_time import example_time
from models.messages import Button, Markup, Media
from models.outcomes import Refused
from models.people.roles import Role
from models.proposals import deadlines
from models.supervision import deadlines as inquiry_deadlines

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
    first, community_id = page == 0, ctx.community.id or 0
    overdue = await deadlines.overdue(ctx.session, community_id, now=ctx.now) if first else []
    inquiries = await inquiry_deadlines.overdue(ctx.session, community_id, now=ctx.now) \
        if first else []
    show("board/page", entries=entries, total=total, page=page, kind=kind, overdue=overdue,
         inquiries=inquiries,
         buttons=[*rows, nav, *(kinds[i:i + 5] for i in range(0, len(kinds), 5))])


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
    buttons = correct_buttons(ctx, entry.kind, entry.id or 0) if ctx.private else None
    ctx.reply("board/entry", entry=entry, corrected=corrected, buttons=buttons,
              corrections=await disclosures.corrections_of(ctx.session, entry.id or 0,
                                                           now=now),
              media=[Media.from_dict(m) for m in entry.media] or None)


def correct_buttons(ctx: Context, kind: DisclosureKind, entry_id: int) -> Markup | None:
    """The correct button for those whose entry it is: the supervisors' for a finding."""
    if kind in SUPERVISORS_ONLY:
        return finding_buttons.correct(entry_id) if Role.supervisor in ctx.roles else None
    if Role.committee in ctx.roles:
        return [[Button(label="board.correct", data=BoardCorrect(entry_id).pack())]]
    return None


@router.command("subscribe", registered=True)
async def cmd_subscribe(ctx: Context) -> None:
    subscribed = await disclosures.toggle_subscription(ctx.session, ctx.person, now=ctx.now)
    ctx.reply("board/subscribed" if subscribed else "board/unsubscribed")


@router.command("disclose", roles=COMMITTEE, registered=True)
async def cmd_disclose(ctx: Context) -> None:
    DISCLOSE.start(ctx, NewDisclosure(), Disclose.KIND)


def ask_kind(ctx: Context, draft: NewDisclosure) -> None:
    ctx.reply("board/ask_kind", buttons=[
        [Button(label="board.kind", params={"kind": k.value, "chosen": False},
                data=BoardKind(k).pack())] for k in MANUAL])


@router.callback(BoardKind, roles=COMMITTEE, step=Disclose.KIND)
async def on_kind(ctx: Context, pick: BoardKind) -> None:
    ctx.answer()
    draft = DISCLOSE.draft(ctx)
    draft.kind = pick.kind
    DISCLOSE.go(ctx, draft, Disclose.TITLE)


@router.callback(BoardCorrect, roles=COMMITTEE, registered=True)
async def on_correct(ctx: Context, pick: BoardCorrect) -> None:
    found = await authorship.may_correct(ctx.session, ctx.person, pick.entry_id, now=ctx.now)
    if isinstance(found, Refused):
        return ctx.refuse(found)
    entry = found.value
    ctx.answer()
    ctx.finish()
    title = ctx.render("board/correction_title", entry=entry)[:TITLE_MAX]
    # At the body, asked for as a correction of the entry rather than as a new body.
    DISCLOSE.save(ctx, NewDisclosure(kind=entry.kind, title=title, corrects_id=entry.id),
                  Disclose.BODY)
    ctx.reply("board/ask_correction", entry=entry, limit=BODY_MAX)


def check_title(typed: str) -> Refused | None:
    title = typed.strip()
    return Refused("board/bad_title", {"limit": TITLE_MAX}) \
        if not title or len(title) > TITLE_MAX else None


def check_body(typed: str) -> Refused | None:
    body = typed.strip()
    return Refused("board/bad_body", {"limit": BODY_MAX, "length": len(body)}) \
        if not body or len(body) > BODY_MAX else None


def files_done(ctx: Context, draft: NewDisclosure) -> Markup:
    return [[Button(label="board.files_done", data=BoardFilesDone().pack())]]


def show_preview(ctx: Context, draft: NewDisclosure) -> None:
    ctx.reply("board/preview", kind=draft.kind, title=draft.title, body=draft.body,
              files=len(draft.attachments), buttons=[[
                  Button(label="board.publish_now", data=BoardPublish(now=True).pack()),
                  Button(label="board.publish_later", data=BoardPublish(now=False).pack())]])


def ask_time(ctx: Context, draft: NewDisclosure) -> None:
    assert ctx.community is not None
    ctx.reply("board/ask_time", example=example_time(ctx.now, ctx.community.config.zone))


async def publish(ctx: Context, draft: NewDisclosure) -> None:
    assert draft.kind is not None
    outcome = await authorship.publish_by_hand(
        ctx.session, author=ctx.person, kind=draft.kind, title=draft.title, body=draft.body,
        media=[Media.from_dict(m) for m in draft.attachments], at=draft.at,
        corrects_id=draft.corrects_id, now=ctx.now)
    ctx.finish()
    if isinstance(outcome, Refused):  # the button was answered already: say it in a reply
        ctx.reply(outcome.template, **outcome.params)
        return
    ctx.reply("board/published", entry=outcome.value, later=draft.at is not None)
    ctx.sweeps_due.add("disclosures")


USE_BUTTONS = "board/use_buttons"
DISCLOSE.step(router, Disclose.KIND, questions.choice(ask_kind, use_buttons=USE_BUTTONS),
              roles=COMMITTEE, registered=True)
DISCLOSE.step(router, Disclose.TITLE, questions.text(
    "title", questions.asking("board/ask_title", limit=TITLE_MAX), check_title),
    then=Disclose.BODY, roles=COMMITTEE, registered=True)
DISCLOSE.step(router, Disclose.BODY, questions.text(
    "body", questions.asking("board/ask_body", limit=BODY_MAX), check_body),
    then=Disclose.FILES, roles=COMMITTEE, registered=True)
DISCLOSE.step(router, Disclose.FILES, questions.files(
    "attachments", questions.asking("board/ask_files", limit=ATTACHMENTS_MAX,
                                    buttons=files_done),
    limit=ATTACHMENTS_MAX, texts="board"), roles=COMMITTEE, registered=True)
DISCLOSE.step(router, Disclose.PREVIEW, questions.choice(show_preview,
                                                        use_buttons=USE_BUTTONS),
              roles=COMMITTEE, registered=True)
DISCLOSE.step(router, Disclose.AT, questions.moment("at", ask_time), then=publish,
              roles=COMMITTEE, registered=True)


@router.callback(BoardFilesDone, roles=COMMITTEE, step=Disclose.FILES)
async def on_files_done(ctx: Context, _: BoardFilesDone) -> None:
    ctx.answer()
    DISCLOSE.go(ctx, DISCLOSE.draft(ctx), Disclose.PREVIEW)


@router.callback(BoardPublish, roles=COMMITTEE, step=Disclose.PREVIEW)
async def on_publish(ctx: Context, pick: BoardPublish) -> None:
    ctx.answer()
    draft = DISCLOSE.draft(ctx)
    if pick.now:
        await publish(ctx, draft)
        return
    DISCLOSE.go(ctx, draft, Disclose.AT)
