"""The agenda step of /newmeeting: the community's accepted proposals as buttons that
put each on the agenda or take it off again, and free items typed one per message."""

from chat.context import Context
from chat.dialogue import Question
from handlers.meetings.buttons import MeetingAgendaDone, MeetingAgendaPick
from handlers.meetings.drafting import NEW_MEETING, MeetingDraft, NewMeeting
from models.meetings import agenda
from models.messages import Button, Markup
from models.proposals import proposals
from models.proposals.stages import Stage
from models.supervision.answering import pending_for_meeting

ACCEPTED = frozenset({Stage.accepted})


async def offer(ctx: Context, draft: MeetingDraft) -> None:
    """Look up the accepted proposals once, then ask for the agenda."""
    assert ctx.community is not None
    found = await proposals.in_stages(ctx.session, ctx.community.id or 0, ACCEPTED)
    draft.offered = [(p.id or 0, f"{p.number} {p.title}"[:60]) for p in found]
    # Answers the inquirers put to the meeting (质询不满意), to be typed in as items.
    if inquiries := await pending_for_meeting(ctx.session, ctx.community.id or 0):
        ctx.reply("supervision/inquiry_pending_for_meeting", inquiries=inquiries)
    NEW_MEETING.go(ctx, draft, NewMeeting.AGENDA)


def buttons(draft: MeetingDraft) -> Markup:
    return [*[[Button(label="meetings.proposal",
                      params={"label": label, "chosen": pid in draft.proposal_ids},
                      data=MeetingAgendaPick(pid).pack())] for pid, label in draft.offered],
            [Button(label="meetings.agenda_done", data=MeetingAgendaDone().pack())]]


def titles(draft: MeetingDraft) -> list[str]:
    """The agenda as it stands: the proposals picked, then the items typed."""
    offered = dict(draft.offered)
    return [offered.get(p, str(p)) for p in draft.proposal_ids] + draft.items


def ask(ctx: Context, draft: MeetingDraft) -> None:
    ctx.reply("meetings/ask_agenda", agenda=titles(draft), offered=bool(draft.offered),
              buttons=buttons(draft))


def take(ctx: Context, draft: MeetingDraft) -> bool:
    """A message is a free item: its title."""
    typed = (ctx.incoming.text or "").strip()
    if refusal := agenda.check_item(typed, ""):
        ctx.reply(refusal.template, **refusal.params)
        return False
    draft.items.append(typed)
    return True


def ask_again(ctx: Context, draft: MeetingDraft) -> None:
    NEW_MEETING.ask(ctx, draft, NewMeeting.AGENDA)


QUESTION = Question(ask, take)


def toggle(ctx: Context, draft: MeetingDraft, proposal_id: int) -> bool:
    """On the agenda, or off again; False for a proposal that was not offered."""
    if proposal_id not in dict(draft.offered):
        return False
    if proposal_id in draft.proposal_ids:
        draft.proposal_ids.remove(proposal_id)
    else:
        draft.proposal_ids.append(proposal_id)
    NEW_MEETING.save(ctx, draft)
    ctx.edit("meetings/ask_agenda", agenda=titles(draft), offered=bool(draft.offered),
             buttons=buttons(draft))
    return True
