"""/newmeeting: a committee member, or a signer of a petition of representatives that
reached its share (handlers/meetings/petition.py), convenes a representatives' meeting
step by step (title, time, place, duration, agenda, then documents, observers and a
recorder, which may be left out), checks the preview and convenes it: the notice, with
its .ics file and the check-in and apologies buttons, goes to every sitting
representative at once."""

from collections.abc import Callable

from chat import questions
from chat.context import Context
from chat.dialogue import Question
from chat.router import Router
from handlers.meetings import agenda_step, invitation_steps
from handlers.meetings.attend import notice_buttons
from handlers.meetings.buttons import (
    MeetingAgendaDone,
    MeetingAgendaPick,
    MeetingConvene,
    MeetingDuration,
)
from handlers.meetings.drafting import NEW_MEETING, MeetingDraft, NewMeeting
from models import local_time
from models.meetings import convening, notices
from models.meetings.meetings import PLACE_MAX, TITLE_MAX, MeetingPetition
from models.messages import Button, Markup
from models.outcomes import Refused
from models.people.roles import Role

router = Router("meetings_convening")
router.include(invitation_steps.router)  # the steps between the agenda and the preview
# Representatives only with a petition that reached its share: convening.petition_for
# when the dialogue begins, convening.convene at its end.
CONVENERS = {Role.committee, Role.representative}
USE_BUTTONS = "meetings/use_buttons"
PETITION_GONE = frozenset({"meetings/petition_closed", "meetings/petition_not_found"})
DURATIONS = (60, 90, 120, 180)  # minutes offered, besides the community's default


@router.command("newmeeting", roles=CONVENERS, registered=True)
async def cmd_newmeeting(ctx: Context) -> None:
    petition = await convening.petition_for(ctx.session, ctx.person)
    if isinstance(petition, Refused):
        ctx.reply(petition.template, **petition.params)
        return
    begin(ctx, petition)


def begin(ctx: Context, petition: MeetingPetition | None) -> None:
    """The dialogue afresh, on the petition if there is one."""
    draft = MeetingDraft(petition_id=petition.id, petition_number=petition.number) \
        if petition else MeetingDraft()
    NEW_MEETING.start(ctx, draft, NewMeeting.TITLE)


def within(limit: int, template: str) -> questions.Check:
    def check(text: str) -> Refused | None:
        size = len(text.strip())
        return Refused(template, {"limit": limit}) if not 0 < size <= limit else None
    return check


def ask_time(ctx: Context, draft: MeetingDraft) -> None:
    assert ctx.community is not None
    ctx.reply("meetings/ask_time",
              example=local_time.example_time(ctx.now, ctx.community.config.zone))


def durations(ctx: Context) -> list[int]:
    default = ctx.community.config.meetings.duration_minutes if ctx.community else 120
    return sorted({*DURATIONS, default})


def duration_buttons(ctx: Context, draft: MeetingDraft) -> Markup:
    default = ctx.community.config.meetings.duration_minutes if ctx.community else 120
    return [[Button(label="meetings.duration", params={"minutes": m, "chosen": m == default},
                    data=MeetingDuration(m).pack()) for m in durations(ctx)]]


def show_preview(ctx: Context, draft: MeetingDraft) -> None:
    ctx.reply("meetings/preview", draft=draft, agenda=agenda_step.titles(draft),
              buttons=[[Button(label="meetings.convene", data=MeetingConvene(True).pack()),
                        Button(label="meetings.drop", data=MeetingConvene(False).pack())]])


def step(name: NewMeeting, question: Question[MeetingDraft],
         then: NewMeeting | Callable[[Context, MeetingDraft], object] | None = None) -> None:
    NEW_MEETING.step(router, name, question, then=then,  # type: ignore[arg-type]
                     roles=CONVENERS, registered=True)


step(NewMeeting.TITLE, questions.text(
    "title", questions.asking("meetings/ask_title", limit=TITLE_MAX),
    within(TITLE_MAX, "meetings/bad_title")), then=NewMeeting.TIME)
