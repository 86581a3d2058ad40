"""Supervised tickets (complaints about the committee or its staff) straight on the
database: routed to the supervisors only; the committee and its handlers can neither
read them, be handed them nor act on them (every use case tried, nothing changes);
supervisors handle them and read every other ticket without an anonymous reporter's
name; deadlines go to the supervisors; the figures and the monthly report keep them
apart, the committee seeing only their count."""

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from pydantic import ValidationError
from sqlmodel import col, select

from bot.app import Database
from bot.playground import run_job
from chat.render import Renderer
from models.audit import AuditEntry
from models.board.disclosures import DisclosureEntry
from models.community import Community, all_communities
from models.community_file import Category
from models.hotline import actions as ticket_actions
from models.hotline import tickets
from models.hotline.access import reach
from models.hotline.filing import Place, file_ticket
from models.hotline.stats import hotline_stats
from models.hotline.tickets import SUPERVISION, Rating, Ticket, TicketEvent, TicketState
from models.outbox import Delivery
from models.outcomes import Done, Refused
from models.people.roles import Role
from tests.factories import residents
from tests.test_hotline_rules import MONDAY_10, Recorder, deliveries, file, load, staff


async def world(db: Database) -> dict[str, int]:
    """A resident, a handler of two departments, the committee, two supervisors."""
    reporter, other = await residents(db, 2)
    ids = {"reporter": reporter, "other": other}
    for key, telegram_id, role, department in (
            ("city", 9001, Role.handler, "city"), ("service", 9002, Role.handler, "service"),
            ("committee", 9200, Role.committee, None),
            ("watcher", 9100, Role.supervisor, None), ("second", 9101, Role.supervisor, None)):
        await staff(db, telegram_id, role, department)
        ids[key] = telegram_id
    return ids


async def snapshot(db: Database, ticket_id: int | None) -> tuple[Any, ...]:
    async with db.sessionmaker() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        events = (await session.exec(select(sa.func.count()).select_from(TicketEvent))).one()
        audit = (await session.exec(select(sa.func.count()).select_from(AuditEntry))).one()
        return ticket.model_dump(), events, audit


def test_the_file_marks_supervised_categories_without_a_department() -> None:
    assert Category(code="conduct", name="作风问题", supervised=True).department is None
    with pytest.raises(ValidationError, match="no department"):
        Category(code="conduct", name="作风问题", supervised=True, department="service")
    with pytest.raises(ValidationError, match="required unless"):
        Category(code="noise", name="噪音")


async def test_filed_to_the_supervisors_only(db: Database) -> None:
    who = await world(db)
    ticket = await file(db, who["reporter"], "conduct")
    assert (ticket.supervised, ticket.department, ticket.handler_id) == (True, SUPERVISION, None)
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        again = await file_ticket(
            session, reporter=await load(session, who["reporter"]), community=community,
            category="openness", description="账目不公开", photos=[], place=Place(),
            anonymous=True, now=MONDAY_10)
        assert isinstance(again, Done)
        assert [p.telegram_id for p in again.value.handlers] == [9100, 9101]
        seen = {key: isinstance(await reach(session, await load(session, i), ticket), Done)
                for key, i in who.items()}
        assert seen == {"reporter": True, "other": False, "city": False, "service": False,
                        "committee": False, "watcher": True, "second": True}
        refused = await reach(session, await load(session, 9001), ticket)
        assert isinstance(refused, Refused) and refused.template == "hotline/not_found"
        for telegram_id, department in ((9001, "city"), (9002, "service")):
            queue = await tickets.queue_of(session, (await load(session, telegram_id)).id or 0,
                                           department, community.id or 0)
            assert queue == []
        mine = await tickets.queue_of(session, (await load(session, 9100)).id or 0, None,
                                      community.id or 0, supervisor=True)
        assert sorted(t.category for t in mine) == ["conduct", "openness"]


