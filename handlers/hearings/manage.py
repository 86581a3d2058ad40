"""The committee's actions on a scheduled hearing: a new time or place, cancellation,
and the minutes once it was held."""

from chat import questions
from chat.context import Context
from chat.router import Router
from handlers.hearings.attend import notice_buttons
from handlers.hearings.buttons import (
    HearingCancel,
    HearingChange,
    HearingMinutes,
    HearingMinutesDone,
)
from handlers.hearings.change_drafting import CHANGE, Change, HearingChanges
from handlers.hearings.minutes_drafting import MINUTES, HearingMinutesDraft, Minutes
from handlers.hearings.setup import ask_time, refusal
from models.hearings import actions as hearings_actions
from models.hearings import rules
from models.hearings.hearings import MINUTES_FILES_MAX, MINUTES_MAX
from models.messages import Button, Markup
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
    ctx.answer()
    MINUTES.start(ctx, HearingMinutesDraft(hearing_id=pick.hearing_id), Minutes.TEXT)


def check_minutes(text: str) -> Refused | None:
    body = text.strip()
    if not body or len(body) > MINUTES_MAX:
        return Refused("hearings/bad_minutes", {"limit": MINUTES_MAX, "length": len(body)})
    return None


def publish_button(ctx: Context, draft: HearingMinutesDraft) -> Markup:
    return [[Button(label="hearings.publish_minutes",
                    data=HearingMinutesDone(draft.hearing_id).pack())]]


MINUTES.step(router, Minutes.TEXT, questions.text(
    "text", questions.asking("hearings/ask_minutes", limit=MINUTES_MAX), check_minutes),
    then=Minutes.FILES, roles=COMMITTEE, registered=True)
MINUTES.step(router, Minutes.FILES, questions.files(
    "attachments", questions.asking("hearings/ask_minutes_files", limit=MINUTES_FILES_MAX,
                                    buttons=publish_button),
    limit=MINUTES_FILES_MAX, texts="hearings"), roles=COMMITTEE, registered=True)


@router.callback(HearingMinutesDone, roles=COMMITTEE, registered=True, step=Minutes.FILES)
async def on_minutes_done(ctx: Context, pick: HearingMinutesDone) -> None:
    draft = MINUTES.draft(ctx)
    if pick.hearing_id != draft.hearing_id:
        return ctx.answer("common/stale_button", alert=True)
    outcome = await hearings_actions.record_minutes(
        ctx.session, actor=ctx.person, hearing_id=pick.hearing_id, text=draft.text,
        files=draft.attachments, now=ctx.now, notify=ctx.notify)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.finish()
    ctx.answer()
    ctx.edit("hearings/minuted_done", hearing=outcome.value.hearing,
             step_recorded=outcome.value.step_recorded)
