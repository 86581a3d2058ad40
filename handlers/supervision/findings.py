"""/finding: a supervisor publishes the supervisory committee's own finding (监督意见,
监督公告) on the disclosure board, and corrects one with the button under it. The
committee has no route to either: the use case refuses anyone but a supervisor."""

from chat import questions
from chat.context import Context
from chat.router import Router
from handlers.board.board import check_body, check_title
from handlers.supervision.finding_buttons import FindingCorrect, FindingFilesDone, FindingPublish
from handlers.supervision.findings_drafting import FINDING, Finding, FindingDraft
from models.board import authorship
from models.board.disclosures import BODY_MAX, TITLE_MAX, DisclosureKind
from models.messages import Button, Markup, Media
from models.outcomes import Refused
from models.people.roles import Role

router = Router("findings")
SUPERVISORS = {Role.supervisor}
ATTACHMENTS_MAX = 5
USE_BUTTONS = "board/use_buttons"


@router.command("finding", roles=SUPERVISORS, registered=True)
async def cmd_finding(ctx: Context) -> None:
    FINDING.start(ctx, FindingDraft(), Finding.TITLE)


@router.callback(FindingCorrect, roles=SUPERVISORS, registered=True)
async def on_correct(ctx: Context, pick: FindingCorrect) -> None:
    found = await authorship.may_correct(ctx.session, ctx.person, pick.entry_id, now=ctx.now)
    if isinstance(found, Refused):
        return ctx.refuse(found)
    entry = found.value
    ctx.answer()
    title = ctx.render("board/correction_title", entry=entry)[:TITLE_MAX]
    # At the text, asked for as a correction of the finding rather than as a new text.
    FINDING.start(ctx, FindingDraft(title=title, corrects_id=entry.id), Finding.BODY)
    ctx.reply("board/ask_correction", entry=entry, limit=BODY_MAX)


def files_done(ctx: Context, draft: FindingDraft) -> Markup:
    return [[Button(label="board.files_done", data=FindingFilesDone().pack())]]


def show_preview(ctx: Context, draft: FindingDraft) -> None:
    ctx.reply("board/preview", kind=DisclosureKind.finding, title=draft.title,
              body=draft.body, files=len(draft.attachments), buttons=[[
                  Button(label="board.publish_now", data=FindingPublish().pack())]])


FINDING.step(router, Finding.TITLE, questions.text(
    "title", questions.asking("supervision/finding_ask_title", limit=TITLE_MAX),
    check_title), then=Finding.BODY, roles=SUPERVISORS, registered=True)
FINDING.step(router, Finding.BODY, questions.text(
    "body", questions.asking("board/ask_body", limit=BODY_MAX), check_body),
    then=Finding.FILES, roles=SUPERVISORS, registered=True)
FINDING.step(router, Finding.FILES, questions.files(
    "attachments", questions.asking("board/ask_files", limit=ATTACHMENTS_MAX,
                                    buttons=files_done),
    limit=ATTACHMENTS_MAX, texts="board"), roles=SUPERVISORS, registered=True)
FINDING.step(router, Finding.PREVIEW, questions.choice(show_preview, use_buttons=USE_BUTTONS),
             roles=SUPERVISORS, registered=True)


@router.callback(FindingFilesDone, roles=SUPERVISORS, registered=True, step=Finding.FILES)
async def on_files_done(ctx: Context, _: FindingFilesDone) -> None:
    ctx.answer()
    FINDING.go(ctx, FINDING.draft(ctx), Finding.PREVIEW)


@router.callback(FindingPublish, roles=SUPERVISORS, registered=True, step=Finding.PREVIEW)
async def on_publish(ctx: Context, _: FindingPublish) -> None:
    draft = FINDING.draft(ctx)
    outcome = await authorship.publish_by_hand(
        ctx.session, author=ctx.person, kind=DisclosureKind.finding, title=draft.title,
        body=draft.body, media=[Media.from_dict(m) for m in draft.attachments],
        corrects_id=draft.corrects_id, now=ctx.now)
    ctx.finish()
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ctx.reply("board/published", entry=outcome.value, later=False)
    ctx.sweeps_due.add("disclosures")
