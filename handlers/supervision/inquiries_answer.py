"""The committee answers an inquiry with the button under it (the text, documents if
any, a preview); the answer is published on the board with the question. The inquirer
rates it with the buttons under the answer, and may put an unsatisfactory answer to the
representatives' meeting."""

from typing import Any

from chat import questions
from chat.context import Context
from chat.router import Router
from handlers.supervision.buttons import (
    InquiryAnswer,
    InquiryAnswerFilesDone,
    InquiryAnswerSubmit,
    InquiryRate,
    InquiryToMeeting,
)
from handlers.supervision.inquiries_drafting import ANSWER, Answer, AnswerDraft
from models.messages import Button, Markup
from models.outcomes import Refused
from models.people.roles import Role
from models.supervision import answering
from models.supervision.inquiries import DOCUMENTS_MAX, TEXT_MAX, Inquiry

router = Router("inquiries_answer")
COMMITTEE = {Role.committee}
USE_BUTTONS = "supervision/inquiry_use_buttons"


def rate_buttons(inquiry: Inquiry) -> Markup:
    return [[Button(label="supervision.satisfied",
                    data=InquiryRate(inquiry.id or 0, satisfied=True).pack()),
             Button(label="supervision.unsatisfied",
                    data=InquiryRate(inquiry.id or 0, satisfied=False).pack())]]


@router.callback(InquiryAnswer, roles=COMMITTEE, registered=True)
async def on_answer(ctx: Context, pick: InquiryAnswer) -> None:
    found = await answering.may_answer(ctx.session, ctx.person, pick.inquiry_id)
    if isinstance(found, Refused):
        return ctx.refuse(found)
    ctx.answer()
    ANSWER.start(ctx, AnswerDraft(inquiry_id=pick.inquiry_id), Answer.TEXT)


def ask_text(ctx: Context, draft: AnswerDraft) -> None:
    ctx.reply("supervision/inquiry_ask_answer", limit=TEXT_MAX, number=f"IQ{draft.inquiry_id:04d}")


def files_done(ctx: Context, draft: AnswerDraft) -> Markup:
    return [[Button(label="supervision.files_done", data=InquiryAnswerFilesDone().pack())]]


def show_preview(ctx: Context, draft: AnswerDraft) -> None:
    ctx.reply("supervision/inquiry_answer_preview", text=draft.text,
              files=len(draft.documents), number=f"IQ{draft.inquiry_id:04d}",
              buttons=[[Button(label="supervision.publish",
                               data=InquiryAnswerSubmit(True).pack()),
                        Button(label="supervision.rewrite",
                               data=InquiryAnswerSubmit(False).pack())]])


ANSWER.step(router, Answer.TEXT, questions.text(
    "text", ask_text, answering.check_answer, texts_only="supervision/inquiry_text_only"),
    then=Answer.FILES, roles=COMMITTEE, registered=True)
ANSWER.step(router, Answer.FILES, questions.files(
    "documents", questions.asking("supervision/inquiry_ask_files", limit=DOCUMENTS_MAX,
                                  buttons=files_done),
    limit=DOCUMENTS_MAX, texts="supervision"), roles=COMMITTEE, registered=True)
ANSWER.step(router, Answer.PREVIEW, questions.choice(show_preview, use_buttons=USE_BUTTONS),
            roles=COMMITTEE, registered=True)


@router.callback(InquiryAnswerFilesDone, roles=COMMITTEE, registered=True, step=Answer.FILES)
async def on_files_done(ctx: Context, _: InquiryAnswerFilesDone) -> None:
    ctx.answer()
    ANSWER.go(ctx, ANSWER.draft(ctx), Answer.PREVIEW)


def render_for_board(ctx: Context) -> Any:
    """Board texts in the community's language, whoever publishes them."""
    community = ctx.community
    language = community.config.default_language if community else ctx.language

    def render(name: str, params: dict[str, Any]) -> str:
        return ctx.render(name, language=language, **params)
    return render


@router.callback(InquiryAnswerSubmit, roles=COMMITTEE, registered=True, step=Answer.PREVIEW)
async def on_submit(ctx: Context, pick: InquiryAnswerSubmit) -> None:
    draft = ANSWER.draft(ctx)
    if not pick.submit:
        ctx.answer()
        return ANSWER.go(ctx, draft, Answer.TEXT)
    outcome = await answering.answer_inquiry(
        ctx.session, person=ctx.person, inquiry_id=draft.inquiry_id, text=draft.text,
        documents=draft.documents, now=ctx.now, notify=ctx.notify,
        render=render_for_board(ctx), rate=rate_buttons)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        if outcome.template in ("supervision/inquiry_already_answered",
                                "supervision/inquiry_not_found"):
            ctx.finish()  # nothing left to answer: the draft would only be in the way
        return
    ctx.finish()
    ctx.answer()
    ctx.edit("supervision/inquiry_answer_published", inquiry=outcome.value)
    ctx.sweeps_due.add("disclosures")


@router.callback(InquiryRate, registered=True)
async def on_rate(ctx: Context, pick: InquiryRate) -> None:
    outcome = await answering.rate_answer(ctx.session, person=ctx.person,
                                          inquiry_id=pick.inquiry_id,
                                          satisfied=pick.satisfied, now=ctx.now,
                                          notify=ctx.notify)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ctx.reply("supervision/inquiry_rated", inquiry=outcome.value,
              buttons=None if pick.satisfied else [[Button(
                  label="supervision.to_meeting",
                  data=InquiryToMeeting(pick.inquiry_id).pack())]])


@router.callback(InquiryToMeeting, registered=True)
async def on_to_meeting(ctx: Context, pick: InquiryToMeeting) -> None:
    outcome = await answering.put_to_meeting(ctx.session, person=ctx.person,
                                             inquiry_id=pick.inquiry_id, now=ctx.now,
                                             notify=ctx.notify)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ctx.edit("supervision/inquiry_to_meeting_sent", inquiry=outcome.value)