step(NewMeeting.TIME, questions.moment("starts_at", ask_time), then=NewMeeting.PLACE)
step(NewMeeting.PLACE, questions.text(
    "place", questions.asking("meetings/ask_place", limit=PLACE_MAX),
    within(PLACE_MAX, "meetings/bad_place")), then=NewMeeting.DURATION)
step(NewMeeting.DURATION, questions.choice(
    questions.asking("meetings/ask_duration", buttons=duration_buttons),
    use_buttons=USE_BUTTONS))
step(NewMeeting.AGENDA, agenda_step.QUESTION, then=agenda_step.ask_again)
step(NewMeeting.PREVIEW, questions.choice(show_preview, use_buttons=USE_BUTTONS))


@router.callback(MeetingDuration, roles=CONVENERS, registered=True, step=NewMeeting.DURATION)
async def on_duration(ctx: Context, pick: MeetingDuration) -> None:
    if pick.minutes not in durations(ctx):
        return ctx.answer("common/stale_button", alert=True)
    ctx.answer()
    draft = NEW_MEETING.draft(ctx)
    draft.duration_minutes = pick.minutes
    await agenda_step.offer(ctx, draft)


def plan_of(draft: MeetingDraft) -> convening.Plan:
    assert draft.starts_at is not None  # the preview comes after the time
    return convening.Plan(title=draft.title, place=draft.place, starts_at=draft.starts_at,
                          duration_minutes=draft.duration_minutes,
                          proposal_ids=list(draft.proposal_ids),
                          items=[convening.FreeItem(title) for title in draft.items],
                          petition_id=draft.petition_id,
                          documents=list(draft.documents),
                          observer_ids=[pid for pid, _ in draft.observers],
                          recorder_id=draft.recorder[0] if draft.recorder else None)


@router.callback(MeetingConvene, roles=CONVENERS, registered=True, step=NewMeeting.PREVIEW)
async def on_convene(ctx: Context, pick: MeetingConvene) -> None:
    assert ctx.community is not None
    if not pick.convene:
        ctx.finish()
        ctx.answer()
        return ctx.edit("meetings/dropped")
    draft = NEW_MEETING.draft(ctx)
    outcome = await convening.convene(ctx.session, author=ctx.person, community=ctx.community,
                                      plan=plan_of(draft), now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        # The draft stays; a time that passed while the preview was open is asked again.
        if outcome.template == "meetings/time_in_past":
            NEW_MEETING.go(ctx, draft, NewMeeting.TIME)
        # Its petition convened a meeting meanwhile (another signer was quicker): the
        # draft can never be convened on it, so it goes.
        elif draft.petition_id is not None and outcome.template in PETITION_GONE:
            ctx.finish()
        return
    sent = await notices.send_notices(ctx.session, actor=ctx.person,
                                      meeting_id=outcome.value.id or 0, now=ctx.now,
                                      notify=ctx.notify, buttons=notice_buttons)
    if isinstance(sent, Refused):
        return ctx.refuse(sent)
    ctx.finish()
    ctx.answer()
    ctx.edit("meetings/convened", meeting=sent.value, notified=ctx.notified)


@router.callback(MeetingAgendaPick, roles=CONVENERS, registered=True, step=NewMeeting.AGENDA)
async def on_agenda_pick(ctx: Context, pick: MeetingAgendaPick) -> None:
    if not agenda_step.toggle(ctx, NEW_MEETING.draft(ctx), pick.proposal_id):
        return ctx.answer("common/stale_button", alert=True)
    ctx.answer()


@router.callback(MeetingAgendaDone, roles=CONVENERS, registered=True, step=NewMeeting.AGENDA)
async def on_agenda_done(ctx: Context, _: MeetingAgendaDone) -> None:
    draft = NEW_MEETING.draft(ctx)
    if not draft.proposal_ids and not draft.items:
        return ctx.answer("meetings/agenda_needed", alert=True)
    ctx.answer()
    NEW_MEETING.go(ctx, draft, NewMeeting.DOCUMENTS)
