"""/evaluate: a representative (or resident, where the file says so) sees the members
who reported, reads a report, picks a grade and may add a comment, published without
a name. models/supervision/evaluation_ratings.py decides who may rate whom, and when."""

from chat.context import Context
from chat.dialogue import Question
from chat.router import Router
from handlers.supervision.evaluation_buttons import EvaluateGrade, EvaluateMember, EvaluateSkip
from handlers.supervision.evaluation_drafting import RATING, Rating, RatingDraft
from models.messages import Button, Markup
from models.outcomes import Refused
from models.people.roles import Role
from models.supervision import evaluation_ratings
from models.supervision.evaluation import Grade
from models.supervision.evaluation_ratings import COMMENT_MAX

router = Router("evaluation_ratings")
# Who may be offered the command; the model decides with the community's settings.
VOTERS = {Role.representative, Role.resident}


@router.command("evaluate", roles=VOTERS, registered=True)
async def cmd_evaluate(ctx: Context) -> None:
    assert ctx.community is not None
    outcome = await evaluation_ratings.offers(ctx.session, voter=ctx.person,
                                              community=ctx.community, now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        return
    rows = [[Button(label="supervision/evaluation.member",
                    params={"name": o.member.name or o.member.display_name},
                    data=EvaluateMember(o.member.id or 0).pack())]
            for o in outcome.value if not o.rated]
    ctx.reply("supervision/evaluation_list", offers=outcome.value, buttons=rows or None)


def grades(member_id: int) -> Markup:
    return [[Button(label="supervision/evaluation.grade", params={"grade": g.value},
                    data=EvaluateGrade(member_id, g).pack()) for g in Grade]]


@router.callback(EvaluateMember, roles=VOTERS, registered=True)
async def on_member(ctx: Context, pick: EvaluateMember) -> None:
    assert ctx.community is not None
    checked = await evaluation_ratings.check(ctx.session, voter=ctx.person,
                                             community=ctx.community,
                                             member_id=pick.member_id, now=ctx.now)
    if isinstance(checked, Refused):
        ctx.refuse(checked)
        return
    ctx.answer()
    ctx.reply("supervision/evaluation_member", member=checked.member, report=checked.report,
              buttons=grades(pick.member_id))


@router.callback(EvaluateGrade, roles=VOTERS, registered=True)
async def on_grade(ctx: Context, pick: EvaluateGrade) -> None:
    assert ctx.community is not None
    checked = await evaluation_ratings.check(ctx.session, voter=ctx.person,
                                             community=ctx.community,
                                             member_id=pick.member_id, now=ctx.now)
    if isinstance(checked, Refused):
        ctx.refuse(checked)
        return
    ctx.answer()
    RATING.start(ctx, RatingDraft(member_id=pick.member_id, grade=pick.grade), Rating.COMMENT)


@router.callback(EvaluateSkip, roles=VOTERS, step=Rating.COMMENT)
async def on_skip(ctx: Context, pick: EvaluateSkip) -> None:
    draft = RATING.draft(ctx)
    if draft.member_id != pick.member_id:  # a button of an earlier question
        ctx.answer("supervision/evaluation_stale", alert=True)
        return
    ctx.answer()
    await save(ctx, draft, comment=None)


def ask(ctx: Context, draft: RatingDraft) -> None:
    ctx.reply("supervision/evaluation_ask_comment", limit=COMMENT_MAX,
              buttons=[[Button(label="supervision/evaluation.skip",
                               data=EvaluateSkip(draft.member_id).pack())]])


def anything(ctx: Context, draft: RatingDraft) -> bool:
    return True  # the use case checks the comment


async def save(ctx: Context, draft: RatingDraft, *, comment: str | None) -> None:
    assert ctx.community is not None
    outcome = await evaluation_ratings.rate(
        ctx.session, voter=ctx.person, community=ctx.community, member_id=draft.member_id,
        grade=draft.grade, comment=comment, now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        if outcome.template != "supervision/evaluation_bad_comment":  # may be sent again
            ctx.finish()
        return
    ctx.finish()
    # The grade is not repeated: this reply is kept in the outbox with the voter's chat.
    ctx.reply("supervision/evaluation_rated", member=outcome.value)


async def comment(ctx: Context, draft: RatingDraft) -> None:
    await save(ctx, draft, comment=ctx.incoming.text or "")


RATING.step(router, Rating.COMMENT, Question(ask, anything), then=comment, roles=VOTERS,
            registered=True)
