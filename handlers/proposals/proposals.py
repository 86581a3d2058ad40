"""/propose, /proposals and /myproposals: residents and representatives raise matters,
support each other's, and follow them to a decision."""


from chat.context import Context
from chat.router import Router
from handlers import drafts
from handlers.drafts import Check, take_files
from handlers.proposals.buttons import (
    ProposalDraft,
    ProposalEdit,
    ProposalFilesDone,
    ProposalsPage,
    ProposalSubmit,
    ProposalTopic,
    SupportProposal,
)
from models.messages import Button
from models.outcomes import Refused
from models.proposals import actions as proposal_actions
from models.proposals import proposals
from models.proposals.proposals import ATTACHMENTS_MAX, DESCRIPTION_MAX, TITLE_MAX

router = Router("proposals")
PAGE = 5


@router.command("propose", registered=True)
async def cmd_propose(ctx: Context) -> None:
    if (ctx.conversation.step or "").startswith("propose."):
        ctx.reply("proposals/draft_exists", buttons=[[
            Button(label="proposals.continue", data=ProposalDraft(keep=True).pack()),
            Button(label="proposals.restart", data=ProposalDraft(keep=False).pack())]])
        return
    ask_title(ctx)


def ask_title(ctx: Context) -> None:
    ctx.finish()
    ctx.enter("propose.title", attachments=[])
    ctx.reply("proposals/ask_title", limit=TITLE_MAX)


@router.callback(ProposalDraft, registered=True)
async def on_draft(ctx: Context, pick: ProposalDraft) -> None:
    ctx.answer()
    if not pick.keep or not (ctx.conversation.step or "").startswith("propose."):
        ask_title(ctx)
        return
    prompt_current(ctx)


def prompt_current(ctx: Context) -> None:
    """Ask again for whatever the draft is waiting for."""
    step = ctx.conversation.step
    if step == "propose.title":
        ctx.reply("proposals/ask_title", limit=TITLE_MAX)
    elif step == "propose.description":
        ctx.reply("proposals/ask_description", limit=DESCRIPTION_MAX)
    elif step == "propose.topic":
        ask_topic(ctx)
    elif step == "propose.files":
        ask_files(ctx)
    else:
        show_preview(ctx)


@router.step("propose.title", roles=None, registered=True)
async def step_title(ctx: Context) -> None:
    if take_text(ctx, "title", proposal_actions.check_title):
        ctx.enter("propose.description")
        ctx.reply("proposals/ask_description", limit=DESCRIPTION_MAX)


@router.step("propose.description", roles=None, registered=True)
async def step_description(ctx: Context) -> None:
    if take_text(ctx, "description", proposal_actions.check_description):
        ctx.enter("propose.topic")
        ask_topic(ctx)


def take_text(ctx: Context, field: str, check: Check) -> bool:
    """Store a checked field of the draft. True when the dialogue should move on; after
    an edit from the preview it returns to the preview instead."""
    if not drafts.take_text(ctx, field, check):
        return False
    if ctx.conversation.data.get("editing"):
        ctx.enter("propose.preview", editing=False)
        show_preview(ctx)
        return False
    return True


def ask_topic(ctx: Context) -> None:
    topics = ctx.community.config.proposals.topics if ctx.community else []
    if not topics:
        ask_files(ctx)
        return
    ctx.reply("proposals/ask_topic", buttons=[
        [Button(text=t.name, data=ProposalTopic(t.code).pack())] for t in topics])


@router.callback(ProposalTopic, registered=True, step="propose.topic")
async def on_topic(ctx: Context, pick: ProposalTopic) -> None:
    ctx.enter("propose.files", topic=pick.topic)
    ctx.answer()
    ask_files(ctx)


def ask_files(ctx: Context) -> None:
    ctx.enter("propose.files")
    ctx.reply("proposals/ask_files", limit=ATTACHMENTS_MAX, buttons=[[Button(
        label="proposals.files_done", data=ProposalFilesDone().pack())]])


@router.step("propose.files", roles=None, registered=True)
async def step_files(ctx: Context) -> None:
    take_files(ctx, step="propose.files", limit=ATTACHMENTS_MAX, texts="proposals")


