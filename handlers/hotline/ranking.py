"""The departments' ranking of the month /stats shows, downloaded as a CSV file by the
button under it (the same table the monthly report ranks)."""

from chat.context import Context
from chat.router import Router
from handlers.hotline.buttons import RankingCsv
from models.hotline import ranking
from models.messages import Button, Markup, Media
from models.outcomes import Refused

router = Router("hotline_ranking")
OVERSIGHT = set(ranking.OVERSIGHT)


def buttons(month: str) -> Markup:
    return [[Button(label="hotline.ranking_csv", data=RankingCsv(month).pack())]]


@router.callback(RankingCsv, roles=OVERSIGHT, registered=True)
async def on_ranking_csv(ctx: Context, pick: RankingCsv) -> None:
    assert ctx.community is not None
    language = ctx.community.config.default_language
    outcome = await ranking.for_oversight(
        ctx.session, roles=ctx.roles, community=ctx.community, month=pick.month,
        headers=ctx.render("hotline/ranking_columns", language=language).splitlines(),
        now=ctx.now)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ctx.reply("hotline/ranking_sent", month=pick.month,
              media=[Media("document", stored_file_id=outcome.value.id)])
