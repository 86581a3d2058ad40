"""/complain (or /report), /status and /mytickets: a resident files a complaint or a
request for help, gets a receipt with a tracking number, follows it and rates the result."""

from chat.context import Context
from chat.router import Router
from handlers.hotline.back_office import send_cards, show_ticket
from handlers.hotline.buttons import (
    TicketAnonymity,
    TicketCategory,
    TicketPhotosDone,
    TicketPlace,
    TicketRate,
    TicketRedo,
    TicketSubmit,
)
from models.hotline import actions as ticket_actions
from models.hotline import filing as ticket_filing
from models.hotline import tickets
from models.hotline.filing import Place
from models.hotline.tickets import DESCRIPTION_MAX, PHOTOS_MAX
from models.messages import Button
from models.outcomes import Refused
from models.people.registration import address_label

router = Router("hotline")


@router.command("complain", registered=True)
async def cmd_complain(ctx: Context) -> None:
    ask_category(ctx)


@router.command("report", registered=True)
async def cmd_report(ctx: Context) -> None:
    ask_category(ctx)


def ask_category(ctx: Context) -> None:
    assert ctx.community is not None
    if not ctx.community.config.categories:
        ctx.reply("hotline/no_categories")
        return
    ctx.finish()
    ctx.enter("complain.category", photos=[])
    ctx.reply("hotline/ask_category", buttons=[
        [Button(text=c.name, data=TicketCategory(c.code).pack())]
        for c in ctx.community.config.categories])


@router.callback(TicketCategory, registered=True, step="complain.category")
async def on_category(ctx: Context, pick: TicketCategory) -> None:
    if ctx.community is None or ctx.community.config.category(pick.code) is None:
        ctx.answer("common/stale_button", alert=True)
        return
    ctx.enter("complain.description", category=pick.code)
    ctx.answer()
    ctx.reply("hotline/ask_description", limit=DESCRIPTION_MAX)


@router.step("complain.description", roles=None, registered=True)
async def step_description(ctx: Context) -> None:
    text = ctx.incoming.text or ""
    if ctx.incoming.attachments or ctx.incoming.location or not text.strip():
        ctx.reply("hotline/text_only", limit=DESCRIPTION_MAX)  # a voice message, a file …
        return
    if refusal := ticket_filing.check_description(text):
        ctx.reply(refusal.template, **refusal.params)
        return
    if ctx.conversation.data.get("editing"):
        ctx.enter("complain.preview", editing=False, description=text.strip())
        show_preview(ctx)
        return
    ctx.enter("complain.photos", description=text.strip())
    ask_photos(ctx)


def ask_photos(ctx: Context) -> None:
    ctx.reply("hotline/ask_photos", limit=PHOTOS_MAX, buttons=[[Button(
        label="hotline.photos_done", data=TicketPhotosDone().pack())]])


@router.step("complain.photos", roles=None, registered=True)
async def step_photos(ctx: Context) -> None:
    found = ctx.incoming.attachments
    if not found or any(a.kind != "photo" for a in found):
        ctx.reply("hotline/photos_only", limit=PHOTOS_MAX)
        return
    photos = list(ctx.conversation.data.get("photos", []))
    if len(photos) + len(found) > PHOTOS_MAX:
        ctx.reply("hotline/too_many_photos", limit=PHOTOS_MAX)
        return
    photos += [a.file_id for a in found]
    ctx.enter("complain.photos", photos=photos)
    ctx.reply("hotline/photo_added", count=len(photos), limit=PHOTOS_MAX, buttons=[[Button(
        label="hotline.photos_done", data=TicketPhotosDone().pack())]])


@router.callback(TicketPhotosDone, registered=True, step="complain.photos")
async def on_photos_done(ctx: Context, _: TicketPhotosDone) -> None:
    ctx.enter("complain.place")
    ctx.answer()
    address = address_label(ctx.community, ctx.person) if ctx.community else ""
    home = [[Button(label="hotline.place_home", params={"address": address},
                    data=TicketPlace("home").pack())]] if address else []
    ctx.reply("hotline/ask_place", buttons=[
        *home, [Button(label="hotline.place_none", data=TicketPlace("none").pack())]])


