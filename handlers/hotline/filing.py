"""/complain (or /report), /status and /mytickets: a resident files a complaint or a
request for help, gets a receipt with a tracking number, follows it and rates the result."""

from chat import questions
from chat.context import Context
from chat.dialogue import Question
from chat.router import Router
from handlers.hotline.buttons import (
    TicketAnonymity,
    TicketCategory,
    TicketPhotosDone,
    TicketPlace,
    TicketRate,
    TicketRedo,
    TicketSubmit,
)
from handlers.hotline.cards import send_cards, show_ticket
from handlers.hotline.filing_drafting import (
    COMPLAIN,
    RATED,
    Complain,
    NewTicket,
    Rated,
    RatedTicket,
)
from models.hotline import actions as ticket_actions
from models.hotline import filing as ticket_filing
from models.hotline import tickets
from models.hotline.filing import Place
from models.hotline.tickets import DESCRIPTION_MAX, PHOTOS_MAX
from models.messages import Button, Markup
from models.outcomes import Refused
from models.people.registration import address_label

router = Router("hotline")


@router.command("complain", registered=True)
async def cmd_complain(ctx: Context) -> None:
    begin(ctx)


@router.command("report", registered=True)
async def cmd_report(ctx: Context) -> None:
    begin(ctx)


def begin(ctx: Context) -> None:
    assert ctx.community is not None
    if not ctx.community.config.categories:
        ctx.reply("hotline/no_categories")
        return
    COMPLAIN.start(ctx, NewTicket(), Complain.CATEGORY)


def categories(ctx: Context, draft: NewTicket) -> Markup:
    assert ctx.community is not None
    return [[Button(text=c.name, data=TicketCategory(c.code).pack())]
            for c in ctx.community.config.categories]


@router.callback(TicketCategory, registered=True, step=Complain.CATEGORY)
async def on_category(ctx: Context, pick: TicketCategory) -> None:
    if ctx.community is None or ctx.community.config.category(pick.code) is None:
        ctx.answer("common/stale_button", alert=True)
        return
    draft = COMPLAIN.draft(ctx)
    draft.category = pick.code
    ctx.answer()
    COMPLAIN.go(ctx, draft, Complain.DESCRIPTION)


ask_description: questions.Ask[NewTicket] = questions.asking("hotline/ask_description",
                                                            limit=DESCRIPTION_MAX)
describing = questions.text("description", ask_description, ticket_filing.check_description)


def take_description(ctx: Context, draft: NewTicket) -> bool:
    typed = (ctx.incoming.text or "").strip()
    if ctx.incoming.attachments or ctx.incoming.location or not typed:
        ctx.reply("hotline/text_only", limit=DESCRIPTION_MAX)  # a voice message, a file …
        return False
    return describing.take(ctx, draft)


def after_description(ctx: Context, draft: NewTicket) -> None:
    """On to the photos, or back to the preview when the description was redone."""
    following = Complain.PREVIEW if draft.editing else Complain.PHOTOS
    draft.editing = False
    COMPLAIN.go(ctx, draft, following)


def photos_done(ctx: Context, draft: NewTicket) -> Markup:
    return [[Button(label="hotline.photos_done", data=TicketPhotosDone().pack())]]


def take_photos(ctx: Context, draft: NewTicket) -> bool:
    found = ctx.incoming.attachments
    if not found or any(a.kind != "photo" for a in found):
        ctx.reply("hotline/photos_only", limit=PHOTOS_MAX)
        return False
    if len(draft.photos) + len(found) > PHOTOS_MAX:
        ctx.reply("hotline/too_many_photos", limit=PHOTOS_MAX)
        return False
    draft.photos += [a.file_id for a in found]
    ctx.reply("hotline/photo_added", count=len(draft.photos), limit=PHOTOS_MAX,
              buttons=photos_done(ctx, draft))
    return True


@router.callback(TicketPhotosDone, registered=True, step=Complain.PHOTOS)
async def on_photos_done(ctx: Context, _: TicketPhotosDone) -> None:
    ctx.answer()
    COMPLAIN.go(ctx, COMPLAIN.draft(ctx), Complain.PLACE)


def ask_place(ctx: Context, draft: NewTicket) -> None:
    address = address_label(ctx.community, ctx.person) if ctx.community else ""
    home = [[Button(label="hotline.place_home", params={"address": address},
                    data=TicketPlace("home").pack())]] if address else []
    ctx.reply("hotline/ask_place", buttons=[
        *home, [Button(label="hotline.place_none", data=TicketPlace("none").pack())]])


def take_location(ctx: Context, draft: NewTicket) -> bool:
    where = ctx.incoming.location
    if where is None:
        ctx.reply("hotline/place_only")
        return False
    draft.latitude, draft.longitude = where.latitude, where.longitude
    return True


@router.callback(TicketPlace, registered=True, step=Complain.PLACE)
async def on_place(ctx: Context, pick: TicketPlace) -> None:
    draft, me = COMPLAIN.draft(ctx), ctx.person
    if pick.choice == "home":
        draft.area, draft.building, draft.unit = me.area, me.building, me.unit
    ctx.answer()
    COMPLAIN.go(ctx, draft, Complain.ANONYMITY)


def ask_anonymity(ctx: Context, draft: NewTicket) -> None:
    ctx.reply("hotline/ask_anonymity", buttons=[
        [Button(label="hotline.public_name", data=TicketAnonymity(anonymous=False).pack())],
        [Button(label="hotline.anonymous", data=TicketAnonymity(anonymous=True).pack())]])


