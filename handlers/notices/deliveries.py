"""/deliveries: how far the latest notices were delivered, for the committee that sent
them and for the supervisors who check them (read-only: models/notices/reports.py);
one notice's report; sending its failed messages again."""

from chat.context import Context
from chat.router import Router
from handlers.notices.buttons import DeliveryReport, RetryBroadcast
from models.messages import Button
from models.notices import broadcasts, reports
from models.notices.progress import RETRY_BUTTONS
from models.outcomes import Refused

router = Router("deliveries")
READERS = set(reports.READERS)


@router.command("deliveries", roles=READERS, registered=True)
async def cmd_deliveries(ctx: Context) -> None:
    outcome = await reports.delivery_reports(ctx.session, person=ctx.person, roles=ctx.roles)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    if not outcome.value:
        ctx.reply("broadcasts/none")
        return
    for report in outcome.value:
        bid = report.broadcast.id or 0
        buttons = [[Button(label="broadcasts.report", data=DeliveryReport(bid).pack())]]
        if report.may_retry:
            buttons += retry_buttons(bid, report.progress.failed)
        ctx.reply("broadcasts/summary", broadcast=report.broadcast, progress=report.progress,
                  buttons=buttons)


@router.callback(DeliveryReport, roles=READERS, registered=True)
async def on_report(ctx: Context, pick: DeliveryReport) -> None:
    outcome = await reports.delivery_report(ctx.session, person=ctx.person, roles=ctx.roles,
                                            broadcast_id=pick.broadcast_id)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    report = outcome.value
    ctx.answer()
    ctx.reply("broadcasts/report", broadcast=report.broadcast, progress=report.progress,
              finished=report.finished, may_retry=report.may_retry,
              buttons=retry_buttons(pick.broadcast_id, report.progress.failed)
              if report.may_retry else None)


def retry_buttons(broadcast_id: int, failed: int) -> list[list[Button]]:
    return [[Button(label="broadcasts.retry", params={"count": failed},
                    data=RetryBroadcast(broadcast_id).pack())]]


router.provide(RETRY_BUTTONS, retry_buttons)  # under the final report of a broadcast


# Its author or a committee member, which the use case checks: the final report's
# button stays with an author whose committee role has ended since.
@router.callback(RetryBroadcast, registered=True)
async def on_retry(ctx: Context, pick: RetryBroadcast) -> None:
    outcome = await broadcasts.retry_failed(ctx.session, actor=ctx.person, roles=ctx.roles,
                                            broadcast_id=pick.broadcast_id, now=ctx.now)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.outbox_changed = True
    ctx.answer("broadcasts/retried", count=outcome.value)
