"""/register: name, then area, building and unit from buttons, the door number when
the community's households go by door (一户一票), then an optional phone, then a
summary to submit. Each step is stored, so the dialogue survives a restart."""

from chat import questions
from chat.context import Context
from chat.dialogue import Question
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
from handlers.people.drafting import REGISTER, Applicant, Register
from models import community as communities
from models.community import Community
from models.community_file import Area
from models.community_file import Community as CommunityFile
from models.messages import Button, RemoveKeys, ReplyKey, ReplyKeys
from models.outcomes import Refused
from models.people import receipts, registration

router = Router("registration")


@router.command("register", newcomers=True)
async def cmd_register(ctx: Context) -> None:
    if refusal := registration.may_start(ctx.person):
        return ctx.refuse(refusal)
    if ctx.community is None:
        known = await communities.all_communities(ctx.session)
        REGISTER.start(ctx, Applicant(), Register.COMMUNITY)
        buttons = [[Button(text=c.name, data=PickCommunity(c.id or 0).pack())] for c in known]
        ctx.reply("registration/choose_community", buttons=buttons)
        return
    REGISTER.start(ctx, Applicant(), Register.NAME)


def communities_listed(ctx: Context, draft: Applicant) -> None:
    """Nothing to ask again: /register lists the communities, read from the database."""


@router.callback(PickCommunity, step=Register.COMMUNITY)
async def on_community(ctx: Context, pick: PickCommunity) -> None:
    chosen = await ctx.session.get(Community, pick.community_id)
    if chosen is None:
        return ctx.answer("common/stale_button", alert=True)
    ctx.person.community_id, ctx.community = chosen.id, chosen
    ctx.answer()
    REGISTER.start(ctx, Applicant(), Register.NAME)


def take_name(ctx: Context, draft: Applicant) -> bool:
    name = registration.clean_name(ctx.incoming.text or "")
    if name is None or ctx.community is None:
        ctx.reply("registration/bad_name", limit=registration.NAME_MAX)
        return False
    draft.name = name
    return True


def ask_area(ctx: Context, draft: Applicant) -> None:
    ctx.reply("registration/choose_area", name=draft.name, buttons=[
        [Button(text=a.name, data=PickArea(a.code).pack())] for a in _config(ctx).areas])


@router.callback(PickArea, step=Register.AREA)
async def on_area(ctx: Context, pick: PickArea) -> None:
    if _area(ctx, pick.area) is None:
        return ctx.answer("common/stale_button", alert=True)
    draft = REGISTER.draft(ctx)
    draft.area = pick.area
    ctx.answer()
    REGISTER.go(ctx, draft, Register.BUILDING)


def ask_building(ctx: Context, draft: Applicant) -> None:
    area = _area(ctx, draft.area)
    assert area is not None
    ctx.edit("registration/choose_building", area=area.name, buttons=_rows(
        [Button(text=b.name, data=PickBuilding(b.code).pack()) for b in area.buildings]))


@router.callback(PickBuilding, step=Register.BUILDING)
async def on_building(ctx: Context, pick: PickBuilding) -> None:
    draft = REGISTER.draft(ctx)
    area = _area(ctx, draft.area)
    if area is None or all(b.code != pick.building for b in area.buildings):
        return ctx.answer("common/stale_button", alert=True)
    draft.building = pick.building
    ctx.answer()
    REGISTER.go(ctx, draft, Register.UNIT)


def ask_unit(ctx: Context, draft: Applicant) -> None:
    area = _area(ctx, draft.area)
    assert area is not None
    building = next(b for b in area.buildings if b.code == draft.building)
    ctx.edit("registration/choose_unit", area=area.name, building=building.name, buttons=_rows(
        [Button(text=u.name, data=PickUnit(u.code).pack()) for u in building.units]))


@router.callback(PickUnit, step=Register.UNIT)
async def on_unit(ctx: Context, pick: PickUnit) -> None:
    draft = REGISTER.draft(ctx)
    if _config(ctx).find_unit(draft.area, draft.building, pick.unit) is None:
        return ctx.answer("common/stale_button", alert=True)
    draft.unit = pick.unit
    ctx.answer()
    ctx.edit("registration/unit_chosen", address=_address(ctx, draft))
    by_door = _config(ctx).households.by == "door"
    REGISTER.go(ctx, draft, Register.DOOR if by_door else Register.PHONE)


