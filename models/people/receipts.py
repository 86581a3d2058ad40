"""Registration receipts: numbered per community and month like tickets ("R2612-0001"),
never by the internal person id, which counts everyone the bot has ever seen."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.audit import AuditEntry
from models.community import Community

SUBMITTED = "registration.submitted"


async def next_receipt(session: AsyncSession, community: Community, now: datetime) -> str:
    """The number of the community's next registration this month. Read from the audit
    log, whose appends are serialised, so two registrations never share a number."""
    local = now.astimezone(community.config.zone)
    month = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    earlier = (await session.exec(select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.community_id == community.id, AuditEntry.action == SUBMITTED,
        col(AuditEntry.at) >= month))).one()
    return f"R{local:%y%m}-{int(earlier) + 1:04d}"


async def receipt_of(session: AsyncSession, person_id: int) -> str | None:
    """The receipt of the person's latest registration, as it was given to them."""
    entry = (await session.exec(
        select(AuditEntry).where(AuditEntry.action == SUBMITTED,
                                 AuditEntry.subject_id == str(person_id))
        .order_by(col(AuditEntry.seq).desc()).limit(1))).first()
    return entry.details.get("receipt") if entry else None
