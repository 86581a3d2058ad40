"""A poll's comment (征求意见): offered once a voter's ballot is confirmed, typed in one
step or skipped; stored by models/voting/comments.py and published without a name."""

from enum import StrEnum

from chat.context import Context
from chat.dialogue import Dialogue, Draft, Question
from chat.router import Router
from handlers.voting.buttons import PollComment, PollSkip
from models.messages import Button, Markup
from models.outcomes import Refused
from models.voting import comments
from models.voting.comments import COMMENT_MAX
from models.voting.matters import Matter
from models.voting.tally import MatterKind

router = Router("poll_comments")


class PollCommenting(StrEnum):
    TEXT = "poll_comment.text"


class PollCommentDraft(Draft):
    matter_id: int = 0


# Begun by the comment button under a confirmed poll ballot; /vote shows the ballot.
POLL_COMMENT = Dialogue(PollCommenting, PollCommentDraft, command="vote")


def buttons(matter_id: int, *, comment: bool) -> Markup:
    row = [Button(label="voting.skip_comment", data=PollSkip(matter_id).pack())]
    if comment:
        row.insert(0, Button(label="voting.comment", data=PollComment(matter_id).pack()))
    return [row]


async def offer(ctx: Context, matter: Matter) -> None:
    """After a poll's ballot: the comment, unless this voter has already left one."""
    if matter.kind != MatterKind.poll:
        return
    if isinstance(await comments.check(ctx.session, voter=ctx.person,
                                       matter_id=matter.id or 0, now=ctx.now), Refused):
        return
    ctx.reply("voting/offer_comment", matter=matter,
              buttons=buttons(matter.id or 0, comment=True))


@router.callback(PollComment, registered=True)
async def on_comment(ctx: Context, pick: PollComment) -> None:
    checked = await comments.check(ctx.session, voter=ctx.person, matter_id=pick.matter_id,
                                   now=ctx.now)
    if isinstance(checked, Refused):
        ctx.refuse(checked)  # one who has not voted, or a poll closed meanwhile
        return
    ctx.answer()
    POLL_COMMENT.start(ctx, PollCommentDraft(matter_id=pick.matter_id), PollCommenting.TEXT)


@router.callback(PollSkip, registered=True)
async def on_skip(ctx: Context, pick: PollSkip) -> None:
    draft = POLL_COMMENT.draft(ctx) if POLL_COMMENT.at(ctx) else None
    if draft is not None and draft.matter_id == pick.matter_id:
        ctx.finish()
    ctx.answer()
    ctx.edit("voting/comment_skipped")


def ask(ctx: Context, draft: PollCommentDraft) -> None:
    ctx.reply("voting/ask_comment", limit=COMMENT_MAX,
              buttons=buttons(draft.matter_id, comment=False))


def anything(ctx: Context, draft: PollCommentDraft) -> bool:
    return True  # the use case checks the comment


async def save(ctx: Context, draft: PollCommentDraft) -> None:
    outcome = await comments.add(ctx.session, voter=ctx.person, matter_id=draft.matter_id,
                                 text=ctx.incoming.text or "", now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        if outcome.template != "voting/bad_comment":  # otherwise it may be sent again
            ctx.finish()
        return
    ctx.finish()
    ctx.reply("voting/comment_saved", matter=outcome.value)


POLL_COMMENT.step(router, PollCommenting.TEXT, Question(ask, anything), then=save, roles=None,
                  registered=True)
