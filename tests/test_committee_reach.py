"""What the committee cannot see or change (决策、监督、执行三分离): every command, every
button payload and every dialogue step the router has, taken from the router's own
lists so that a route added later is tried too, is tried by the chair (a committee
member and an admin) against a supervised ticket and against the supervisors' own
entries (a finding and its correction, the supervisor's role). Nothing changes (the
ticket and its history, the board, the roles, the audit log) and nothing the chair is
shown gives the ticket away."""

from sqlmodel import col, select

from bot.app import Database
from bot.dispatch import Dispatcher
from chat.render import Renderer
from handlers import build_router
from handlers.board.buttons import BoardPublish
from handlers.board.drafting import Disclose
from models.board import authorship
from models.board.disclosures import DisclosureKind
from models.community import all_communities
from models.hotline.filing import Place, file_ticket
from models.hotline.tickets import Ticket
from models.outbox import Delivery
from models.outcomes import Done
from models.people.persons import RoleGrant, by_telegram_id
from models.people.roles import Role
from tests.committee_reach_kit import (
    Attempt,
    Attempts,
    Shown,
    Targets,
    attempt,
    default_draft,
    forged,
    state,
)
from tests.factories import residents
from tests.test_registration_flow import CHAIR

ROUTER = build_router()
WATCHER, REPORTER = 48200, 48210
SECRET = "王主任挪用停车费八千元"  # a complaint about the committee, for the supervisors


async def supervised(db: Database) -> tuple[Ticket, int, Targets]:
    """A supervised ticket, a finding and its correction, and the supervisor's role."""
    await residents(db, 1, first_id=WATCHER, role=Role.supervisor)
    await residents(db, 1, first_id=REPORTER)
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        reporter, watcher = (await by_telegram_id(session, REPORTER),
                             await by_telegram_id(session, WATCHER))
        assert reporter is not None and watcher is not None
        filed = await file_ticket(session, reporter=reporter, community=community,
                                  category="conduct", description=SECRET, photos=[],
                                  place=Place(), anonymous=True, now=db.clock.now())
        assert isinstance(filed, Done) and filed.value.ticket.supervised
        ticket = filed.value.ticket
        finding = await authorship.publish_by_hand(
            session, author=watcher, kind=DisclosureKind.finding, title="监督意见",
            body="请公开停车费收支。", now=db.clock.now())
        assert isinstance(finding, Done)
        correction = await authorship.publish_by_hand(
            session, author=watcher, kind=DisclosureKind.finding, title="更正",
            body="已公开。", corrects_id=finding.value.id, now=db.clock.now())
        assert isinstance(correction, Done)
        grant = (await session.exec(select(RoleGrant.id).where(
            RoleGrant.person_id == watcher.id))).one()
    ids = sorted({i or 0 for i in (ticket.id, finding.value.id, correction.value.id,
                                   watcher.id, grant)})
    # The member may type the ticket's number (and be shown it back, in a notice they
    # write): what must never reach them is what the ticket says.
    words = [ticket.number, finding.value.number, correction.value.number,
             f"{WATCHER} supervisor"]
    return ticket, finding.value.id or 0, Targets(ids=ids, words=words, secrets=[SECRET])


def attempts(member: int, targets: Targets, finding_id: int) -> list[Attempt]:
    """Every command typed bare and with each target, every button forged with each
    target (at its step when it has one), every step the member may be at answered with
    each target: all from the router's lists."""
    make, made = Attempts(member), list[Attempt]()
    for name in sorted(ROUTER.commands):
        for text in (f"/{name}", *(f"/{name} {word}" for word in targets.words)):
            made.append((text, None, {}, make.message(text)))
    for payload, route in ROUTER.callbacks.items():
        draft = default_draft(ROUTER, route.step) if route.step else {}
        for pressed in forged(payload, targets):
            made.append((repr(pressed), route.step, draft or {}, make.press(pressed)))
    for step, route in ROUTER.steps.items():
        if route.roles is not None and not route.roles & {Role.committee, Role.admin}:
            continue  # refused by who may be at it, like a button that is stale
        for word in targets.words:
            made.append((f"{step}: {word}", step, default_draft(ROUTER, step) or {},
                         make.message(word)))
    # Not a draft a member could make (a correction of a finding is refused before it
    # begins), but the use case refuses it again at the last press.
    correction = {"kind": "other", "title": "更正", "body": "撤回", "attachments": [],
                  "corrects_id": finding_id, "at": None}
    made.append(("a forged correction's publish", Disclose.PREVIEW, correction,
                 make.press(BoardPublish(now=True))))
    return made


async def test_no_route_lets_the_committee_see_or_change_what_the_supervisors_hold(
        db: Database, renderer: Renderer) -> None:
    member = CHAIR  # a committee member and an admin: every route either has
    ticket, finding_id, targets = await supervised(db)
    shown = Shown()
    dispatcher = Dispatcher(db.sessionmaker, ROUTER, renderer, shown, db.clock)
    before = await state(db, ticket.id or 0)
    tried = attempts(member, targets, finding_id)
    assert len(tried) > 1000
    for label, step, draft, incoming in tried:
        await attempt(db, dispatcher, member, step, draft, incoming)
        assert await state(db, ticket.id or 0) == before, label
    async with db.sessionmaker() as session:
        replies = (await session.exec(select(Delivery.text).where(
            col(Delivery.chat_id) == member))).all()
    for text in [*replies, *shown.texts]:
        assert not any(secret in text for secret in targets.secrets), text
