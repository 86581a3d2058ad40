"""A public channel that refuses the board's posts for a reason the committee can fix:
the bot is not an administrator of it, Telegram finds no such chat, or the bot was
removed. The committee is told once per channel and kind of trouble, until a post gets
through again; each telling is an audit entry, which is also what makes it once.

Network trouble is not this: the sender retries it and models/outages.py reports it."""

import logging
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.audit import AuditEntry
from models.community import Community, all_communities
from models.outbox import Delivery, DeliveryState
from models.people.persons import with_role
from models.people.roles import Role
from models.periodic import Work

log = logging.getLogger(__name__)

TEMPLATE = "board/channel_trouble"
ACTION = "channel.trouble"
POST = "board/announcement"  # the template of a post to the channel
# Failures older than this are not looked at again: the sweep runs every minute.
WINDOW = timedelta(days=1)


class Trouble:
    not_admin = "not_admin"
    not_found = "not_found"
    forbidden = "forbidden"


def address(channel: str) -> tuple[int, str | None]:
    """The outbox's address of a channel: "-100..." is a numeric id, "@name" a name."""
    return (int(channel), None) if channel.lstrip("-").isdigit() else (0, channel)


def trouble_of(delivery: Delivery) -> str | None:
    """The kind of a refusal the committee can fix, or None for any other failure."""
    said = (delivery.error or "").lower()
    if "administrator" in said or "not enough rights" in said or "rights to send" in said:
        return Trouble.not_admin
    if "chat not found" in said:
        return Trouble.not_found
    if delivery.state == DeliveryState.unreachable or "not a member" in said \
            or "kicked" in said or "forbidden" in said:
        return Trouble.forbidden
    return None


def _to(channel: str) -> sa.ColumnElement[bool]:
    chat_id, username = address(channel)
    return sa.and_(col(Delivery.template) == POST, col(Delivery.person_id).is_(None),
                   col(Delivery.chat_id) == chat_id,
                   col(Delivery.chat_username) == username if username
                   else col(Delivery.chat_username).is_(None))


async def tell_channel_trouble(work: Work) -> int:
    """The scheduler's part: each community's channel looked at; returns the messages
    queued to committee members."""
    async with work.sessionmaker() as session:
        communities = [c for c in await all_communities(session) if c.config.public_channel]
    queued = 0
    for community in communities:
        async with work.sessionmaker() as session, session.begin():
            queued += await tell(session, community, work)
    return queued


async def tell(session: AsyncSession, community: Community, work: Work) -> int:
    channel = community.config.public_channel or ""
    failed = (await session.exec(select(Delivery).where(
        _to(channel), col(Delivery.state).in_([DeliveryState.failed, DeliveryState.unreachable]),
        col(Delivery.not_before) >= work.now - WINDOW).order_by(col(Delivery.id)))).all()
    if not failed:
        return 0
    since = int((await session.exec(select(sa.func.max(Delivery.id)).where(
        _to(channel), col(Delivery.state) == DeliveryState.sent))).one() or 0)
    told = await _told(session, community.id or 0, channel, since)
    first: dict[str, Delivery] = {}
    for delivery in failed:
        kind = trouble_of(delivery)
        if (delivery.id or 0) > since and kind is not None and kind not in told:
            first.setdefault(kind, delivery)
    queued = 0
    for kind, delivery in first.items():
        log.warning("community %s: the public channel %s refused a post (%s): %s",
                    community.code, channel, kind, delivery.error)
        await audit.record(session, action=ACTION, subject_type="channel", subject_id=channel,
                           details={"kind": kind, "delivery": delivery.id,
                                    "error": delivery.error},
                           community_id=community.id, now=work.now)
        notify = work.notifier(session, community)
        for member in await with_role(session, community.id or 0, Role.committee):
            notify(member, TEMPLATE, channel=channel, kind=kind)
            queued += 1
    return queued


async def _told(session: AsyncSession, community_id: int, channel: str,
                since: int) -> set[str]:
    """The kinds the committee was told of since the channel last took a post."""
    entries = (await session.exec(select(AuditEntry).where(
        AuditEntry.action == ACTION, AuditEntry.community_id == community_id,
        AuditEntry.subject_id == channel))).all()
    return {e.details.get("kind", "") for e in entries
            if int(e.details.get("delivery") or 0) > since}
