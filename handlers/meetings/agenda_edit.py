"""The organisers change the agenda of a convened meeting from /meetings until it opens:
add an accepted proposal or a new item typed for it, remove an item, move one up or
down; then tell the representatives of the agenda as changed, once."""

from chat.context import Context
from chat.dialogue import LookUp
from chat.router import Router
from handlers.meetings.buttons import (
    MeetingAgendaEdit,
    MeetingAgendaTell,
    MeetingItemAdd,
    MeetingItemAddProposal,
    MeetingItemMove,
    MeetingItemRemove,
)
from handlers.meetings.drafting import AGENDA_ADD, AgendaAdd, AgendaAddDraft
from models.meetings import agenda, notices
from models.meetings.meetings import TITLE_MAX, Meeting, MeetingItem
from models.messages import Button
from models.outcomes import Refused
from models.people.roles import Role
from models.proposals import proposals
from models.proposals.stages import Stage

router = Router("meetings_agenda")
MEMBERS = {Role.representative, Role.committee}
ASKED_AGAIN = {"meetings/bad_item_title", "meetings/bad_item_body"}


def editor_row(meeting: Meeting) -> list[Button]:
    return [Button(label="meetings.edit_agenda", data=MeetingAgendaEdit(meeting.id or 0).pack())]


def editor_buttons(meeting: Meeting, items: list[MeetingItem]) -> list[list[Button]]:
    """Up and down where an item can go, remove, add, and telling once it changed."""
    rows: list[list[Button]] = []
    for item in items:
        at, row = {"position": item.position}, []
        if item.position > 1:
            row.append(Button(label="meetings.item_up", params=at,
                              data=MeetingItemMove(item.id or 0, True).pack()))
        if item.position < len(items):
            row.append(Button(label="meetings.item_down", params=at,
                              data=MeetingItemMove(item.id or 0, False).pack()))
        rows.append([*row, Button(label="meetings.item_remove", params=at,
                                  data=MeetingItemRemove(item.id or 0).pack())])
    rows.append([Button(label="meetings.add_item", data=MeetingItemAdd(meeting.id or 0).pack())])
    if meeting.agenda_changed_at is not None:
        rows.append([Button(label="meetings.tell_agenda",
                            data=MeetingAgendaTell(meeting.id or 0).pack())])
    return rows


async def show_editor(ctx: Context, meeting_id: int, *, edit: bool) -> None:
    meeting = await ctx.session.get(Meeting, meeting_id)
    assert meeting is not None  # the use case just found it
    items = await agenda.items(ctx.session, meeting_id)
    show = ctx.edit if edit else ctx.reply
    show("meetings/agenda_editor", meeting=meeting, items=items,
         changed=meeting.agenda_changed_at is not None,
         buttons=editor_buttons(meeting, items))


@router.callback(MeetingAgendaEdit, roles=MEMBERS, registered=True)
async def on_edit(ctx: Context, pick: MeetingAgendaEdit) -> None:
    meeting = await agenda.editable(ctx.session, ctx.person, pick.meeting_id, lock=False)
    if isinstance(meeting, Refused):
        return ctx.refuse(meeting)
    ctx.answer()
    await show_editor(ctx, pick.meeting_id, edit=False)


@router.callback(MeetingItemMove, roles=MEMBERS, registered=True)
async def on_move(ctx: Context, pick: MeetingItemMove) -> None:
    item = await ctx.session.get(MeetingItem, pick.item_id)
    if item is None:
        return ctx.refuse(Refused("meetings/item_not_found"))
    outcome = await agenda.move_item(ctx.session, actor=ctx.person, item_id=pick.item_id,
                                     position=item.position + (-1 if pick.up else 1),
                                     now=ctx.now)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    await show_editor(ctx, item.meeting_id, edit=True)