def take_door(ctx: Context, draft: Applicant) -> bool:
    door = registration.clean_door(ctx.incoming.text or "")
    if door is None:
        ctx.reply("registration/bad_door", limit=registration.DOOR_MAX)
        return False
    draft.door = door
    return True


def ask_phone(ctx: Context, draft: Applicant) -> None:
    ctx.reply("registration/ask_phone", buttons=ReplyKeys([
        [ReplyKey("registration.share_phone", request_contact=True)],
        [ReplyKey("registration.skip_phone")]]))


def take_phone(ctx: Context, draft: Applicant) -> bool:
    contact = ctx.incoming.contact
    skip = ctx.renderer.label(ctx.language, "registration.skip_phone")
    if contact is not None and contact.user_id not in (None, ctx.incoming.user_id):
        ctx.reply("registration/not_your_contact")
        return False
    if contact is None and (ctx.incoming.text or "").strip() != skip:
        ctx.reply("registration/use_buttons")
        return False
    draft.phone = contact.phone_number if contact else None
    ctx.reply("registration/phone_noted", buttons=RemoveKeys())
    return True


def show_summary(ctx: Context, draft: Applicant) -> None:
    ctx.reply("registration/confirm", name=draft.name, address=_address(ctx, draft),
              door=draft.door, phone=draft.phone,
              buttons=[[Button(label="registration.submit",
                               data=SubmitRegistration().pack()),
                        Button(label="registration.restart",
                               data=RestartRegistration().pack())]])


USE_BUTTONS = "registration/use_buttons"
REGISTER.step(router, Register.COMMUNITY, questions.choice(
    communities_listed, use_buttons=USE_BUTTONS), roles=None, registered=False)
REGISTER.step(router, Register.NAME, Question(questions.asking(
    "registration/ask_name", limit=registration.NAME_MAX), take_name), then=Register.AREA,
    roles=None, registered=False)
for step, ask in ((Register.AREA, ask_area), (Register.BUILDING, ask_building),
                  (Register.UNIT, ask_unit), (Register.CONFIRM, show_summary)):
    REGISTER.step(router, step, questions.choice(ask, use_buttons=USE_BUTTONS), roles=None,
                  registered=False)
REGISTER.step(router, Register.DOOR, Question(questions.asking(
    "registration/ask_door", limit=registration.DOOR_MAX), take_door), then=Register.PHONE,
    roles=None, registered=False)
REGISTER.step(router, Register.PHONE, Question(ask_phone, take_phone), then=Register.CONFIRM,
              roles=None, registered=False)


@router.callback(SubmitRegistration, step=Register.CONFIRM)
async def on_submit(ctx: Context, _: SubmitRegistration) -> None:
    draft, community = REGISTER.draft(ctx), ctx.community
    assert community is not None
    person_id = ctx.person.id or 0
    outcome = await registration.submit(
        ctx.session, person=ctx.person, community=community, name=draft.name,
        address=registration.Address(draft.area, draft.building, draft.unit, draft.door),
        phone=draft.phone, notify=ctx.notify, now=ctx.now,
        review_buttons=[[
            Button(label="registration.approve", data=ApproveRegistration(person_id).pack()),
            Button(label="registration.reject", data=RejectRegistration(person_id).pack())]],
    )
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.finish()
    ctx.answer()
    ctx.edit("registration/submitted", number=await receipts.receipt_of(ctx.session, person_id),
             address=_address_of(ctx))


@router.callback(RestartRegistration, step=Register.CONFIRM)
async def on_restart(ctx: Context, _: RestartRegistration) -> None:
    ctx.answer()
    ctx.edit("registration/restarted")
    REGISTER.start(ctx, Applicant(), Register.NAME)


def _config(ctx: Context) -> CommunityFile:
    assert ctx.community is not None
    return ctx.community.config


def _area(ctx: Context, code: str) -> Area | None:
    return next((a for a in _config(ctx).areas if a.code == code), None)


def _address(ctx: Context, draft: Applicant) -> str:
    return _config(ctx).address_label(draft.area, draft.building, draft.unit)


def _address_of(ctx: Context) -> str:
    assert ctx.community is not None
    return registration.address_label(ctx.community, ctx.person)


def _rows(buttons: list[Button], width: int = 3) -> list[list[Button]]:
    return [buttons[i:i + width] for i in range(0, len(buttons), width)]
