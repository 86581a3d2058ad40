"""/pending: the committee approves or rejects registrations."""

from chat.context import Context
from chat.router import Router
from handlers.people.buttons import ApproveRegistration, RejectRegistration
from models.messages import Button
from models.outcomes import Refused
from models.people import registration
from models.people.roles import Role

router = Router("approvals")
COMMITTEE = {Role.committee}


@router.command("pending", roles=COMMITTEE, registered=True)
async def cmd_pending(ctx: Context) -> None:
    assert ctx.community is not None
    waiting = await registration.pending_in(ctx.session, ctx.community.id or 0)
    if not waiting:
        ctx.reply("registration/pending_none")
        return
    ctx.reply("registration/pending_header", count=len(waiting))
    for applicant in waiting:
        applicant_id = applicant.id or 0
        buttons = [[
            Button(label="registration.approve", data=ApproveRegistration(applicant_id).pack()),
            Button(label="registration.reject", data=RejectRegistration(applicant_id).pack()),
        ]]
        ctx.reply("registration/pending_item", applicant=applicant, buttons=buttons,
                  address=registration.address_label(ctx.community, applicant))


@router.callback(ApproveRegistration, roles=COMMITTEE, registered=True)
async def on_approve(ctx: Context, pick: ApproveRegistration) -> None:
    await _decide(ctx, pick.person_id, approve=True)


@router.callback(RejectRegistration, roles=COMMITTEE, registered=True)
async def on_reject(ctx: Context, pick: RejectRegistration) -> None:
    await _decide(ctx, pick.person_id, approve=False)


async def _decide(ctx: Context, person_id: int, *, approve: bool) -> None:
    outcome = await registration.decide(ctx.session, reviewer=ctx.person, person_id=person_id,
                                        approve=approve, notify=ctx.notify,
                                        now=ctx.now)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.roles_changed_for.add(person_id)
    ctx.answer()
    ctx.edit("registration/decided", applicant=outcome.value, approved=approve)
