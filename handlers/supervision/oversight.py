"""/allproposals and /allmatters: the supervisors (居务监督委员会) read every proposal and
every matter of the community with its record, a page at a time. Read-only: the cards
carry no button that changes anything (models/supervision/oversight*.py)."""

from collections.abc import Callable
from typing import Any

from chat.context import Context
from chat.payloads import Payload
from chat.router import Router
from handlers.supervision.oversight_buttons import (
    OverseeMatter,
    OverseeMatters,
    OverseeProposal,
    OverseeProposals,
)
from models.messages import Button
from models.outcomes import Outcome, Refused
from models.supervision import oversight_matters, oversight_proposals
from models.supervision.oversight import OVERSEERS, Page

router = Router("oversight")
SUPERVISORS = set(OVERSEERS)


@router.command("allproposals", roles=SUPERVISORS, registered=True)
async def cmd_allproposals(ctx: Context) -> None:
    await show_proposals(ctx, 0, edit=False)


@router.callback(OverseeProposals, roles=SUPERVISORS, registered=True)
async def on_proposals(ctx: Context, pick: OverseeProposals) -> None:
    await show_proposals(ctx, pick.page, edit=True)


async def show_proposals(ctx: Context, page: int, *, edit: bool) -> None:
    outcome = await oversight_proposals.proposals_page(ctx.session, person=ctx.person,
                                                       page=page)
    show_page(ctx, outcome, "supervision/oversight_proposals", OverseeProposal,
              OverseeProposals, edit=edit)


def show_page(ctx: Context, outcome: Outcome[Page[Any]], template: str,
              opened: Callable[[int], Payload],
              turned: type[OverseeProposals | OverseeMatters], *, edit: bool) -> None:
    """A page of proposals or matters: a button to open each, and the turns."""
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    shown = outcome.value
    if edit:
        ctx.answer()
    rows = [[Button(label="supervision.oversight_open", params={"number": row.number},
                    data=opened(row.id or 0).pack())] for row in shown.items]
    (ctx.edit if edit else ctx.reply)(template, shown=shown,
                                      buttons=rows + turns(shown.page, shown.has_next, turned))


def turns(page: int, has_next: bool, payload: type[OverseeProposals | OverseeMatters]
          ) -> list[list[Button]]:
    row = [Button(label="supervision.newer", data=payload(page - 1).pack())] if page else []
    if has_next:
        row.append(Button(label="supervision.older", data=payload(page + 1).pack()))
    return [row] if row else []


@router.callback(OverseeProposal, roles=SUPERVISORS, registered=True)
async def on_proposal(ctx: Context, pick: OverseeProposal) -> None:
    outcome = await oversight_proposals.proposal_record(ctx.session, person=ctx.person,
                                                        proposal_id=pick.proposal_id)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ctx.reply("supervision/oversight_proposal", record=outcome.value)


@router.command("allmatters", roles=SUPERVISORS, registered=True)
async def cmd_allmatters(ctx: Context) -> None:
    await show_matters(ctx, 0, edit=False)


@router.callback(OverseeMatters, roles=SUPERVISORS, registered=True)
async def on_matters(ctx: Context, pick: OverseeMatters) -> None:
    await show_matters(ctx, pick.page, edit=True)


async def show_matters(ctx: Context, page: int, *, edit: bool) -> None:
    outcome = await oversight_matters.matters_page(ctx.session, person=ctx.person, page=page)
    show_page(ctx, outcome, "supervision/oversight_matters", OverseeMatter, OverseeMatters,
              edit=edit)


@router.callback(OverseeMatter, roles=SUPERVISORS, registered=True)
async def on_matter(ctx: Context, pick: OverseeMatter) -> None:
    outcome = await oversight_matters.matter_record(ctx.session, person=ctx.person,
                                                    matter_id=pick.matter_id)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ctx.reply("supervision/oversight_matter", record=outcome.value)
