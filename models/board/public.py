"""What the public web board may show, and nothing else: entries whose time has come,
files attached to them, the figures of published hotline rankings (the CSV rows are in
models/board/downloads.py), and the names of the supervisory committee's members
(居务监督委员会), which are public by design. Nothing else here reads people, and nothing
reads tickets or ballots, so no page built on it can show a complainant or a secret
ballot."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.board import disclosures
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.community import Community
from models.files import StoredFile
from models.hotline import ranking
from models.hotline.stats import HotlineStats
from models.people.persons import with_role
from models.people.roles import Role
from models.proposals import deadlines
from models.supervision import deadlines as inquiry_deadlines

page = disclosures.page  # entries whose time has come, the latest first, by kind
overdue = deadlines.overdue  # disclosures owed and late (两公开), shown until made
# Inquiries the committee did not answer on time (质询), shown until answered: their
# text is published with the answer anyway, and the lateness is the committee's.
overdue_inquiries = inquiry_deadlines.overdue


@dataclass(frozen=True)
class EntryView:
    entry: DisclosureEntry
    corrected: DisclosureEntry | None
    corrections: list[DisclosureEntry]
    images: list[tuple[int, str]]  # (stored file id, name)
    documents: list[tuple[int, str]]
    in_chat_only: int  # attachments with no bytes here, shown only in the chat


async def community_by_code(session: AsyncSession, code: str) -> Community | None:
    return (await session.exec(select(Community).where(Community.code == code))).first()


async def entry_view(session: AsyncSession, community_id: int, entry_id: int, *,
                     now: datetime) -> EntryView | None:
    found = await disclosures.published(session, community_id, entry_id, now=now)
    if found is None:
        return None
    corrected = (await disclosures.published(session, community_id, found.corrects_id,
                                             now=now) if found.corrects_id else None)
    corrections = await disclosures.corrections_of(session, found.id or 0, now=now)
    names = await _file_names(session, found)
    return EntryView(found, corrected, corrections,
                     images=[(i, n) for i, n, kind in names if kind.startswith("image/")],
                     documents=[(i, n) for i, n, kind in names if not kind.startswith("image/")],
                     in_chat_only=len(found.media) - len(names))


async def _file_names(session: AsyncSession,
                      found: DisclosureEntry) -> list[tuple[int, str, str]]:
    """(id, name, content type) of the entry's stored files; a Telegram file_id has no
    bytes here."""
    ids = [m["stored_file_id"] for m in found.media if m.get("stored_file_id")]
    if not ids:
        return []
    query = select(StoredFile.id, StoredFile.name, StoredFile.content_type).where(
        col(StoredFile.id).in_(ids)).order_by(col(StoredFile.id))
    return [(i or 0, n, t) for i, n, t in (await session.exec(query)).all()]


async def images_of(session: AsyncSession,
                    entries: Sequence[DisclosureEntry]) -> dict[int, list[tuple[int, str]]]:
    """(stored file id, content type) of each entry's images (a vote's chart among them),
    for the feed to link: one query for the whole page."""
    wanted = {m["stored_file_id"]: entry.id or 0 for entry in entries for m in entry.media
              if m.get("stored_file_id")}
    if not wanted:
        return {}
    query = select(StoredFile.id, StoredFile.content_type).where(
        col(StoredFile.id).in_(list(wanted))).order_by(col(StoredFile.id))
    found: dict[int, list[tuple[int, str]]] = {}
    for file_id, content_type in (await session.exec(query)).all():
        if content_type.startswith("image/"):
            found.setdefault(wanted[file_id or 0], []).append((file_id or 0, content_type))
    return found


async def attached_file(session: AsyncSession, community_id: int, file_id: int, *,
                        now: datetime) -> StoredFile | None:
    """A file attached to a published entry of this community, and nothing else."""
    # Only the media lists: entry bodies (with their receipt lists) are large.
    query = select(DisclosureEntry.media).where(
        DisclosureEntry.community_id == community_id,
        col(DisclosureEntry.published_at) <= now)
    attached = any(m.get("stored_file_id") == file_id
                   for media in (await session.exec(query)).all() for m in media)
    return await session.get(StoredFile, file_id) if attached else None


def ranking_month(entry: DisclosureEntry) -> str | None:
    """The month whose ranking a monthly hotline report links to ("2026-11"); None for
    any other entry, a year's summary included."""
    month = (entry.report_key or "").removeprefix("hotline:")
    is_report = entry.kind == DisclosureKind.hotline_report
    return month if is_report and ranking.MONTH.fullmatch(month) else None


async def published_ranking(session: AsyncSession, community: Community, month: str, *,
                            now: datetime) -> HotlineStats | None:
    """A month's ranking once its report is on the board; None before, or for a month
    with no report."""
    published = (await session.exec(select(DisclosureEntry.id).where(
        DisclosureEntry.community_id == community.id,
        DisclosureEntry.kind == DisclosureKind.hotline_report,
        DisclosureEntry.report_key == f"hotline:{month}",
        col(DisclosureEntry.published_at) <= now).limit(1))).first()
    if published is None:
        return None
    return await ranking.month_stats(session, community, month, now=now)


async def supervisors(session: AsyncSession, community_id: int) -> list[str]:
    """The supervisory committee's members, by name, for everyone to see."""
    return sorted(p.name or p.display_name
                  for p in await with_role(session, community_id, Role.supervisor))
