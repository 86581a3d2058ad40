"""The back office: ticket cards with their buttons, /queue, accept, transfer (with a
reason), notes, resolution and merging duplicates; /stats for the committee and
supervisors."""


from chat import questions
from chat.context import Context
from chat.dialogue import Question
from chat.router import Router
from handlers.hotline import ranking
from handlers.hotline.back_office_drafting import TICKET_WORK, OnTicket, TicketWork
from handlers.hotline.buttons import (
    TicketAccept,
    TicketMerge,
    TicketNote,
    TicketRate,
    TicketResolve,
    TicketTransfer,
    TicketTransferTo,
)
from handlers.hotline.cards import refresh, send_cards, show_ticket
from models.hotline import actions as ticket_actions
from models.hotline import tickets
from models.hotline.actions import Handed
from models.hotline.chart import received_chart
from models.hotline.reports import month_bounds
from models.hotline.stats import hotline_stats, year_stats
from models.hotline.tickets import OPEN, TEXT_MAX, Rating, Ticket, TicketState
from models.local_time import parse_month, parse_year
from models.messages import Button
from models.outcomes import Refused
from models.people.roles import Role

router = Router("tickets_back_office")
# Supervisors handle the supervised tickets (about the committee) the way handlers do
# theirs; models/hotline/access.py keeps each to their own.
HANDLERS = {Role.handler, Role.supervisor}
OVERSIGHT = {Role.committee, Role.supervisor}
RETYPE = {"hotline/bad_text", "hotline/reason_needed"}


def refuse_text(ctx: Context, refusal: Refused) -> None:
    """Explain why typed text was refused. Text that can be corrected keeps the dialogue
    waiting for it; otherwise (the ticket moved on, or is no longer theirs) it ends."""
    if refusal.template not in RETYPE:
        ctx.finish()
    ctx.refuse(refusal)


@router.command("queue", roles=HANDLERS, registered=True)
async def cmd_queue(ctx: Context) -> None:
    department = await tickets.department_of(ctx.session, ctx.person.id or 0)
    queue = await tickets.queue_of(ctx.session, ctx.person.id or 0, department,
                                   ctx.person.community_id or 0,
                                   supervisor=Role.supervisor in ctx.roles)
    shown = [await show_ticket(ctx, ticket) for ticket in queue]
    if not any(shown):
        ctx.reply("hotline/queue_empty")


