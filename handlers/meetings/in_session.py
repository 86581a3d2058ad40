"""The chair once check-in is closed: each agenda item put to the vote of those present
(handlers/meetings/item_vote.py; their ballots are the votes' own buttons), its vote
closed and its result announced with the chair's next buttons, then the meeting closed
and its minutes written, approved and published."""

from typing import Any

from chat import questions
from chat.context import Context
from chat.router import Router
from handlers.meetings import item_vote
from handlers.meetings.buttons import (
    MeetingClose,
    MeetingItemClose,
    MeetingItemOpen,
    MeetingMinutesApprove,
    MeetingMinutesWrite,
)
from handlers.meetings.drafting import MINUTES, Minutes, MinutesDraft
from models.community import Community
from models.meetings import agenda, minutes, votes
from models.meetings.meetings import MINUTES_MAX, ItemState, Meeting, MeetingItem
from models.messages import Button
from models.outcomes import Refused
from models.people.roles import Role
from models.voting.closing import Chart, Render
from models.voting.matters import Matter
from models.voting.periodic import draw_result
from models.voting.tally import Result

router = Router("meetings_in_session")
router.include(item_vote.router)  # how an item's vote is put, and opening it
MEMBERS = {Role.representative, Role.committee}


def item_rows(items: list[MeetingItem]) -> list[list[Button]]:
    """The chair's buttons of a meeting in session: open each pending item's vote,
    close the running one, close the meeting when none runs."""
    rows = [[Button(label="meetings.vote_item", params={"position": i.position},
                    data=MeetingItemOpen(i.id or 0).pack())]
            for i in items if i.state == ItemState.pending]
    rows += [[Button(label="meetings.close_vote", params={"position": i.position},
                     data=MeetingItemClose(i.id or 0).pack())]
             for i in items if i.state == ItemState.voting]
    if items and not any(i.state == ItemState.voting for i in items):
        rows.append([Button(label="meetings.close_meeting",
                            data=MeetingClose(items[0].meeting_id).pack())])
    return rows


router.provide(votes.CHAIR, item_rows)  # under the result of a vote that ran its time


def tools(ctx: Context) -> tuple[Chart, Render]:
    """The result's chart and disclosure texts, in the community's language."""
    community: Community | None = ctx.community
    language = community.config.default_language if community else ctx.language

    async def chart(matter: Matter, result: Result) -> bytes:
        return await draw_result(ctx.renderer, language, matter, result)

    def render(name: str, params: dict[str, Any]) -> str:
        return ctx.renderer.render(language, name, community=community,
                                   zone=community.config.timezone if community else None,
                                   **params)

    return chart, render


@router.callback(MeetingItemClose, roles=MEMBERS, registered=True)
async def on_close_vote(ctx: Context, pick: MeetingItemClose) -> None:
    chart, render = tools(ctx)
    outcome = await votes.close_item(ctx.session, chair=ctx.person, item_id=pick.item_id,
                                     now=ctx.now, notify=ctx.notify, chart=chart,
                                     render=render)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ended = outcome.value
    ctx.reply("meetings/vote_ended", item=ended.item,
              matter=ended.closed.matter if ended.closed else None,
              result=ended.closed.result if ended.closed else None,
              buttons=item_rows(await agenda.items(ctx.session, ended.item.meeting_id)))


@router.callback(MeetingClose, roles=MEMBERS, registered=True)
async def on_close_meeting(ctx: Context, pick: MeetingClose) -> None:
    outcome = await votes.close_meeting(ctx.session, chair=ctx.person,
                                        meeting_id=pick.meeting_id, now=ctx.now,
                                        notify=ctx.notify, buttons=minutes_buttons)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ctx.reply("meetings/meeting_closed", meeting=outcome.value,
              buttons=minutes_buttons(outcome.value))


def minutes_buttons(meeting: Meeting) -> list[list[Button]]:
    """Write (or rewrite) the minutes; approve them once written (the chair's, checked
    by the use case)."""
    rows = [[Button(label="meetings.write_minutes",
                    data=MeetingMinutesWrite(meeting.id or 0).pack())]]
    if meeting.minutes is not None:
        rows.append([Button(label="meetings.approve_minutes",
                            data=MeetingMinutesApprove(meeting.id or 0).pack())])
    return rows


# Anyone registered: the recorder need hold no role; the use case checks who may.
@router.callback(MeetingMinutesWrite, roles=None, registered=True)
async def on_write_minutes(ctx: Context, pick: MeetingMinutesWrite) -> None:
    meeting = await minutes.writable(ctx.session, ctx.person, pick.meeting_id, lock=False)
    if isinstance(meeting, Refused):  # said at the press, before any text is typed
        return ctx.refuse(meeting)
    ctx.answer()
    MINUTES.start(ctx, MinutesDraft(meeting_id=pick.meeting_id), Minutes.TEXT)


async def record(ctx: Context, draft: MinutesDraft) -> None:
    outcome = await minutes.record_minutes(ctx.session, actor=ctx.person,
                                           meeting_id=draft.meeting_id, text=draft.text,
                                           now=ctx.now, notify=ctx.notify,
                                           buttons=minutes_buttons)
    if isinstance(outcome, Refused) and outcome.template == "meetings/bad_minutes":
        ctx.reply(outcome.template, **outcome.params)  # asked again, the draft kept
        return
    ctx.finish()
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    chair = outcome.value.chair_id == ctx.person.id
    ctx.reply("meetings/minutes_recorded", meeting=outcome.value, chair=chair,
              buttons=[[Button(label="meetings.approve_minutes",
                               data=MeetingMinutesApprove(draft.meeting_id).pack())]]
              if chair else None)


# Any text is taken: the use case checks it, after whether the person may write them.
MINUTES.step(router, Minutes.TEXT, questions.text(
    "text", questions.asking("meetings/ask_minutes", limit=MINUTES_MAX), lambda _: None,
    texts_only="meetings/text_only"), then=record, roles=None, registered=True)


@router.callback(MeetingMinutesApprove, roles=MEMBERS, registered=True)
async def on_approve_minutes(ctx: Context, pick: MeetingMinutesApprove) -> None:
    _, render = tools(ctx)
    outcome = await minutes.approve_minutes(ctx.session, chair=ctx.person,
                                            meeting_id=pick.meeting_id, now=ctx.now,
                                            render=render)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ctx.reply("meetings/minutes_published", entry=outcome.value,
              meeting=await ctx.session.get(Meeting, pick.meeting_id))
