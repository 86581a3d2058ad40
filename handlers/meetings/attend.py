"""A representative at a meeting: check in (签到) with the button under the notice or
in /meetings, or send apologies (请假) with a reason."""

from chat import questions
from chat.context import Context
from chat.router import Router
from handlers.meetings.buttons import MeetingApologies, MeetingCheckIn
from handlers.meetings.drafting import APOLOGIES, Apologies, ApologiesDraft
from models.meetings import attendance
from models.meetings.meetings import REASON_MAX, Meeting
from models.messages import Button
from models.outcomes import Refused
from models.people.persons import Person
from models.people.roles import Role

router = Router("meetings_attend")
REPRESENTATIVES = {Role.representative}


def notice_buttons(meeting: Meeting, person: Person | None = None) -> list[list[Button]]:
    """Under every representative's notice (and their meeting in /meetings)."""
    return [[Button(label="meetings.check_in", data=MeetingCheckIn(meeting.id or 0).pack()),
             Button(label="meetings.apologies",
                    data=MeetingApologies(meeting.id or 0).pack())]]


@router.callback(MeetingCheckIn, roles=REPRESENTATIVES, registered=True)
async def on_check_in(ctx: Context, pick: MeetingCheckIn) -> None:
    outcome = await attendance.check_in(ctx.session, person=ctx.person,
                                        meeting_id=pick.meeting_id, now=ctx.now)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ctx.reply("meetings/checked_in", meeting=await ctx.session.get(Meeting, pick.meeting_id),
              at=outcome.value.at)


@router.callback(MeetingApologies, roles=REPRESENTATIVES, registered=True)
async def on_apologies(ctx: Context, pick: MeetingApologies) -> None:
    ctx.answer()
    APOLOGIES.start(ctx, ApologiesDraft(meeting_id=pick.meeting_id), Apologies.REASON)


async def send_apologies(ctx: Context, draft: ApologiesDraft) -> None:
    outcome = await attendance.send_apologies(ctx.session, person=ctx.person,
                                              meeting_id=draft.meeting_id,
                                              reason=draft.reason, now=ctx.now)
    if isinstance(outcome, Refused) and outcome.template == "meetings/bad_reason":
        ctx.reply(outcome.template, **outcome.params)  # asked again, the draft kept
        return
    ctx.finish()
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.reply("meetings/apologies_sent",
              meeting=await ctx.session.get(Meeting, draft.meeting_id), reason=draft.reason)


# Any text is taken: the reason is checked by the use case, after whether the person
# may send apologies at all.
APOLOGIES.step(router, Apologies.REASON, questions.text(
    "reason", questions.asking("meetings/ask_reason", limit=REASON_MAX), lambda _: None,
    texts_only="meetings/text_only"),
    then=send_apologies, roles=REPRESENTATIVES, registered=True)
