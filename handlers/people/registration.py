"""/register: name, then area, building and unit from buttons, then an optional phone,
then a summary to submit. Each step is stored, so the dialogue survives a restart."""

from chat.context import Context
from chat.router import Router
from handlers.people.buttons import (
    ApproveRegistration,
    PickArea,
    PickBuilding,
    PickCommunity,
    PickUnit,
    RejectRegistration,
    RestartRegistration,
    SubmitRegistration,
)
from models import community as communities
from models.community import Community
from models.community_file import Community as CommunityFile
from models.messages import Button, RemoveKeys, ReplyKey, ReplyKeys
from models.outcomes import Refused
from models.people import registration

router = Router("registration")


@router.command("register", newcomers=True)
async def cmd_register(ctx: Context) -> None:
    if refusal := registration.may_start(ctx.person):
        return ctx.refuse(refusal)
    if ctx.community is None:
        known = await communities.all_communities(ctx.session)
        ctx.enter("register.community")
        buttons = [[Button(text=c.name, data=PickCommunity(c.id or 0).pack())] for c in known]
        ctx.reply("registration/choose_community", buttons=buttons)
        return
    ask_name(ctx)


def ask_name(ctx: Context) -> None:
    ctx.finish()
    ctx.enter("register.name")
    ctx.reply("registration/ask_name", limit=registration.NAME_MAX)


@router.callback(PickCommunity, step="register.community")
async def on_community(ctx: Context, pick: PickCommunity) -> None:
    chosen = await ctx.session.get(Community, pick.community_id)
    if chosen is None:
        return ctx.answer("common/stale_button", alert=True)
    ctx.person.community_id, ctx.community = chosen.id, chosen
    ctx.answer()
    ask_name(ctx)


@router.step("register.name", roles=None, registered=False)
async def step_name(ctx: Context) -> None:
    name = registration.clean_name(ctx.incoming.text or "")
    if name is None or ctx.community is None:
        ctx.reply("registration/bad_name", limit=registration.NAME_MAX)
        return
    ctx.enter("register.area", name=name)
    areas = ctx.community.config.areas
    ctx.reply("registration/choose_area", name=name,
              buttons=[[Button(text=a.name, data=PickArea(a.code).pack())] for a in areas])


@router.callback(PickArea, step="register.area")
async def on_area(ctx: Context, pick: PickArea) -> None:
    area = next((a for a in _config(ctx).areas if a.code == pick.area), None)
    if area is None:
        return ctx.answer("common/stale_button", alert=True)
    ctx.enter("register.building", area=area.code)
    ctx.answer()
    ctx.edit("registration/choose_building", area=area.name, buttons=_rows(
        [Button(text=b.name, data=PickBuilding(b.code).pack()) for b in area.buildings]))


@router.callback(PickBuilding, step="register.building")
async def on_building(ctx: Context, pick: PickBuilding) -> None:
    area = next(a for a in _config(ctx).areas if a.code == ctx.conversation.data["area"])
    building = next((b for b in area.buildings if b.code == pick.building), None)
    if building is None:
        return ctx.answer("common/stale_button", alert=True)
    ctx.enter("register.unit", building=building.code)
    ctx.answer()
    ctx.edit("registration/choose_unit", area=area.name, building=building.name, buttons=_rows(
        [Button(text=u.name, data=PickUnit(u.code).pack()) for u in building.units]))


@router.callback(PickUnit, step="register.unit")
async def on_unit(ctx: Context, pick: PickUnit) -> None:
    data = ctx.conversation.data
    if _config(ctx).find_unit(data["area"], data["building"], pick.unit) is None:
        return ctx.answer("common/stale_button", alert=True)
    ctx.enter("register.phone", unit=pick.unit)
    ctx.answer()
    ctx.edit("registration/unit_chosen", address=_address(ctx))
    ctx.reply("registration/ask_phone", buttons=ReplyKeys([
        [ReplyKey("registration.share_phone", request_contact=True)],
        [ReplyKey("registration.skip_phone")]]))


@router.step("register.phone", roles=None, registered=False)
async def step_phone(ctx: Context) -> None:
    contact = ctx.incoming.contact
    skip = ctx.renderer.label(ctx.language, "registration.skip_phone")
    if contact is not None and contact.user_id not in (None, ctx.incoming.user_id):
        ctx.reply("registration/not_your_contact")
        return
    if contact is None and (ctx.incoming.text or "").strip() != skip:
        ctx.reply("registration/use_buttons")
        return
    ctx.enter("register.confirm", phone=contact.phone_number if contact else None)
    ctx.reply("registration/phone_noted", buttons=RemoveKeys())
    show_summary(ctx)


def show_summary(ctx: Context) -> None:
    ctx.reply("registration/confirm", name=ctx.conversation.data["name"],
              address=_address(ctx), phone=ctx.conversation.data.get("phone"),
              buttons=[[Button(label="registration.submit",
                               data=SubmitRegistration().pack()),
                        Button(label="registration.restart",
                               data=RestartRegistration().pack())]])


@router.callback(SubmitRegistration, step="register.confirm")
async def on_submit(ctx: Context, _: SubmitRegistration) -> None:
    data, community = ctx.conversation.data, ctx.community
    assert community is not None
    person_id = ctx.person.id or 0
    outcome = await registration.submit(
        ctx.session, person=ctx.person, community=community, name=data["name"],
        address=registration.Address(data["area"], data["building"], data["unit"]),
        phone=data.get("phone"), notify=ctx.notify, now=ctx.now,
        review_buttons=[[
            Button(label="registration.approve", data=ApproveRegistration(person_id).pack()),
            Button(label="registration.reject", data=RejectRegistration(person_id).pack())]],
    )
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.finish()
    ctx.answer()
    ctx.edit("registration/submitted", number=person_id, address=_address_of(ctx))


@router.callback(RestartRegistration, step="register.confirm")
async def on_restart(ctx: Context, _: RestartRegistration) -> None:
    ctx.answer()
    ctx.edit("registration/restarted")
    ask_name(ctx)


async def step_expects_button(ctx: Context) -> None:
    ctx.reply("registration/use_buttons")


for step in ("register.community", "register.area", "register.building", "register.unit",
             "register.confirm"):
    router.step(step, roles=None, registered=False)(step_expects_button)


def _config(ctx: Context) -> CommunityFile:
    assert ctx.community is not None
    return ctx.community.config


def _address(ctx: Context) -> str:
    data = ctx.conversation.data
    return _config(ctx).address_label(data["area"], data["building"], data["unit"])


def _address_of(ctx: Context) -> str:
    assert ctx.community is not None
    return registration.address_label(ctx.community, ctx.person)


def _rows(buttons: list[Button], width: int = 3) -> list[list[Button]]:
    return [buttons[i:i + width] for i in range(0, len(buttons), width)]