@router.callback(TicketAnonymity, registered=True, step=Complain.ANONYMITY)
async def on_anonymity(ctx: Context, pick: TicketAnonymity) -> None:
    draft = COMPLAIN.draft(ctx)
    draft.anonymous = pick.anonymous
    ctx.answer()
    COMPLAIN.go(ctx, draft, Complain.PREVIEW)


def show_preview(ctx: Context, draft: NewTicket) -> None:
    assert ctx.community is not None
    config = ctx.community.config
    category = config.category(draft.category)
    place = (config.address_label(draft.area or "", draft.building, draft.unit or "")
             if draft.building else None)
    ctx.reply("hotline/preview", category=category.name if category else "",
              description=draft.description, photos=len(draft.photos),
              place=place, located=draft.latitude is not None, anonymous=draft.anonymous,
              buttons=[[Button(label="hotline.submit", data=TicketSubmit().pack())],
                       [Button(label="hotline.redo", data=TicketRedo().pack())]])


USE_BUTTONS = "hotline/use_buttons"
COMPLAIN.step(router, Complain.CATEGORY, questions.choice(
    questions.asking("hotline/ask_category", buttons=categories), use_buttons=USE_BUTTONS),
    roles=None, registered=True)
COMPLAIN.step(router, Complain.DESCRIPTION, Question(ask_description, take_description),
              then=after_description, roles=None, registered=True)
COMPLAIN.step(router, Complain.PHOTOS, Question(questions.asking(
    "hotline/ask_photos", limit=PHOTOS_MAX, buttons=photos_done), take_photos),
    roles=None, registered=True)
COMPLAIN.step(router, Complain.PLACE, Question(ask_place, take_location),
              then=Complain.ANONYMITY, roles=None, registered=True)
COMPLAIN.step(router, Complain.ANONYMITY, questions.choice(ask_anonymity,
                                                           use_buttons=USE_BUTTONS),
              roles=None, registered=True)
COMPLAIN.step(router, Complain.PREVIEW, questions.choice(show_preview, use_buttons=USE_BUTTONS),
              roles=None, registered=True)


@router.callback(TicketRedo, registered=True, step=Complain.PREVIEW)
async def on_redo(ctx: Context, _: TicketRedo) -> None:
    draft = COMPLAIN.draft(ctx)
    draft.editing = True
    ctx.answer()
    COMPLAIN.go(ctx, draft, Complain.DESCRIPTION)


@router.callback(TicketSubmit, registered=True, step=Complain.PREVIEW)
async def on_submit(ctx: Context, _: TicketSubmit) -> None:
    draft = COMPLAIN.draft(ctx)
    assert ctx.community is not None
    place = Place(area=draft.area, building=draft.building, unit=draft.unit,
                  latitude=draft.latitude, longitude=draft.longitude)
    outcome = await ticket_filing.file_ticket(
        ctx.session, reporter=ctx.person, community=ctx.community, category=draft.category,
        description=draft.description, photos=draft.photos, place=place,
        anonymous=draft.anonymous, now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        return
    filed = outcome.value
    await send_cards(ctx, filed.ticket, filed.handlers, duplicate=filed.duplicate)
    ctx.finish()
    ctx.answer()
    ctx.edit("hotline/receipt", ticket=filed.ticket, handled=bool(filed.handlers))


@router.command("status", registered=True)
async def cmd_status(ctx: Context) -> None:
    number = ctx.incoming.args.split()[0] if ctx.incoming.args else ""
    if not number or ctx.community is None:
        ctx.reply("hotline/status_usage")
        return
    ticket = await tickets.by_number(ctx.session, ctx.community.id or 0, number)
    # One answer for "no such number" and "not yours": a guess learns nothing.
    if ticket is None:
        ctx.reply("hotline/not_found", number=number[:20])
        return
    await show_ticket(ctx, ticket)


@router.command("mytickets", registered=True)
async def cmd_mytickets(ctx: Context) -> None:
    mine = await tickets.of_reporter(ctx.session, ctx.person.id or 0)
    if not mine:
        ctx.reply("hotline/none_of_mine")
        return
    for ticket in mine:
        await show_ticket(ctx, ticket)


@router.callback(TicketRate, registered=True)
async def on_rate(ctx: Context, pick: TicketRate) -> None:
    if ctx.community is None:
        ctx.answer("common/stale_button", alert=True)
        return
    outcome = await ticket_actions.rate(
        ctx.session, person=ctx.person, community=ctx.community, ticket_id=pick.ticket_id,
        rating=pick.rating, notify=ctx.notify, now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        return
    ctx.answer()
    RATED.save(ctx, RatedTicket(ticket_id=pick.ticket_id), Rated.COMMENT)
    ctx.edit("hotline/rated", ticket=outcome.value)


async def comment(ctx: Context, draft: RatedTicket) -> None:
    outcome = await ticket_actions.comment(ctx.session, person=ctx.person,
                                           ticket_id=draft.ticket_id,
                                           text=ctx.incoming.text or "", now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        return
    ctx.finish()
    ctx.reply("hotline/comment_saved", ticket=outcome.value)


def anything(ctx: Context, draft: RatedTicket) -> bool:
    return True  # the use case checks the comment


def rated_asks(ctx: Context, draft: RatedTicket) -> None:
    """Nothing more: the rating's own message invites the comment."""


RATED.step(router, Rated.COMMENT, Question(rated_asks, anything), then=comment, roles=None,
           registered=True)
