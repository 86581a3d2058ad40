"""/inquire: a representative (or a supervisor) raises a formal inquiry (质询) to the
committee: its text, documents if any, a preview, then the representatives are asked
to co-sign it with a button; with its co-signers it goes to the committee."""

from chat import questions
from chat.context import Context
from chat.router import Router
from handlers.supervision.buttons import (
    InquiryAnswer,
    InquiryDraftKeep,
    InquiryFilesDone,
    InquirySign,
    InquirySubmit,
)
from handlers.supervision.inquiries_drafting import INQUIRE, Inquire, InquiryDraft
from models.messages import Button, Markup
from models.outcomes import Refused
from models.people.roles import Role
from models.supervision import raising
from models.supervision.deadlines import ANSWER_BUTTONS
from models.supervision.inquiries import DOCUMENTS_MAX, TEXT_MAX, Inquiry

router = Router("inquiries")
RAISERS = {Role.representative, Role.supervisor}
REPRESENTATIVES = {Role.representative}
USE_BUTTONS = "supervision/inquiry_use_buttons"


def sign_buttons(inquiry: Inquiry) -> Markup:
    return [[Button(label="supervision.sign", params={"number": inquiry.number},
                    data=InquirySign(inquiry.id or 0).pack())]]


def answer_buttons(inquiry: Inquiry) -> Markup:
    return [[Button(label="supervision.answer", params={"number": inquiry.number},
                    data=InquiryAnswer(inquiry.id or 0).pack())]]


router.provide(ANSWER_BUTTONS, answer_buttons)  # under the scheduler's reminders


@router.command("inquire", roles=RAISERS, registered=True)
async def cmd_inquire(ctx: Context) -> None:
    if not await raising.may_raise(ctx.session, ctx.person):
        ctx.reply("supervision/inquiry_not_allowed")  # a representative no longer sitting
    elif INQUIRE.at(ctx) is not None:
        ctx.reply("supervision/inquiry_draft_exists", buttons=[[
            Button(label="supervision.continue", data=InquiryDraftKeep(keep=True).pack()),
            Button(label="supervision.restart", data=InquiryDraftKeep(keep=False).pack())]])
    else:
        INQUIRE.start(ctx, InquiryDraft(), Inquire.TEXT)


@router.callback(InquiryDraftKeep, roles=RAISERS, registered=True)
async def on_draft(ctx: Context, pick: InquiryDraftKeep) -> None:
    ctx.answer()
    if not pick.keep or INQUIRE.at(ctx) is None:
        return INQUIRE.start(ctx, InquiryDraft(), Inquire.TEXT)
    INQUIRE.ask(ctx, INQUIRE.draft(ctx))


def files_done(ctx: Context, draft: InquiryDraft) -> Markup:
    return [[Button(label="supervision.files_done", data=InquiryFilesDone().pack())]]


def show_preview(ctx: Context, draft: InquiryDraft) -> None:
    assert ctx.community is not None
    supervisor = Role.supervisor in ctx.roles
    ctx.reply("supervision/inquiry_preview", text=draft.text, files=len(draft.documents),
              cosigners=0 if supervisor else
              ctx.community.config.supervision.inquiry_cosigners,
              buttons=[[Button(label="supervision.submit", data=InquirySubmit(True).pack()),
                        Button(label="supervision.rewrite", data=InquirySubmit(False).pack())]])


INQUIRE.step(router, Inquire.TEXT, questions.text(
    "text", questions.asking("supervision/inquiry_ask_text", limit=TEXT_MAX),
    raising.check_text, texts_only="supervision/inquiry_text_only"),
    then=Inquire.FILES, roles=RAISERS, registered=True)
INQUIRE.step(router, Inquire.FILES, questions.files(
    "documents", questions.asking("supervision/inquiry_ask_files", limit=DOCUMENTS_MAX,
                                  buttons=files_done),
    limit=DOCUMENTS_MAX, texts="supervision"), roles=RAISERS, registered=True)
INQUIRE.step(router, Inquire.PREVIEW, questions.choice(show_preview, use_buttons=USE_BUTTONS),
             roles=RAISERS, registered=True)


@router.callback(InquiryFilesDone, roles=RAISERS, registered=True, step=Inquire.FILES)
async def on_files_done(ctx: Context, _: InquiryFilesDone) -> None:
    ctx.answer()
    INQUIRE.go(ctx, INQUIRE.draft(ctx), Inquire.PREVIEW)


@router.callback(InquirySubmit, roles=RAISERS, registered=True, step=Inquire.PREVIEW)
async def on_submit(ctx: Context, pick: InquirySubmit) -> None:
    assert ctx.community is not None
    draft = INQUIRE.draft(ctx)
    if not pick.submit:
        ctx.answer()
        return INQUIRE.go(ctx, draft, Inquire.TEXT)
    outcome = await raising.raise_inquiry(
        ctx.session, person=ctx.person, community=ctx.community, text=draft.text,
        documents=draft.documents, now=ctx.now, notify=ctx.notify, sign=sign_buttons,
        answer=answer_buttons)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)  # the draft stays
    ctx.finish()
    ctx.answer()
    ctx.edit("supervision/inquiry_raised", inquiry=outcome.value.inquiry, asked=ctx.notified)


@router.callback(InquirySign, roles=REPRESENTATIVES, registered=True)
async def on_sign(ctx: Context, pick: InquirySign) -> None:
    outcome = await raising.sign_inquiry(ctx.session, person=ctx.person,
                                         inquiry_id=pick.inquiry_id, now=ctx.now,
                                         notify=ctx.notify, answer=answer_buttons)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ctx.reply("supervision/inquiry_signed", inquiry=outcome.value.inquiry,
              signatures=outcome.value.signatures)
