"""The optional steps of /newmeeting after the agenda: documents sent with the notice,
observers invited (列席: they get the notice, without check-in or a vote) and the
recorder who may write the minutes besides the chair. Observers and the recorder are
registered people, found by a part of their name typed and picked from buttons."""

from chat import questions
from chat.context import Context
from chat.dialogue import LookUp, Question
from chat.router import Router
from handlers.meetings.buttons import (
    MeetingDocumentsDone,
    MeetingObserverPick,
    MeetingObserversDone,
    MeetingRecorderPick,
)
from handlers.meetings.drafting import NEW_MEETING, MeetingDraft, NewMeeting
from models.meetings import invitees
from models.meetings.meetings import DOCUMENTS_MAX, OBSERVERS_MAX
from models.messages import Button, Markup
from models.people.persons import Person
from models.people.roles import Role

router = Router("meetings_invitations")
# As /newmeeting: representatives convene only on a petition that reached its share.
CONVENERS = {Role.committee, Role.representative}


def name_of(person: Person) -> str:
    return (person.name or person.display_name)[:40]


def documents_done(ctx: Context, draft: MeetingDraft) -> Markup:
    return [[Button(label="meetings.documents_done", data=MeetingDocumentsDone().pack())]]


def ask_observers(ctx: Context, draft: MeetingDraft) -> None:
    ctx.reply("meetings/ask_observers", observers=[n for _, n in draft.observers],
              limit=OBSERVERS_MAX, buttons=[[Button(label="meetings.observers_done",
                                                    data=MeetingObserversDone().pack())]])


def ask_recorder(ctx: Context, draft: MeetingDraft) -> None:
    ctx.reply("meetings/ask_recorder", buttons=[[Button(
        label="meetings.no_recorder", data=MeetingRecorderPick(0).pack())]])


async def offer(ctx: Context, template: str, pick: type[MeetingObserverPick]
                | type[MeetingRecorderPick]) -> bool:
    """What was typed, looked up among the registered people and offered as buttons;
    the step goes on only when one is pressed."""
    assert ctx.community is not None
    typed = ctx.incoming.text or ""
    found = await invitees.named(ctx.session, ctx.community.id or 0, typed)
    if not found:
        ctx.reply("meetings/no_person", typed=typed.strip()[:40])
        return False
    ctx.reply(template, buttons=[[Button(label="meetings.person", params={"name": name_of(p)},
                                         data=pick(p.id or 0).pack())] for p in found])
    return False


async def take_observer(ctx: Context, draft: MeetingDraft) -> bool:
    return await offer(ctx, "meetings/pick_observer", MeetingObserverPick)


async def take_recorder(ctx: Context, draft: MeetingDraft) -> bool:
    return await offer(ctx, "meetings/pick_recorder", MeetingRecorderPick)


def step(name: NewMeeting, question: Question[MeetingDraft] | LookUp[MeetingDraft]) -> None:
    NEW_MEETING.step(router, name, question, roles=CONVENERS, registered=True)


step(NewMeeting.DOCUMENTS, questions.files(
    "documents", questions.asking("meetings/ask_documents", limit=DOCUMENTS_MAX,
                                  buttons=documents_done),
    limit=DOCUMENTS_MAX, texts="meetings"))
step(NewMeeting.OBSERVERS, LookUp(ask_observers, take_observer))
step(NewMeeting.RECORDER, LookUp(ask_recorder, take_recorder))


@router.callback(MeetingDocumentsDone, roles=CONVENERS, registered=True,
                 step=NewMeeting.DOCUMENTS)
async def on_documents_done(ctx: Context, _: MeetingDocumentsDone) -> None:
    ctx.answer()
    NEW_MEETING.go(ctx, NEW_MEETING.draft(ctx), NewMeeting.OBSERVERS)


@router.callback(MeetingObserverPick, roles=CONVENERS, registered=True,
                 step=NewMeeting.OBSERVERS)
async def on_observer(ctx: Context, pick: MeetingObserverPick) -> None:
    """Invited, or uninvited when pressed again."""
    assert ctx.community is not None
    person = await invitees.invitable(ctx.session, ctx.community.id or 0, pick.person_id)
    if person is None:
        return ctx.answer("meetings/unknown_person", alert=True)
    draft = NEW_MEETING.draft(ctx)
    chosen = dict(draft.observers)
    if pick.person_id not in chosen and len(chosen) >= OBSERVERS_MAX:
        return ctx.answer("meetings/too_many_observers", alert=True, limit=OBSERVERS_MAX)
    ctx.answer()
    if chosen.pop(pick.person_id, None) is None:
        chosen[pick.person_id] = name_of(person)
    draft.observers = list(chosen.items())
    NEW_MEETING.go(ctx, draft, NewMeeting.OBSERVERS)


@router.callback(MeetingObserversDone, roles=CONVENERS, registered=True,
                 step=NewMeeting.OBSERVERS)
async def on_observers_done(ctx: Context, _: MeetingObserversDone) -> None:
    ctx.answer()
    NEW_MEETING.go(ctx, NEW_MEETING.draft(ctx), NewMeeting.RECORDER)


@router.callback(MeetingRecorderPick, roles=CONVENERS, registered=True,
                 step=NewMeeting.RECORDER)
async def on_recorder(ctx: Context, pick: MeetingRecorderPick) -> None:
    assert ctx.community is not None
    draft = NEW_MEETING.draft(ctx)
    draft.recorder = None
    if pick.person_id:
        person = await invitees.invitable(ctx.session, ctx.community.id or 0, pick.person_id)
        if person is None:
            return ctx.answer("meetings/unknown_person", alert=True)
        draft.recorder = (pick.person_id, name_of(person))
    ctx.answer()
    NEW_MEETING.go(ctx, draft, NewMeeting.PREVIEW)
