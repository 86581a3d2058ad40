"""/workreport: a committee member's annual work report (述职报告), typed, with files
if any, previewed and published on the disclosure board during the evaluation period.
models/supervision/evaluation_reports.py decides who may post and when."""

from chat import questions
from chat.context import Context
from chat.router import Router
from handlers.supervision.evaluation_buttons import ReportFilesDone, ReportPublish
from handlers.supervision.evaluation_drafting import WORK_REPORT, WorkReport, WorkReportDraft
from models.messages import Button, Markup, Media
from models.outcomes import Refused
from models.people.roles import Role
from models.supervision import evaluation_reports
from models.supervision.evaluation_reports import REPORT_MAX

router = Router("evaluation_reports")
COMMITTEE = {Role.committee}
ATTACHMENTS_MAX = 5
USE_BUTTONS = "supervision/evaluation_use_buttons"


@router.command("workreport", roles=COMMITTEE, registered=True)
async def cmd_workreport(ctx: Context) -> None:
    assert ctx.community is not None
    found = await evaluation_reports.may_post(ctx.session, member=ctx.person,
                                              community=ctx.community, now=ctx.now)
    if isinstance(found, Refused):
        ctx.refuse(found)
        return
    ctx.reply("supervision/evaluation_ask_report", round=found, limit=REPORT_MAX)
    WORK_REPORT.save(ctx, WorkReportDraft(year=found.year), WorkReport.TEXT)


def files_done(ctx: Context, draft: WorkReportDraft) -> Markup:
    return [[Button(label="supervision/evaluation.files_done",
                    data=ReportFilesDone().pack())]]


def show_preview(ctx: Context, draft: WorkReportDraft) -> None:
    ctx.reply("supervision/evaluation_preview", text=draft.text,
              files=len(draft.attachments), buttons=[[Button(
                  label="supervision/evaluation.publish", data=ReportPublish().pack())]])


WORK_REPORT.step(router, WorkReport.TEXT, questions.text(
    "text", questions.asking("supervision/evaluation_ask_report_again", limit=REPORT_MAX),
    evaluation_reports.check_text, texts_only="supervision/evaluation_text_first"),
    then=WorkReport.FILES, roles=COMMITTEE, registered=True)
WORK_REPORT.step(router, WorkReport.FILES, questions.files(
    "attachments", questions.asking("board/ask_files", limit=ATTACHMENTS_MAX,
                                    buttons=files_done),
    limit=ATTACHMENTS_MAX, texts="board"), roles=COMMITTEE, registered=True)
WORK_REPORT.step(router, WorkReport.PREVIEW, questions.choice(show_preview,
                                                             use_buttons=USE_BUTTONS),
                 roles=COMMITTEE, registered=True)


@router.callback(ReportFilesDone, roles=COMMITTEE, step=WorkReport.FILES)
async def on_files_done(ctx: Context, _: ReportFilesDone) -> None:
    ctx.answer()
    WORK_REPORT.go(ctx, WORK_REPORT.draft(ctx), WorkReport.PREVIEW)


@router.callback(ReportPublish, roles=COMMITTEE, step=WorkReport.PREVIEW)
async def on_publish(ctx: Context, _: ReportPublish) -> None:
    assert ctx.community is not None
    draft = WORK_REPORT.draft(ctx)
    outcome = await evaluation_reports.post(
        ctx.session, member=ctx.person, community=ctx.community, text=draft.text,
        title=ctx.render("supervision/evaluation_report_title", year=draft.year,
                         language=ctx.community.config.default_language,
                         name=ctx.person.name or ctx.person.display_name),
        media=[Media.from_dict(m) for m in draft.attachments], now=ctx.now)
    ctx.finish()
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)  # the period ended, or a report was posted meanwhile
        return
    ctx.answer()
    ctx.edit("supervision/evaluation_reported", entry=outcome.value.entry)
    ctx.sweeps_due.add("disclosures")