@router.callback(MeetingItemRemove, roles=MEMBERS, registered=True)
async def on_remove(ctx: Context, pick: MeetingItemRemove) -> None:
    item = await ctx.session.get(MeetingItem, pick.item_id)
    outcome = await agenda.remove_item(ctx.session, actor=ctx.person, item_id=pick.item_id,
                                       now=ctx.now)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    assert item is not None  # it was there to be removed
    ctx.answer()
    await show_editor(ctx, item.meeting_id, edit=True)


@router.callback(MeetingItemAdd, roles=MEMBERS, registered=True)
async def on_add(ctx: Context, pick: MeetingItemAdd) -> None:
    meeting = await agenda.editable(ctx.session, ctx.person, pick.meeting_id, lock=False)
    if isinstance(meeting, Refused):
        return ctx.refuse(meeting)
    ctx.answer()
    listed = {i.proposal_id for i in await agenda.items(ctx.session, pick.meeting_id)}
    found = await proposals.in_stages(ctx.session, meeting.community_id,
                                      frozenset({Stage.accepted}))
    offered = [(p.id or 0, f"{p.number} {p.title}"[:60]) for p in found if p.id not in listed]
    AGENDA_ADD.start(ctx, AgendaAddDraft(meeting_id=pick.meeting_id, number=meeting.number,
                                         offered=offered), AgendaAdd.ITEM)


def ask_item(ctx: Context, draft: AgendaAddDraft) -> None:
    ctx.reply("meetings/ask_add_item", number=draft.number, offered=bool(draft.offered),
              limit=TITLE_MAX, buttons=[
                  [Button(label="meetings.add_proposal", params={"label": label},
                          data=MeetingItemAddProposal(pid).pack())]
                  for pid, label in draft.offered])


async def added(ctx: Context, draft: AgendaAddDraft, outcome: object, *, edit: bool) -> None:
    ctx.finish()
    if isinstance(outcome, Refused):
        if edit:
            return ctx.refuse(outcome)
        ctx.reply(outcome.template, **outcome.params)
        return
    if edit:
        ctx.answer()
    await show_editor(ctx, draft.meeting_id, edit=edit)


async def take_item(ctx: Context, draft: AgendaAddDraft) -> bool:
    """A message is a new item: its title, checked by the use case."""
    if ctx.incoming.attachments and not ctx.incoming.text:
        ctx.reply("meetings/text_only")
        return False
    outcome = await agenda.add_item(ctx.session, actor=ctx.person, meeting_id=draft.meeting_id,
                                    title=ctx.incoming.text or "", now=ctx.now)
    if isinstance(outcome, Refused) and outcome.template in ASKED_AGAIN:
        ctx.reply(outcome.template, **outcome.params)  # asked again, the draft kept
        return False
    await added(ctx, draft, outcome, edit=False)
    return False  # the dialogue is over: nothing more to store


AGENDA_ADD.step(router, AgendaAdd.ITEM, LookUp(ask_item, take_item), roles=MEMBERS,
                registered=True)


@router.callback(MeetingItemAddProposal, roles=MEMBERS, registered=True, step=AgendaAdd.ITEM)
async def on_add_proposal(ctx: Context, pick: MeetingItemAddProposal) -> None:
    draft = AGENDA_ADD.draft(ctx)
    if pick.proposal_id not in dict(draft.offered):
        return ctx.answer("common/stale_button", alert=True)
    outcome = await agenda.add_item(ctx.session, actor=ctx.person, meeting_id=draft.meeting_id,
                                    proposal_id=pick.proposal_id, now=ctx.now)
    await added(ctx, draft, outcome, edit=True)


@router.callback(MeetingAgendaTell, roles=MEMBERS, registered=True)
async def on_tell(ctx: Context, pick: MeetingAgendaTell) -> None:
    outcome = await notices.tell_agenda(ctx.session, actor=ctx.person,
                                        meeting_id=pick.meeting_id, now=ctx.now,
                                        notify=ctx.notify)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    await show_editor(ctx, pick.meeting_id, edit=True)
    ctx.reply("meetings/agenda_told", meeting=await ctx.session.get(Meeting, pick.meeting_id),
              count=outcome.value)
