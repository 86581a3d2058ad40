"""/meetings: the community's meetings announced and not closed, with their state and
the person's own attendance; for the chair, the live attendance, marking present in
person someone without a phone, and closing check-in."""

from chat.context import Context
from chat.router import Router
from handlers.meetings import agenda_edit, in_session
from handlers.meetings.attend import notice_buttons
from handlers.meetings.buttons import (
    MeetingAttendanceShow,
    MeetingCloseCheckIn,
    MeetingMark,
    MeetingMarkList,
)
from models.meetings import access, agenda, attendance, notices, roster
from models.meetings.meetings import ItemState, Meeting, MeetingState
from models.messages import Button
from models.outcomes import Refused
from models.people.persons import Person
from models.people.roles import Role

router = Router("meetings")
router.include(agenda_edit.router)  # the organisers' buttons under a meeting shown here
MEMBERS = {Role.representative, Role.committee}


@router.command("meetings", roles=MEMBERS, registered=True)
async def cmd_meetings(ctx: Context) -> None:
    assert ctx.community is not None
    listed = await access.upcoming(ctx.session, ctx.community.id or 0)
    past = await access.awaiting_minutes(ctx.session, ctx.person)
    if not listed and not past:
        ctx.reply("meetings/none")
        return
    sitting = await roster.is_sitting(ctx.session, ctx.person)
    for meeting in listed:
        await show(ctx, meeting, sitting=sitting)
    for meeting in past:
        ctx.reply("meetings/awaiting_minutes", meeting=meeting,
                  buttons=in_session.minutes_buttons(meeting))


async def show(ctx: Context, meeting: Meeting, *, sitting: bool) -> None:
    mid, convened = meeting.id or 0, meeting.state == MeetingState.convened
    rows = notice_buttons(meeting) if sitting and convened else []
    chair = meeting.chair_id == ctx.person.id
    if chair:
        rows += [[Button(label="meetings.attendance", data=MeetingAttendanceShow(mid).pack()),
                  Button(label="meetings.mark_present", data=MeetingMarkList(mid).pack())]]
    if convened and ctx.person.id in (meeting.chair_id, meeting.created_by_id):
        rows += [agenda_edit.editor_row(meeting)]
    if chair and convened:
        rows += [[Button(label="meetings.close_checkin", data=MeetingCloseCheckIn(mid).pack())]]
    items = await agenda.items(ctx.session, mid)
    if chair and meeting.state == MeetingState.in_session:
        rows += in_session.item_rows(items)
    ctx.reply("meetings/item", meeting=meeting, items=items,
              mine=await roster.attendance_of(ctx.session, mid, ctx.person.id or 0),
              checkin_opens_at=await notices.checkin_opens_at(ctx.session, meeting),
              chair=chair, buttons=rows)


@router.callback(MeetingAttendanceShow, roles=MEMBERS, registered=True)
async def on_attendance(ctx: Context, pick: MeetingAttendanceShow) -> None:
    outcome = await attendance.attendance(ctx.session, person=ctx.person,
                                          meeting_id=pick.meeting_id)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ctx.reply("meetings/attendance", meeting=await ctx.session.get(Meeting, pick.meeting_id),
              summary=outcome.value, closed=False)


@router.callback(MeetingMarkList, roles=MEMBERS, registered=True)
async def on_mark_list(ctx: Context, pick: MeetingMarkList) -> None:
    meeting = await access.meeting_for(ctx.session, ctx.person, pick.meeting_id)
    if isinstance(meeting, Refused):
        return ctx.refuse(meeting)
    if refusal := access.chair_only(meeting, ctx.person):
        return ctx.refuse(refusal)
    summary = await roster.summary(ctx.session, meeting)
    missing = [*summary.absent, *(a.person for a in summary.apologies)]
    if not missing:
        return ctx.answer("meetings/all_present", alert=True)
    ctx.answer()
    ctx.reply("meetings/pick_present", meeting=meeting, buttons=[
        [Button(label="meetings.person", params={"name": p.name or p.display_name},
                data=MeetingMark(meeting.id or 0, p.id or 0).pack())] for p in missing])


@router.callback(MeetingMark, roles=MEMBERS, registered=True)
async def on_mark(ctx: Context, pick: MeetingMark) -> None:
    outcome = await attendance.mark_present(ctx.session, chair=ctx.person,
                                            meeting_id=pick.meeting_id,
                                            person_id=pick.person_id, now=ctx.now)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    running = [i for i in await agenda.items(ctx.session, pick.meeting_id)
               if i.state == ItemState.voting]  # a late arrival votes from the next item
    ctx.reply("meetings/marked_present",
              person=await ctx.session.get(Person, pick.person_id),
              meeting=await ctx.session.get(Meeting, pick.meeting_id),
              running=running[0] if running else None)


@router.callback(MeetingCloseCheckIn, roles=MEMBERS, registered=True)
async def on_close_checkin(ctx: Context, pick: MeetingCloseCheckIn) -> None:
    outcome = await attendance.close_checkin(ctx.session, chair=ctx.person,
                                             meeting_id=pick.meeting_id, now=ctx.now)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ctx.reply("meetings/attendance", meeting=await ctx.session.get(Meeting, pick.meeting_id),
              summary=outcome.value, closed=True)