@router.step("complain.place", roles=None, registered=True)
async def step_place(ctx: Context) -> None:
    where = ctx.incoming.location
    if where is None:
        ctx.reply("hotline/place_only")
        return
    ctx.enter("complain.anonymity", latitude=where.latitude, longitude=where.longitude)
    ask_anonymity(ctx)


@router.callback(TicketPlace, registered=True, step="complain.place")
async def on_place(ctx: Context, pick: TicketPlace) -> None:
    me = ctx.person
    home = {"area": me.area, "building": me.building, "unit": me.unit}
    ctx.enter("complain.anonymity", **(home if pick.choice == "home" else {}))
    ctx.answer()
    ask_anonymity(ctx)


def ask_anonymity(ctx: Context) -> None:
    ctx.reply("hotline/ask_anonymity", buttons=[
        [Button(label="hotline.public_name", data=TicketAnonymity(anonymous=False).pack())],
        [Button(label="hotline.anonymous", data=TicketAnonymity(anonymous=True).pack())]])


@router.callback(TicketAnonymity, registered=True, step="complain.anonymity")
async def on_anonymity(ctx: Context, pick: TicketAnonymity) -> None:
    ctx.enter("complain.preview", anonymous=pick.anonymous)
    ctx.answer()
    show_preview(ctx)


def show_preview(ctx: Context) -> None:
    assert ctx.community is not None
    data, config = ctx.conversation.data, ctx.community.config
    category = config.category(data["category"])
    place = (config.address_label(data["area"], data["building"], data["unit"])
             if data.get("building") else None)
    ctx.reply("hotline/preview", category=category.name if category else "",
              description=data["description"], photos=len(data.get("photos", [])),
              place=place, located=data.get("latitude") is not None,
              anonymous=data.get("anonymous", False),
              buttons=[[Button(label="hotline.submit", data=TicketSubmit().pack())],
                       [Button(label="hotline.redo", data=TicketRedo().pack())]])


@router.callback(TicketRedo, registered=True, step="complain.preview")
async def on_redo(ctx: Context, _: TicketRedo) -> None:
    ctx.enter("complain.description", editing=True)
    ctx.answer()
    ctx.reply("hotline/ask_description", limit=DESCRIPTION_MAX)


@router.callback(TicketSubmit, registered=True, step="complain.preview")
async def on_submit(ctx: Context, _: TicketSubmit) -> None:
    data = ctx.conversation.data
    assert ctx.community is not None
    place = Place(**{k: data.get(k) for k in ("area", "building", "unit", "latitude",
                                              "longitude")})
    outcome = await ticket_filing.file_ticket(
        ctx.session, reporter=ctx.person, community=ctx.community, category=data["category"],
        description=data["description"], photos=data.get("photos", []), place=place,
        anonymous=bool(data.get("anonymous")), now=ctx.now)
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
    if ticket is None or not await tickets.may_see(ctx.session, ctx.person, ticket):
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
    ctx.enter("complain.comment", ticket_id=pick.ticket_id)
    ctx.answer()
    ctx.edit("hotline/rated", ticket=outcome.value)


@router.step("complain.comment", roles=None, registered=True)
async def step_comment(ctx: Context) -> None:
    outcome = await ticket_actions.comment(ctx.session, person=ctx.person,
                                           ticket_id=ctx.conversation.data["ticket_id"],
                                           text=ctx.incoming.text or "", now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        return
    ctx.finish()
    ctx.reply("hotline/comment_saved", ticket=outcome.value)


async def step_expects_button(ctx: Context) -> None:
    ctx.reply("hotline/use_buttons")


for step in ("complain.category", "complain.anonymity", "complain.preview"):
    router.step(step, roles=None, registered=True)(step_expects_button)
