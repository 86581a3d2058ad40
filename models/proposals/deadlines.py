"""两公开 on time. A decided matter's resolution is disclosed within the days the
community file sets; the decision is to be carried out by its due date, and how it was
disclosed within as many days again. The committee is reminded once before each falls
due; one that is late shows as overdue on the board, in chat and on the web, until it
is made."""

from datetime import datetime, timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.community import Community
from models.community_file import ProposalRules
from models.people.persons import with_role
from models.people.roles import Role
from models.periodic import NotifierFor, Work
from models.proposals.proposals import Proposal
from models.proposals.stages import Stage

OWING = frozenset({Stage.decided, Stage.resolution_disclosed, Stage.implemented})


def follow(proposal: Proposal, rules: ProposalRules, now: datetime) -> None:
    """Set the next disclosure owed after the proposal's stage just changed."""
    if proposal.stage == Stage.decided:
        proposal.implementation_due_at = now + timedelta(days=rules.implementation_days)
        owed: datetime | None = now + timedelta(days=rules.resolution_disclosure_days)
    elif proposal.stage == Stage.resolution_disclosed:
        due = proposal.implementation_due_at or now
        owed = due + timedelta(days=rules.implementation_disclosure_days)
    elif proposal.stage == Stage.implemented:
        return  # the implementation result is still owed, by the same date
    else:
        owed = None
    proposal.disclosure_due_at, proposal.disclosure_reminded = owed, False


def owed(proposal: Proposal) -> str:
    """Which disclosure is owed: "resolution" or "implementation"."""
    return "resolution" if proposal.stage == Stage.decided else "implementation"


async def overdue(session: AsyncSession, community_id: int, *, now: datetime
                  ) -> list[Proposal]:
    """Disclosures owed and late, the latest due first: the board shows them."""
    query = (select(Proposal).where(Proposal.community_id == community_id,
                                    col(Proposal.disclosure_due_at) < now,
                                    col(Proposal.stage).in_(OWING))
             .order_by(col(Proposal.disclosure_due_at).desc()))
    return list((await session.exec(query)).all())


async def remind_due(session: AsyncSession, *, now: datetime,
                     notifier: NotifierFor) -> int:
    """Remind each community's committee once of every disclosure coming due within its
    reminder days (or already late: a bot that was down still reminds)."""
    query = (select(Proposal, Community).join(Community, col(Community.id) ==
                                              col(Proposal.community_id))
             .where(col(Proposal.disclosure_due_at).is_not(None),
                    col(Proposal.disclosure_reminded).is_(False),
                    col(Proposal.stage).in_(OWING))
             .order_by(col(Proposal.disclosure_due_at)).with_for_update(of=Proposal))
    sent = 0
    for proposal, community in (await session.exec(query)).all():
        ahead = timedelta(days=community.config.proposals.disclosure_reminder_days)
        assert proposal.disclosure_due_at is not None
        if proposal.disclosure_due_at - ahead > now:
            continue
        proposal.disclosure_reminded = True
        notify = notifier(session, community)
        for member in await with_role(session, community.id or 0, Role.committee):
            notify(member, "proposals/disclosure_due", proposal=proposal,
                   owed=owed(proposal), due=proposal.disclosure_due_at,
                   late=proposal.disclosure_due_at <= now)
            sent += 1
    return sent


async def remind(work: Work) -> int:
    """The scheduler's part, in one transaction."""
    async with work.sessionmaker() as session, session.begin():
        return await remind_due(session, now=work.now, notifier=work.notifier)
