"""/hearings and registration: residents see upcoming hearings with their own
registration, register to attend or to speak, or withdraw; committee members also see
who registered and who speaks, and act on each hearing."""

from typing import Any

from chat import questions
from chat.context import Context
from chat.router import Router
from handlers.hearings.buttons import (
    HearingCancel,
    HearingChange,
    HearingMinutes,
    HearingRegister,
    HearingWithdraw,
)
from handlers.hearings.speak_drafting import SPEAK, Speak, SpeakerDraft
from models import audiences
from models.hearings import hearings
from models.hearings import seats as hearings_seats
from models.hearings.hearings import Attendance, Hearing, HearingRegistration, Seat
from models.hearings.rules import SUMMARY_MAX
from models.messages import Button, Markup
from models.outcomes import Refused
from models.people.roles import Role

router = Router("hearings")


def notice_buttons(hearing: Hearing) -> Markup:
    """Under every hearing notice: register to attend, or to speak."""
    return attend_buttons(hearing.id or 0)


def attend_buttons(hearing_id: int) -> list[list[Button]]:
    return [[Button(label=f"hearings.{a}", data=HearingRegister(hearing_id, a).pack())
             for a in Attendance]]


def places(ctx: Context, audience: dict[str, Any]) -> list[str]:
    """The audience's areas or buildings by name, as the community file spells them."""
    if ctx.community is None:
        return []
    names = dict(audiences.options(ctx.community.config, str(audience.get("kind"))))
    return [" ".join(names.get(code, [code])) for code in audience.get("codes") or []]


@router.command("hearings", registered=True)
async def cmd_hearings(ctx: Context) -> None:
    assert ctx.community is not None
    now, committee = ctx.now, Role.committee in ctx.roles
    listed = await hearings.upcoming(ctx.session, ctx.community.id or 0, now=now)
    mine = await hearings.mine(ctx.session, ctx.person.id or 0, [h.id or 0 for h in listed])
    shown = [h for h in listed if committee or h.id in mine
             or audiences.includes(h.audience, ctx.person, ctx.roles)]
    past = await hearings.awaiting_minutes(ctx.session, ctx.community.id or 0, now=now) \
        if committee else []
    if not shown and not past:
        ctx.reply("hearings/none")
        return
    for hearing in shown:
        await show(ctx, hearing, mine.get(hearing.id or 0), committee=committee)
    for hearing in past:
        ctx.reply("hearings/awaiting_minutes", hearing=hearing, buttons=[[Button(
            label="hearings.minutes", data=HearingMinutes(hearing.id or 0).pack())]])


async def show(ctx: Context, hearing: Hearing, registration: HearingRegistration | None, *,
               committee: bool) -> None:
    hid = hearing.id or 0
    rows: list[list[Button]] = [[Button(label="hearings.withdraw",
                                        data=HearingWithdraw(hid).pack())]] \
        if registration else attend_buttons(hid)
    lists: dict[str, Any] = {}
    if committee:
        rows += [[Button(label="hearings.change_time", data=HearingChange(hid, "time").pack()),
                  Button(label="hearings.change_place",
                         data=HearingChange(hid, "place").pack())],
                 [Button(label="hearings.cancel", data=HearingCancel(hid, confirmed=False).pack())]]
        lists = {"seated": await hearings.seated(ctx.session, hid),
                 "waiting": await hearings.seated(ctx.session, hid, (Seat.waiting,))}
    ctx.reply("hearings/item", hearing=hearing, registration=registration,
              places=places(ctx, hearing.audience), committee=committee, buttons=rows,
              **lists)


@router.callback(HearingRegister, registered=True)
async def on_register(ctx: Context, pick: HearingRegister) -> None:
    if pick.attendance == Attendance.speak:
        ctx.answer()
        SPEAK.start(ctx, SpeakerDraft(hearing_id=pick.hearing_id), Speak.SUMMARY)
        return
    await register(ctx, pick.hearing_id, Attendance.attend, None)


async def register_speaker(ctx: Context, draft: SpeakerDraft) -> None:
    await register(ctx, draft.hearing_id, Attendance.speak, draft.summary)


# Any text is taken: the summary is checked by registering, after whether the person
# may register at all.
SPEAK.step(router, Speak.SUMMARY, questions.text(
    "summary", questions.asking("hearings/ask_summary", limit=SUMMARY_MAX), lambda _: None),
    then=register_speaker, roles=None, registered=True)


async def register(ctx: Context, hearing_id: int, attendance: Attendance,
                   summary: str | None) -> None:
    outcome = await hearings_seats.register(
        ctx.session, person=ctx.person, hearing_id=hearing_id, attendance=attendance,
        summary=summary, now=ctx.now)
    asking = SPEAK.at(ctx) is not None
    if isinstance(outcome, Refused):
        if outcome.template == "hearings/bad_summary":
            ctx.reply(outcome.template, **outcome.params)  # asked again, draft kept
            return
        if asking:
            ctx.finish()
        return ctx.refuse(outcome)
    if asking:  # pressing "attend" leaves any other dialogue (a proposal draft) alone
        ctx.finish()
    ctx.answer()
    hearing = await ctx.session.get(Hearing, hearing_id)
    ahead = len(await hearings.seated(ctx.session, hearing_id, (Seat.waiting,)))
    ctx.reply("hearings/registered", hearing=hearing, registration=outcome.value,
              position=ahead, buttons=[[Button(label="hearings.withdraw",
                                               data=HearingWithdraw(hearing_id).pack())]])


@router.callback(HearingWithdraw, registered=True)
async def on_withdraw(ctx: Context, pick: HearingWithdraw) -> None:
    outcome = await hearings_seats.withdraw(ctx.session, person=ctx.person,
                                              hearing_id=pick.hearing_id, now=ctx.now,
                                              notify=ctx.notify)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ctx.reply("hearings/withdrawn", hearing=await ctx.session.get(Hearing, pick.hearing_id))