async def test_the_committee_and_handlers_cannot_act_on_it(db: Database) -> None:
    who = await world(db)
    supervised = await file(db, who["reporter"], "conduct")
    ordinary = await file(db, who["reporter"], "noise")  # the city handler's own ticket
    before = await snapshot(db, supervised.id)
    tid, notify = supervised.id or 0, Recorder()
    for telegram_id in (9001, 9002, 9200):
        async with db.sessionmaker() as session, session.begin():
            person = await load(session, telegram_id)
            community = await session.get(Community, supervised.community_id)
            assert community is not None
            tries = [
                ticket_actions.accept(session, handler=person, ticket_id=tid, notify=notify,
                                      now=MONDAY_10),
                ticket_actions.add_note(session, handler=person, ticket_id=tid, text="看看",
                                        public=True, notify=notify, now=MONDAY_10),
                ticket_actions.resolve(session, handler=person, ticket_id=tid, text="已办",
                                       now=MONDAY_10),
                ticket_actions.transfer(session, handler=person, community=community,
                                        ticket_id=tid, reason="转", notify=notify,
                                        department="city", now=MONDAY_10),
                ticket_actions.merge(session, handler=person, ticket_id=tid,
                                     target_id=ordinary.id or 0, notify=notify, now=MONDAY_10),
                ticket_actions.merge(session, handler=person, ticket_id=ordinary.id or 0,
                                     target_id=tid, notify=notify, now=MONDAY_10),
                ticket_actions.rate(session, person=person, community=community, ticket_id=tid,
                                    rating=Rating.satisfied, notify=notify, now=MONDAY_10),
                ticket_actions.comment(session, person=person, ticket_id=tid, text="好",
                                       now=MONDAY_10),
            ]
            for attempt in tries:
                outcome = await attempt
                assert isinstance(outcome, Refused), (telegram_id, outcome)
                assert outcome.params.get("ticket") in (None, ordinary)  # not even its number
    assert await snapshot(db, supervised.id) == before
    assert notify.sent == []
    # A supervisor cannot hand it to the committee's people either.
    async with db.sessionmaker() as session, session.begin():
        watcher = await load(session, 9100)
        community = await session.get(Community, supervised.community_id)
        assert community is not None
        await ticket_actions.accept(session, handler=watcher, ticket_id=tid, notify=notify,
                                    now=MONDAY_10)
        for department, to_id in (("city", None), (None, (await load(session, 9001)).id)):
            handed = await ticket_actions.transfer(
                session, handler=watcher, community=community, ticket_id=tid, reason="转办",
                notify=notify, department=department, to_handler_id=to_id, now=MONDAY_10)
            assert isinstance(handed, Refused) and handed.template == "hotline/bad_transfer"
        colleague = (await load(session, 9101)).id
        passed = await ticket_actions.transfer(
            session, handler=watcher, community=community, ticket_id=tid, reason="回避",
            notify=notify, to_handler_id=colleague, now=MONDAY_10)
        assert isinstance(passed, Done) and passed.value.ticket.department == SUPERVISION
    assert (await snapshot(db, supervised.id))[0]["handler_id"] == colleague


async def test_supervisors_handle_it_and_the_reporter_rates_it(db: Database) -> None:
    who = await world(db)
    ticket = await file(db, who["reporter"], "conduct")
    notify = Recorder()
    async with db.sessionmaker() as session, session.begin():
        watcher, second = await load(session, 9100), await load(session, 9101)
        community = await session.get(Community, ticket.community_id)
        assert community is not None
        tid = ticket.id or 0
        assert isinstance(await ticket_actions.accept(
            session, handler=watcher, ticket_id=tid, notify=notify, now=MONDAY_10), Done)
        taken = await ticket_actions.accept(session, handler=second, ticket_id=tid,
                                            notify=notify, now=MONDAY_10)
        assert isinstance(taken, Refused)  # first contact: the first supervisor owns it
        assert isinstance(await ticket_actions.add_note(
            session, handler=watcher, ticket_id=tid, text="已约谈", public=True, notify=notify,
            now=MONDAY_10), Done)
        assert isinstance(await ticket_actions.resolve(
            session, handler=watcher, ticket_id=tid, text="已责令整改", now=MONDAY_10), Done)
        rated = await ticket_actions.rate(
            session, person=await load(session, who["reporter"]), community=community,
            ticket_id=tid, rating=Rating.dissatisfied, notify=notify, now=MONDAY_10)
        assert isinstance(rated, Done) and rated.value.state == TicketState.accepted
    told = {who_ for who_, template, _ in notify.sent if template == "hotline/reopened"}
    assert told == {9100, 9101}  # the supervisors, the owner once; no handler, no committee
    assert {who_ for who_, *_ in notify.sent} <= {who["reporter"], 9100, 9101}


