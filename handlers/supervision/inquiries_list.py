"""/inquiries: the community's inquiries not answered yet, each with what the person may
do with it: co-sign it (a representative, while it collects) or answer it (a committee
member, once it is put). Supervisors see them to follow the committee."""

from chat.context import Context
from chat.router import Router
from handlers.supervision.inquiries import answer_buttons, sign_buttons
from models.messages import Markup
from models.people.roles import Role
from models.supervision import raising
from models.supervision.inquiries import Inquiry, InquiryState

router = Router("inquiries_list")
WATCHERS = {Role.representative, Role.committee, Role.supervisor}


@router.command("inquiries", roles=WATCHERS, registered=True)
async def cmd_inquiries(ctx: Context) -> None:
    assert ctx.community is not None
    found = await raising.unanswered(ctx.session, ctx.community.id or 0)
    if not found:
        ctx.reply("supervision/inquiry_none")
    for inquiry in found:
        signed = await raising.signer_ids(ctx.session, inquiry.id or 0)
        ctx.reply("supervision/inquiry_item", inquiry=inquiry, signatures=len(signed),
                  overdue=inquiry.due_at is not None and inquiry.due_at <= ctx.now,
                  buttons=buttons(ctx, inquiry, signed))


def buttons(ctx: Context, inquiry: Inquiry, signed: list[int]) -> Markup | None:
    mine = ctx.person.id in (inquiry.raised_by_id, *signed)
    if inquiry.state == InquiryState.collecting and not mine \
            and Role.representative in ctx.roles:
        return sign_buttons(inquiry)
    if inquiry.state == InquiryState.awaiting and Role.committee in ctx.roles \
            and ctx.person.id != inquiry.raised_by_id:
        return answer_buttons(inquiry)
    return None
