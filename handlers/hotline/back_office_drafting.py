"""The back office's dialogues: a handler presses a button on a ticket's card and types
the reason for a transfer, a note, or the resolution. The draft names the ticket."""

from enum import StrEnum

from chat.dialogue import Dialogue, Draft


class TicketWork(StrEnum):
    TRANSFER = "ticket.transfer"
    NOTE = "ticket.note"
    RESOLVE = "ticket.resolve"


class OnTicket(Draft):
    ticket_id: int = 0
    number: str = ""  # the prompts name the ticket by its number
    department: str | None = None  # a transfer's: to a department …
    handler_id: int | None = None  # … or to a colleague
    public: bool = False  # a note the resident sees


# Begun by the buttons on a ticket's card, which /queue shows.
TICKET_WORK = Dialogue(TicketWork, OnTicket, command="queue")