async def test_supervisors_read_every_ticket_but_not_an_anonymous_name(db: Database) -> None:
    who = await world(db)
    hidden = await file(db, who["reporter"], "noise", anonymous=True)
    named = await file(db, who["reporter"], "repair")
    supervised = await file(db, who["reporter"], "conduct", anonymous=True)
    async with db.sessionmaker() as session:
        watcher = await load(session, 9100)
        views = {t.category: await reach(session, watcher, t)
                 for t in (hidden, named, supervised)}
    assert all(isinstance(v, Done) and v.value.staff for v in views.values())
    assert {c: v.value.identity for c, v in views.items() if isinstance(v, Done)} == {
        "noise": False, "repair": True, "conduct": True}  # the last one is theirs to handle
    assert not any(isinstance(v, Done) and v.value.handles
                   for c, v in views.items() if c != "conduct")


async def test_deadlines_go_to_the_supervisors(db: Database, renderer: Renderer) -> None:
    await world(db)
    ticket = await file(db, (await residents(db, 1, first_id=30000))[0], "conduct")
    await run_job(db, "hotline_deadlines", renderer, now=ticket.accept_warn_at)
    assert sorted(await deliveries(db, "hotline/warning")) == [9100, 9101]
    await run_job(db, "hotline_deadlines", renderer, now=ticket.accept_due + timedelta(hours=1))
    assert sorted(await deliveries(db, "hotline/escalation")) == [9100, 9101]
    assert await deliveries(db, "hotline/escalated_yours") == []  # each supervisor hears once
    async with db.sessionmaker() as session:
        sent = await session.exec(select(sa.func.count()).where(
            col(AuditEntry.action) == "ticket.escalated"))
        assert sent.one() == 1


async def test_the_figures_keep_them_apart(db: Database) -> None:
    who = await world(db)
    ordinary = await file(db, who["reporter"], "noise")
    await file(db, who["reporter"], "conduct")
    await file(db, who["reporter"], "openness")
    async with db.sessionmaker() as session:
        day = timedelta(days=1)
        stats = await hotline_stats(session, community_id=ordinary.community_id,
                                    start=MONDAY_10 - day, end=MONDAY_10 + day, now=MONDAY_10)
    assert stats.total.received == 1 and list(stats.departments) == ["city"]
    assert stats.supervision.received == 2
    assert None not in stats.handlers or stats.handlers[None].received == 0


async def test_the_monthly_report_counts_them_for_the_committee(db: Database,
                                                               renderer: Renderer) -> None:
    who = await world(db)
    await file(db, who["reporter"], "noise")
    await file(db, who["reporter"], "conduct")
    first_of_december = MONDAY_10 + timedelta(days=8)
    assert await run_job(db, "hotline_reports", renderer, now=first_of_december) == 5
    async with db.sessionmaker() as session:
        rows = await session.exec(select(Delivery.chat_id, Delivery.text).where(
            Delivery.template == "hotline/report"))
        texts = dict(rows.all())
        board = (await session.exec(select(DisclosureEntry.body))).all()
    section = {who_: text.split("居务监督委员会办理")[1] for who_, text in texts.items()}
    assert "1 件" in section[9200] and "满意率" not in section[9200]
    assert "满意率" in section[9100] and "满意率" in section[9101]
    assert any("另有涉及居委会及其工作人员的诉求 1 件" in text for text in board)
