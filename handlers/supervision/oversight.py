"""/allproposals and /allmatters: the supervisors (居务监督委员会) read every proposal and
every matter of the community with its record, a page at a time. Read-only: the cards
carry no button that changes anything (models/supervision/oversight*.py)."""

from chat.context import Context
from chat.router import Router
from handlers.supervision.oversight_buttons import (
    OverseeMatter,
    OverseeMatters,
    OverseeProposal,
    OverseeProposals,
)
from models.messages import Button, Markup
from models.outcomes import Refused
from models.proposals.proposals import Proposal
from models.supervision import oversight_matters, oversight_proposals
from models.supervision.oversight import OVERSEERS, Page
from models.voting.matters import Matter

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
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    shown = outcome.value
    if edit:
        ctx.answer()
    (ctx.edit if edit else ctx.reply)("supervision/oversight_proposals", shown=shown,
                                      buttons=proposal_buttons(shown))


def proposal_buttons(shown: Page[Proposal]) -> Markup:
    rows = [[Button(label="supervision.oversight_open", params={"number": p.number},
                    data=OverseeProposal(p.id or 0).pack())] for p in shown.items]
    return rows + turns(shown.page, shown.has_next, OverseeProposals)


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
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    shown = outcome.value
    if edit:
        ctx.answer()
    (ctx.edit if edit else ctx.reply)("supervision/oversight_matters", shown=shown,
                                      buttons=matter_buttons(shown))


def matter_buttons(shown: Page[Matter]) -> Markup:
    rows = [[Button(label="supervision.oversight_open", params={"number": m.number},
                    data=OverseeMatter(m.id or 0).pack())] for m in shown.items]
    return rows + turns(shown.page, shown.has_next, OverseeMatters)


@router.callback(OverseeMatter, roles=SUPERVISORS, registered=True)
async def on_matter(ctx: Context, pick: OverseeMatter) -> None:
    outcome = await oversight_matters.matter_record(ctx.session, person=ctx.person,
                                                    matter_id=pick.matter_id)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ctx.reply("supervision/oversight_matter", record=outcome.value)
