"""The committee's actions on a scheduled hearing: a new time or place, cancellation,
and the minutes once it was held."""

from chat import questions
from chat.context import Context
from chat.router import Router
from handlers.drafts import take_files
from handlers.hearings.attend import notice_buttons
from handlers.hearings.buttons import (
    HearingCancel,
    HearingChange,
    HearingMinutes,
    HearingMinutesDone,
)
from handlers.hearings.change_drafting import CHANGE, Change, HearingChanges
from handlers.hearings.setup import ask_time, refusal
from models.hearings import actions as hearings_actions
from models.hearings import rules
from models.hearings.hearings import MINUTES_FILES_MAX, MINUTES_MAX
from models.messages import Button
from models.outcomes import Refused
from models.people.roles import Role

router = Router("hearings_manage")
COMMITTEE = {Role.committee}


@router.callback(HearingChange, roles=COMMITTEE, registered=True)
async def on_change(ctx: Context, pick: HearingChange) -> None:
    ctx.answer()
    CHANGE.start(ctx, HearingChanges(hearing_id=pick.hearing_id),
                 Change.TIME if pick.what == "time" else Change.PLACE)


async def send_change(ctx: Context, draft: HearingChanges) -> None:
    outcome = await hearings_actions.change(
        ctx.session, actor=ctx.person, hearing_id=draft.hearing_id, now=ctx.now,
        notify=ctx.notify, buttons=notice_buttons, starts_at=draft.starts_at,
        place=draft.place)
    ctx.finish()
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.reply("hearings/change_sent", hearing=outcome.value, notified=ctx.notified)


CHANGE.step(router, Change.TIME, questions.moment("starts_at", ask_time),
            then=send_change, roles=COMMITTEE, registered=True)
CHANGE.step(router, Change.PLACE, questions.text(
    "place", questions.asking("hearings/ask_place", limit=rules.PLACE_MAX),
    refusal(rules.check_place)), then=send_change, roles=COMMITTEE, registered=True)


@router.callback(HearingCancel, roles=COMMITTEE, registered=True)
async def on_cancel(ctx: Context, pick: HearingCancel) -> None:
    if not pick.confirmed:
        ctx.answer()
        confirm = HearingCancel(pick.hearing_id, confirmed=True)
        ctx.reply("hearings/cancel_confirm", buttons=[[Button(
            label="hearings.cancel_confirm", data=confirm.pack())]])
        return
    outcome = await hearings_actions.cancel(ctx.session, actor=ctx.person,
                                            hearing_id=pick.hearing_id, now=ctx.now,
                                            notify=ctx.notify)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ctx.edit("hearings/cancel_sent", hearing=outcome.value, notified=ctx.notified)


@router.callback(HearingMinutes, roles=COMMITTEE, registered=True)
async def on_minutes(ctx: Context, pick: HearingMinutes) -> None:
    ctx.enter("hearing.minutes", hearing_id=pick.hearing_id, attachments=[])
    ctx.answer()
    ctx.reply("hearings/ask_minutes", limit=MINUTES_MAX)


@router.step("hearing.minutes", roles=COMMITTEE, registered=True)
async def step_minutes(ctx: Context) -> None:
    text = (ctx.incoming.text or "").strip()
    if not text or len(text) > MINUTES_MAX:
        ctx.reply("hearings/bad_minutes", limit=MINUTES_MAX, length=len(text))
        return
    ctx.enter("hearing.minutes_files", text=text)
    ask_files(ctx)


def ask_files(ctx: Context) -> None:
    ctx.reply("hearings/ask_minutes_files", limit=MINUTES_FILES_MAX, buttons=[[Button(
        label="hearings.publish_minutes",
        data=HearingMinutesDone(ctx.conversation.data["hearing_id"]).pack())]])


@router.step("hearing.minutes_files", roles=COMMITTEE, registered=True)
async def step_minutes_files(ctx: Context) -> None:
    take_files(ctx, step="hearing.minutes_files", limit=MINUTES_FILES_MAX, texts="hearings")


@router.callback(HearingMinutesDone, roles=COMMITTEE, registered=True,
                 step="hearing.minutes_files")
async def on_minutes_done(ctx: Context, pick: HearingMinutesDone) -> None:
    data = ctx.conversation.data
    if pick.hearing_id != data.get("hearing_id"):
        return ctx.answer("common/stale_button", alert=True)
    outcome = await hearings_actions.record_minutes(
        ctx.session, actor=ctx.person, hearing_id=pick.hearing_id, text=data["text"],
        files=data.get("attachments", []), now=ctx.now, notify=ctx.notify)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.finish()
    ctx.answer()
    ctx.edit("hearings/minuted_done", hearing=outcome.value.hearing,
             step_recorded=outcome.value.step_recorded)
