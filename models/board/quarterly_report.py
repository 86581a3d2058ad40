"""The quarterly report the scheduler publishes on the disclosure board: the summary of
proposals and decisions, with its charts. Each is published once per period (the
entry's report key is unique), however often or wherever the job runs."""

from sqlalchemy.exc import IntegrityError

from models import charts, files
from models.board import disclosures, quarterly
from models.board.disclosures import DisclosureKind
from models.community import Community, all_communities
from models.messages import Media
from models.periodic import Work


async def publish_quarterly(work: Work) -> int:
    async with work.sessionmaker() as session:
        communities = await all_communities(session)
    published = 0
    for community in communities:
        try:
            published += await _quarterly(work, community)
        except IntegrityError:
            pass  # another worker published this quarter's report first
    return published


async def _quarterly(work: Work, community: Community) -> bool:
    quarter = quarterly.quarter_before(work.now, community.config.zone)
    key = f"quarterly:{quarter.key}"
    language = community.config.default_language
    async with work.sessionmaker() as session, session.begin():
        if await quarterly.already_published(session, community.id or 0, key):
            return False
        summary = await quarterly.quarter_summary(session, community.id or 0, quarter)

        def label(name: str, **params: object) -> str:
            return work.texts.label(language, f"reports.{name}", **params)

        outcomes = await charts.draw(
            charts.bar_chart, label("outcomes_title", key=quarter.key),
            [label("event", kind=k) for k in summary.events], list(summary.events.values()))
        months = await charts.draw(
            charts.line_chart, label("months_title", key=quarter.key),
            [label("month", number=m.month) for m in quarter.months],
            {label("submitted"): summary.submitted_by_month,
             label("decided"): summary.decided_by_month})
        stored = [await files.store(session, name=f"{quarter.key}-{n}.png",
                                    content_type="image/png", data=image, now=work.now)
                  for n, image in (("outcomes", outcomes), ("months", months))]
        await disclosures.publish(
            session, community_id=community.id or 0, author=None,
            kind=DisclosureKind.quarterly_report, report_key=key,
            title=work.texts.render(language, "reports/quarterly_title", summary=summary),
            body=work.texts.render(language, "reports/quarterly", summary=summary,
                                   community=community),
            media=[Media("photo", stored_file_id=s.id) for s in stored], now=work.now)
    return True
