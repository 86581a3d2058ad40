"""/propose, /proposals and /myproposals: residents and representatives raise matters,
support each other's, and follow them to a decision."""


from chat import questions
from chat.context import Context
from chat.dialogue import Then
from chat.router import Router
from handlers.proposals.buttons import (
    ProposalDraft,
    ProposalEdit,
    ProposalFilesDone,
    ProposalsPage,
    ProposalSubmit,
    ProposalTopic,
    SupportProposal,
)
from handlers.proposals.drafting import PROPOSE, NewProposal, Propose
from models.messages import Button, Markup
from models.outcomes import Refused
from models.proposals import actions as proposal_actions
from models.proposals import path, proposals
from models.proposals.proposals import ATTACHMENTS_MAX, DESCRIPTION_MAX, TITLE_MAX

router = Router("proposals")
PAGE = 5


@router.command("propose", registered=True)
async def cmd_propose(ctx: Context) -> None:
    if PROPOSE.at(ctx) is not None:
        ctx.reply("proposals/draft_exists", buttons=[[
            Button(label="proposals.continue", data=ProposalDraft(keep=True).pack()),
            Button(label="proposals.restart", data=ProposalDraft(keep=False).pack())]])
        return
    PROPOSE.start(ctx, NewProposal(), Propose.TITLE)


@router.callback(ProposalDraft, registered=True)
async def on_draft(ctx: Context, pick: ProposalDraft) -> None:
    ctx.answer()
    if not pick.keep or PROPOSE.at(ctx) is None:
        PROPOSE.start(ctx, NewProposal(), Propose.TITLE)
        return
    PROPOSE.ask(ctx, PROPOSE.draft(ctx))


def after_text(following: Propose) -> Then[NewProposal]:
    """Go on to the next step, or back to the preview after an edit from it."""
    def then(ctx: Context, draft: NewProposal) -> None:
        if draft.editing:
            draft.editing = False
            PROPOSE.go(ctx, draft, Propose.PREVIEW)
        else:
            PROPOSE.go(ctx, draft, following)
    return then


def topics(ctx: Context, draft: NewProposal) -> Markup:
    choices = ctx.community.config.proposals.topics if ctx.community else []
    return [[Button(text=t.name, data=ProposalTopic(t.code).pack())] for t in choices]


def ask_topic(ctx: Context, draft: NewProposal) -> None:
    if not topics(ctx, draft):  # a community without topics skips the question
        PROPOSE.go(ctx, draft, Propose.FILES)
        return
    ctx.reply("proposals/ask_topic", buttons=topics(ctx, draft))


def files_done(ctx: Context, draft: NewProposal) -> Markup:
    return [[Button(label="proposals.files_done", data=ProposalFilesDone().pack())]]


def show_preview(ctx: Context, draft: NewProposal) -> None:
    choices = ctx.community.config.proposals.topics if ctx.community else []
    names = {t.code: t.name for t in choices}
    ctx.reply("proposals/preview", title=draft.title, description=draft.description,
              topic=names.get(draft.topic or ""), files=len(draft.attachments),
              buttons=[[Button(label="proposals.submit", data=ProposalSubmit().pack())],
                       [Button(label="proposals.edit_title", data=ProposalEdit("title").pack()),
                        Button(label="proposals.edit_description",
                               data=ProposalEdit("description").pack())]])


USE_BUTTONS = "proposals/use_buttons"
PROPOSE.step(router, Propose.TITLE, questions.text(
    "title", questions.asking("proposals/ask_title", limit=TITLE_MAX),
    proposal_actions.check_title), then=after_text(Propose.DESCRIPTION),
    roles=None, registered=True)
PROPOSE.step(router, Propose.DESCRIPTION, questions.text(
    "description", questions.asking("proposals/ask_description", limit=DESCRIPTION_MAX),
    proposal_actions.check_description), then=after_text(Propose.TOPIC),
    roles=None, registered=True)
PROPOSE.step(router, Propose.TOPIC, questions.choice(ask_topic, use_buttons=USE_BUTTONS),
             roles=None, registered=True)
PROPOSE.step(router, Propose.FILES, questions.files(
    "attachments", questions.asking("proposals/ask_files", limit=ATTACHMENTS_MAX,
                                    buttons=files_done),
    limit=ATTACHMENTS_MAX, texts="proposals"), roles=None, registered=True)
PROPOSE.step(router, Propose.PREVIEW, questions.choice(show_preview, use_buttons=USE_BUTTONS),
             roles=None, registered=True)


@router.callback(ProposalTopic, registered=True, step=Propose.TOPIC)
async def on_topic(ctx: Context, pick: ProposalTopic) -> None:
    ctx.answer()
    draft = PROPOSE.draft(ctx)
    draft.topic = pick.topic
    PROPOSE.go(ctx, draft, Propose.FILES)


@router.callback(ProposalFilesDone, registered=True, step=Propose.FILES)
async def on_files_done(ctx: Context, _: ProposalFilesDone) -> None:
    ctx.answer()
    PROPOSE.go(ctx, PROPOSE.draft(ctx), Propose.PREVIEW)


@router.callback(ProposalEdit, registered=True, step=Propose.PREVIEW)
async def on_edit(ctx: Context, pick: ProposalEdit) -> None:
    ctx.answer()
    draft = PROPOSE.draft(ctx)
    draft.editing = True
    PROPOSE.go(ctx, draft, Propose(f"propose.{pick.field}"))


@router.callback(ProposalSubmit, registered=True, step=Propose.PREVIEW)
async def on_submit(ctx: Context, _: ProposalSubmit) -> None:
    draft = PROPOSE.draft(ctx)
    assert ctx.community is not None
    outcome = await proposal_actions.submit(
        ctx.session, author=ctx.person, community=ctx.community, title=draft.title,
        description=draft.description, topic=draft.topic, attachments=draft.attachments,
        notify=ctx.notify, now=ctx.now)
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
    rules = ctx.community.config.proposals if ctx.community else None
    for proposal in mine:
        done = await path.recorded(ctx.session, proposal.id or 0)
        ctx.reply("proposals/mine", proposal=proposal,
                  supports=await proposals.support_count(ctx.session, proposal),
                  events=await proposals.history(ctx.session, proposal.id or 0),
                  path=path.standing(rules, done) if rules else None)