@router.callback(ProposalFilesDone, registered=True, step="propose.files")
async def on_files_done(ctx: Context, _: ProposalFilesDone) -> None:
    ctx.enter("propose.preview")
    ctx.answer()
    show_preview(ctx)


def show_preview(ctx: Context) -> None:
    data = ctx.conversation.data
    topic = ctx.community.config.proposals.topics if ctx.community else []
    names = {t.code: t.name for t in topic}
    ctx.reply("proposals/preview", title=data["title"], description=data["description"],
              topic=names.get(data.get("topic") or ""), files=len(data.get("attachments", [])),
              buttons=[[Button(label="proposals.submit", data=ProposalSubmit().pack())],
                       [Button(label="proposals.edit_title", data=ProposalEdit("title").pack()),
                        Button(label="proposals.edit_description",
                               data=ProposalEdit("description").pack())]])


@router.callback(ProposalEdit, registered=True, step="propose.preview")
async def on_edit(ctx: Context, pick: ProposalEdit) -> None:
    ctx.enter(f"propose.{pick.field}", editing=True)
    ctx.answer()
    limit = TITLE_MAX if pick.field == "title" else DESCRIPTION_MAX
    ctx.reply(f"proposals/ask_{pick.field}", limit=limit)


@router.callback(ProposalSubmit, registered=True, step="propose.preview")
async def on_submit(ctx: Context, _: ProposalSubmit) -> None:
    data = ctx.conversation.data
    assert ctx.community is not None
    outcome = await proposal_actions.submit(
        ctx.session, author=ctx.person, community=ctx.community, title=data["title"],
        description=data["description"], topic=data.get("topic"),
        attachments=data.get("attachments", []), notify=ctx.notify, now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        return
    ctx.finish()
    ctx.answer()
    ctx.edit("proposals/receipt", proposal=outcome.value)


@router.command("proposals", registered=True)
async def cmd_proposals(ctx: Context) -> None:
    await show_page(ctx, 0, edit=False)


@router.callback(ProposalsPage, registered=True)
async def on_page(ctx: Context, pick: ProposalsPage) -> None:
    ctx.answer()
    await show_page(ctx, max(pick.page, 0), edit=True)


async def show_page(ctx: Context, page: int, *, edit: bool) -> None:
    assert ctx.community is not None
    items, total = await proposals.open_page(ctx.session, ctx.community.id or 0, page=page,
                                             size=PAGE)
    counts = {p.id: await proposals.support_count(ctx.session, p) for p in items}
    rows = [[Button(label="proposals.support", params={"number": p.number},
                    data=SupportProposal(p.id or 0, page).pack())] for p in items]
    nav = [Button(label="proposals.previous", data=ProposalsPage(page - 1).pack())] \
        if page else []
    if (page + 1) * PAGE < total:
        nav.append(Button(label="proposals.next", data=ProposalsPage(page + 1).pack()))
    show = ctx.edit if edit else ctx.reply
    show("proposals/page", items=items, counts=counts, page=page, total=total,
         buttons=[*rows, nav])


@router.callback(SupportProposal, registered=True)
async def on_support(ctx: Context, pick: SupportProposal) -> None:
    outcome = await proposal_actions.support(ctx.session, person=ctx.person,
                                             proposal_id=pick.proposal_id, notify=ctx.notify,
                                             now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        return
    ctx.answer("proposals/supported", proposal=outcome.value)
    await show_page(ctx, pick.page, edit=True)


@router.command("myproposals", registered=True)
async def cmd_myproposals(ctx: Context) -> None:
    mine = await proposals.by_author(ctx.session, ctx.person.id or 0)
    if not mine:
        ctx.reply("proposals/none_of_mine")
        return
    for proposal in mine:
        ctx.reply("proposals/mine", proposal=proposal,
                  supports=await proposals.support_count(ctx.session, proposal),
                  events=await proposals.history(ctx.session, proposal.id or 0))


async def step_expects_button(ctx: Context) -> None:
    ctx.reply("proposals/use_buttons")


for step in ("propose.topic", "propose.preview"):
    router.step(step, roles=None, registered=True)(step_expects_button)
