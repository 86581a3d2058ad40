"""A ticket's card (who filed it, its photos, the buttons of its state) and its view
with the history. Who gets a card and what a view shows come from models/hotline/access.py:
a card never reaches, and a view never opens for, someone who may not read the ticket."""

from chat.context import Context
from handlers.hotline.buttons import (
    TicketAccept,
    TicketMerge,
    TicketNote,
    TicketResolve,
    TicketTransfer,
)
from models.hotline import tickets
from models.hotline.access import reach, readers
from models.hotline.tickets import OPEN, Ticket, TicketState
from models.messages import Button, Markup, Media
from models.outcomes import Refused
from models.people.persons import Person


def card_buttons(ticket: Ticket, duplicate: Ticket | None = None) -> Markup | None:
    tid = ticket.id or 0
    rows: list[list[Button]] = []
    if ticket.state == TicketState.assigned:
        rows.append([Button(label="hotline.accept", data=TicketAccept(tid).pack())])
    if ticket.state == TicketState.accepted:
        rows.append([Button(label="hotline.note_internal", data=TicketNote(tid, False).pack()),
                     Button(label="hotline.note_public", data=TicketNote(tid, True).pack())])
        rows.append([Button(label="hotline.resolve", data=TicketResolve(tid).pack())])
    if ticket.state in OPEN:
        rows.append([Button(label="hotline.transfer", data=TicketTransfer(tid).pack())])
    if duplicate is not None and ticket.state in OPEN:
        rows.append([Button(label="hotline.merge", params={"number": duplicate.number},
                            data=TicketMerge(tid, duplicate.id or 0).pack())])
    return rows or None  # Telegram refuses an empty inline keyboard


async def send_cards(ctx: Context, ticket: Ticket, recipients: list[Person], *,
                     duplicate: Ticket | None = None, reason: str | None = None) -> None:
    """Each new owner gets the ticket with who filed it, its photos and the buttons."""
    photos = [Media("photo", file_id=f) for f in ticket.photos]
    reporter = await ctx.session.get(Person, ticket.reporter_id)
    for person in await readers(ctx.session, ticket, recipients):
        ctx.notify(person, "hotline/card", ticket=ticket, reporter=reporter,
                   duplicate=duplicate, reason=reason, buttons=card_buttons(ticket, duplicate),
                   media=photos or None)


async def show_ticket(ctx: Context, ticket: Ticket) -> bool:
    """The state and history, if the person may read them (else why not, and False).
    Staff also see internal notes, and who filed it unless a supervisor reads a ticket
    they do not handle whose reporter asked for anonymity; other reporters of a merged
    ticket see the name only if the filer did not stay anonymous."""
    outcome = await reach(ctx.session, ctx.person, ticket)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        return False
    access = outcome.value
    reporter = await ctx.session.get(Person, ticket.reporter_id)
    shown = None if ctx.person.id == ticket.reporter_id else (
        reporter if access.identity else None)
    merged_into = await ctx.session.get(Ticket, ticket.merged_into_id) \
        if ticket.merged_into_id else None
    duplicate = await ctx.session.get(Ticket, ticket.duplicate_of_id) \
        if ticket.duplicate_of_id else None
    ctx.reply("hotline/ticket", ticket=ticket, reporter=shown, staff=access.staff,
              merged_into=merged_into, events=await tickets.history(
                  ctx.session, ticket.id or 0, public_only=not access.staff),
              buttons=card_buttons(ticket, duplicate) if access.handles else None)
    return True


async def refresh(ctx: Context, ticket: Ticket) -> None:
    """The card again with the buttons of the ticket's new state. A new message, not an
    edit: a card with photos is a photo whose caption editMessageText cannot change."""
    duplicate = await ctx.session.get(Ticket, ticket.duplicate_of_id) \
        if ticket.duplicate_of_id else None
    reporter = await ctx.session.get(Person, ticket.reporter_id)
    ctx.reply("hotline/card", ticket=ticket, reporter=reporter, duplicate=duplicate, reason=None,
              buttons=card_buttons(ticket, duplicate))