@router.callback(TicketAccept, roles=HANDLERS, registered=True)
async def on_accept(ctx: Context, pick: TicketAccept) -> None:
    outcome = await ticket_actions.accept(ctx.session, handler=ctx.person,
                                          ticket_id=pick.ticket_id, notify=ctx.notify, now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        return
    ctx.answer("hotline/accepted_done", ticket=outcome.value)
    await refresh(ctx, outcome.value)


@router.callback(TicketTransfer, roles=HANDLERS, registered=True)
async def on_transfer(ctx: Context, pick: TicketTransfer) -> None:
    ticket, refusal = await ticket_actions.for_owner(ctx.session, ctx.person, pick.ticket_id,
                                                     OPEN)
    if refusal or ticket is None or ctx.community is None:
        return ctx.refuse(refusal or Refused("common/stale_button"))
    departments = [[Button(text=d.name, data=TicketTransferTo(ticket.id or 0, d.code, 0).pack())]
                   for d in ctx.community.config.departments
                   if d.code != ticket.department and not ticket.supervised]
    colleagues = [[Button(text=p.name or p.display_name,
                          data=TicketTransferTo(ticket.id or 0, "", p.id or 0).pack())]
                  for p in await tickets.handlers_of(ctx.session, ticket.community_id,
                                                     ticket.department) if p.id != ctx.person.id]
    if not departments and not colleagues:
        return ctx.refuse(Refused("hotline/bad_transfer"))
    ctx.answer()
    ctx.reply("hotline/ask_transfer_target", ticket=ticket, buttons=[*departments, *colleagues])


@router.callback(TicketTransferTo, roles=HANDLERS, registered=True)
async def on_transfer_to(ctx: Context, pick: TicketTransferTo) -> None:
    ticket, refusal = await ticket_actions.for_owner(ctx.session, ctx.person, pick.ticket_id,
                                                     OPEN)
    if refusal or ticket is None:
        return ctx.refuse(refusal or Refused("common/stale_button"))
    ctx.answer()
    TICKET_WORK.start(ctx, OnTicket(ticket_id=ticket.id or 0, number=ticket.number,
                                    department=pick.department or None,
                                    handler_id=pick.handler_id or None), TicketWork.TRANSFER)


async def transfer(ctx: Context, draft: OnTicket) -> None:
    assert ctx.community is not None
    outcome = await ticket_actions.transfer(
        ctx.session, handler=ctx.person, community=ctx.community, ticket_id=draft.ticket_id,
        reason=ctx.incoming.text or "", notify=ctx.notify, department=draft.department,
        to_handler_id=draft.handler_id, now=ctx.now)
    if isinstance(outcome, Refused):
        refuse_text(ctx, outcome)
        return
    handed: Handed = outcome.value
    duplicate = await ctx.session.get(Ticket, handed.ticket.duplicate_of_id) \
        if handed.ticket.duplicate_of_id else None
    await send_cards(ctx, handed.ticket, handed.recipients, duplicate=duplicate,
               reason=(ctx.incoming.text or "").strip())
    ctx.finish()
    ctx.reply("hotline/transferred_done", ticket=handed.ticket)


@router.callback(TicketNote, roles=HANDLERS, registered=True)
async def on_note(ctx: Context, pick: TicketNote) -> None:
    ticket, refusal = await ticket_actions.for_owner(ctx.session, ctx.person, pick.ticket_id,
                                                     OPEN)
    if refusal or ticket is None:
        return ctx.refuse(refusal or Refused("common/stale_button"))
    ctx.answer()
    TICKET_WORK.start(ctx, OnTicket(ticket_id=ticket.id or 0, number=ticket.number,
                                    public=pick.public), TicketWork.NOTE)


async def note(ctx: Context, draft: OnTicket) -> None:
    outcome = await ticket_actions.add_note(
        ctx.session, handler=ctx.person, ticket_id=draft.ticket_id,
        text=ctx.incoming.text or "", public=draft.public, notify=ctx.notify, now=ctx.now)
    if isinstance(outcome, Refused):
        refuse_text(ctx, outcome)
        return
    ctx.finish()
    ctx.reply("hotline/note_added", ticket=outcome.value, public=draft.public)


@router.callback(TicketResolve, roles=HANDLERS, registered=True)
async def on_resolve(ctx: Context, pick: TicketResolve) -> None:
    ticket, refusal = await ticket_actions.for_owner(ctx.session, ctx.person, pick.ticket_id,
                                                     {TicketState.accepted})
    if refusal or ticket is None:
        return ctx.refuse(refusal or Refused("common/stale_button"))
    ctx.answer()
    TICKET_WORK.start(ctx, OnTicket(ticket_id=ticket.id or 0, number=ticket.number),
                      TicketWork.RESOLVE)


async def resolve(ctx: Context, draft: OnTicket) -> None:
    outcome = await ticket_actions.resolve(ctx.session, handler=ctx.person,
                                           ticket_id=draft.ticket_id,
                                           text=ctx.incoming.text or "", now=ctx.now)
    if isinstance(outcome, Refused):
        refuse_text(ctx, outcome)
        return
    ticket = outcome.value.ticket
    for person in outcome.value.recipients:
        ctx.notify(person, "hotline/resolved", ticket=ticket, buttons=[[
            Button(label=f"hotline.rate_{r}", data=TicketRate(ticket.id or 0, r).pack())
            for r in Rating]]
            if person.id == ticket.reporter_id else None)
    ctx.finish()
    ctx.reply("hotline/resolved_done", ticket=ticket)


# The draft stands for the ticket in the prompts: they show only its number.
def ask_note(ctx: Context, draft: OnTicket) -> None:
    ctx.reply("hotline/ask_note", ticket=draft, public=draft.public, limit=TEXT_MAX)


def ask_resolution(ctx: Context, draft: OnTicket) -> None:
    ctx.reply("hotline/ask_resolution", ticket=draft, limit=TEXT_MAX)


def typed(ctx: Context, draft: OnTicket) -> bool:
    return True  # the use case checks the text, and refuse_text explains a refusal


TICKET_WORK.step(router, TicketWork.TRANSFER, Question(questions.asking(
    "hotline/ask_transfer_reason", limit=TEXT_MAX), typed), then=transfer, roles=HANDLERS,
    registered=True)
TICKET_WORK.step(router, TicketWork.NOTE, Question(ask_note, typed), then=note,
                 roles=HANDLERS, registered=True)
TICKET_WORK.step(router, TicketWork.RESOLVE, Question(ask_resolution, typed), then=resolve,
                 roles=HANDLERS, registered=True)


@router.callback(TicketMerge, roles=HANDLERS, registered=True)
async def on_merge(ctx: Context, pick: TicketMerge) -> None:
    outcome = await ticket_actions.merge(ctx.session, handler=ctx.person,
                                         ticket_id=pick.ticket_id, target_id=pick.target_id,
                                         notify=ctx.notify, now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        return
    ctx.answer()
    ctx.reply("hotline/merged_done", ticket=outcome.value)


@router.command("stats", roles=OVERSIGHT, registered=True)
async def cmd_stats(ctx: Context) -> None:
    """This month so far, the month named as "2026-10" or "10月", or a whole year as
    "2026" (按月统计，年终汇总)."""
    assert ctx.community is not None
    config, now = ctx.community.config, ctx.now
    if (year := parse_year(ctx.incoming.args or "")) is not None:
        ctx.reply("hotline/stats_year", year=await year_stats(
            ctx.session, community_id=ctx.community.id or 0, year=year, zone=config.zone,
            now=now))
        return
    moment = parse_month(ctx.incoming.args, config.zone, now=now) if ctx.incoming.args else now
    if moment is None:
        ctx.reply("hotline/stats_usage")
        return
    start, end = month_bounds(moment, config.zone)
    month = start.strftime("%Y-%m")
    stats = await hotline_stats(ctx.session, community_id=ctx.community.id or 0, start=start,
                                end=end, now=now)
    media = await received_chart(ctx.session, title=ctx.render("hotline/chart_title",
                                                               month=month),
                                 config=config, stats=stats, name=f"hotline-{month}.png",
                                 now=ctx.now)
    # The supervised tickets' own figures are the supervisors'; the committee sees a count.
    ctx.reply("hotline/stats", stats=stats, month=month, media=media,
              full=Role.supervisor in ctx.roles, buttons=ranking.buttons(month))
