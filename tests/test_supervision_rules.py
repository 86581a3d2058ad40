"""Formal inquiries (质询) straight on the database: the due moment checked against its
definition in every zone (hypothesis), who may raise, co-sign, answer, rate and put an
answer to the meeting (each refused role tried), reminders and the escalation once.
Every refusal leaves the database as it was."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from bot.app import Database
from chat.render import Renderer
from models.audit import AuditEntry
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.community import all_communities
from models.community_reading import load_community, parse_community
from models.outcomes import Done, Refused
from models.people.roles import Role
from models.supervision import answering, deadlines, raising, rules
from models.supervision.inquiries import Inquiry, InquiryReminder, InquirySignature, InquiryState
from tests.factories import residents
from tests.meetings_kit import CHAIR, OTHER_COMMITTEE, Recorder, act, convene, fetch, render_with

EXAMPLE = Path(__file__).resolve().parent.parent / "community.example.yaml"
ZONES = sorted(available_timezones() - {"Factory", "localtime"})
SHANGHAI = ZoneInfo("Asia/Shanghai")
TEXT = "公共收益 3.2 万元的支出为何没有公开？"


@given(st.sampled_from(ZONES), st.datetimes(datetime(1971, 1, 1), datetime(2090, 12, 31),
                                            timezones=st.just(UTC)), st.integers(1, 90))
def test_the_answer_is_due_when_the_last_local_day_ends(zone_name: str, put_at: datetime,
                                                        days: int) -> None:
    zone = ZoneInfo(zone_name)
    due = rules.answer_due(put_at, days, zone)
    put_on = put_at.astimezone(zone).date()
    assert due.tzinfo is UTC and due > put_at
    assert due.astimezone(zone).date() == put_on + timedelta(days=days + 1)
    assert (due - timedelta(microseconds=1)).astimezone(zone).date() == \
        put_on + timedelta(days=days)


def test_due_at_midnight_in_shanghai_and_through_a_clock_change() -> None:
    put = datetime(2026, 12, 8, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    assert rules.answer_due(put, 7, SHANGHAI) == datetime(2026, 12, 15, 16, 0, tzinfo=UTC)
    # New York springs forward on 2026-03-08: the day after the seventh begins at 04:00 UTC.
    york = ZoneInfo("America/New_York")
    due = rules.answer_due(datetime(2026, 3, 2, 15, 0, tzinfo=UTC), 7, york)
    assert due == datetime(2026, 3, 10, 4, 0, tzinfo=UTC)
    # Santiago skips its midnight on 2026-09-06: the day starts at 01:00.
    santiago = ZoneInfo("America/Santiago")
    assert rules.start_of_day(date(2026, 9, 6), santiago).astimezone(santiago).hour == 1


def test_reminders_count_only_moments_after_it_was_put() -> None:
    due = datetime(2026, 12, 15, 16, 0, tzinfo=UTC)
    put = due - timedelta(hours=30)
    assert rules.due_reminders(due, [72, 24], put_at=put, now=due - timedelta(hours=24)) == [24]
    assert rules.due_reminders(due, [72, 24], put_at=put, now=due - timedelta(hours=25)) == []


def test_the_community_file_sets_the_inquiry_rules() -> None:
    settings = load_community(EXAMPLE).supervision
    assert (settings.inquiry_cosigners, settings.inquiry_answer_days) == (2, 7)
    assert settings.inquiry_reminder_hours == [72, 24]
    text = EXAMPLE.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="inquiry_reminder_hours"):
        parse_community(text.replace("inquiry_answer_days: 7", "inquiry_answer_days: 2"))


async def snapshot(db: Database) -> tuple[Any, ...]:
    async with db.sessionmaker() as session:
        rows = [sorted(repr(r.model_dump()) for r in (await session.exec(select(t))).all())
                for t in (Inquiry, InquirySignature, InquiryReminder, DisclosureEntry)]
        audited = (await session.exec(select(sa.func.count()).select_from(AuditEntry))).one()
    return (*map(tuple, rows), audited)


async def raised(db: Database, tg: int, notify: Recorder | None = None) -> Inquiry:
    outcome = await act(db, raising.raise_inquiry, tg=tg, community=True, text=TEXT,
                        documents=[], notify=notify or Recorder())
    assert isinstance(outcome, Done), outcome
    return outcome.value.inquiry


async def test_raised_by_a_representative_co_signed_then_put_to_the_committee(
        db: Database) -> None:
    first, second = await residents(db, 2, first_id=30000, role=Role.representative)
    alone = await act(db, raising.raise_inquiry, tg=first, community=True, text=TEXT,
                      documents=[], notify=Recorder())
    assert alone == Refused("supervision/inquiry_too_few_cosigners", {"needed": 2, "others": 1})
    third, fourth = await residents(db, 2, first_id=30002, role=Role.representative)
    resident, = await residents(db, 1, first_id=39000)
    handler, = await residents(db, 1, first_id=39100, role=Role.handler)
    watcher, = await residents(db, 1, first_id=39200, role=Role.supervisor)
    before = await snapshot(db)
    for tg in (resident, handler, CHAIR):  # the committee does not inquire of itself
        refused = await act(db, raising.raise_inquiry, tg=tg, community=True, text=TEXT,
                            documents=[], notify=Recorder())
        assert refused == Refused("supervision/inquiry_not_allowed")
    too_long = await act(db, raising.raise_inquiry, tg=first, community=True,
                         text="问" * 1501, documents=[], notify=Recorder())
    assert isinstance(too_long, Refused) and too_long.params["limit"] == 1500
    assert await snapshot(db) == before

    asked = Recorder()
    inquiry = await raised(db, first, asked)
    assert inquiry.state == InquiryState.collecting and inquiry.needed == 2
    assert asked.to("supervision/inquiry_to_sign") == [second, third, fourth]

    before = await snapshot(db)
    for tg, template in ((resident, "supervision/inquiry_representatives_only"),
                         (watcher, "supervision/inquiry_representatives_only"),
                         (CHAIR, "supervision/inquiry_representatives_only"),
                         (first, "supervision/inquiry_own")):
        refused = await act(db, raising.sign_inquiry, tg=tg, inquiry_id=inquiry.id,
                            notify=Recorder())
        assert isinstance(refused, Refused) and refused.template == template, refused
    assert await snapshot(db) == before
    signed = await act(db, raising.sign_inquiry, tg=second, inquiry_id=inquiry.id,
                       notify=Recorder())
    assert isinstance(signed, Done) and signed.value.signatures == 1
    twice = await act(db, raising.sign_inquiry, tg=second, inquiry_id=inquiry.id,
                      notify=Recorder())
    assert isinstance(twice, Refused) and twice.template == "supervision/inquiry_already_signed"

    put = Recorder()
    db.clock.set(datetime(2026, 12, 8, 2, 0, tzinfo=UTC))
    done = await act(db, raising.sign_inquiry, tg=third, inquiry_id=inquiry.id, notify=put)
    assert isinstance(done, Done) and done.value.signatures == 2
    assert put.to("supervision/inquiry_put") == [CHAIR, OTHER_COMMITTEE]
    assert put.to("supervision/inquiry_sent") == [first]
    stored = await fetch(db, Inquiry, inquiry.id)
    assert stored.state == InquiryState.awaiting and stored.reminder_hours == [72, 24]
    assert stored.due_at == datetime(2026, 12, 15, 16, 0, tzinfo=UTC)
    late = await act(db, raising.sign_inquiry, tg=fourth, inquiry_id=inquiry.id,
                     notify=Recorder())
    assert isinstance(late, Refused) and late.template == "supervision/inquiry_signing_closed"


async def test_a_supervisor_puts_one_alone(db: Database) -> None:
    watcher, = await residents(db, 1, first_id=39200, role=Role.supervisor)
    put = Recorder()
    inquiry = await raised(db, watcher, put)
    assert inquiry.state == InquiryState.awaiting and inquiry.needed == 0
    assert put.to("supervision/inquiry_put") == [CHAIR, OTHER_COMMITTEE]


async def answer(db: Database, tg: int, inquiry: Inquiry, renderer: Renderer,
                 notify: Recorder | None = None) -> Any:
    async with db.sessionmaker() as session:
        community = (await all_communities(session))[0]
    return await act(db, answering.answer_inquiry, tg=tg, inquiry_id=inquiry.id,
                     text="支出明细见附件，第四季度报告补充列明。", documents=[],
                     notify=notify or Recorder(), render=render_with(renderer, community))


async def test_only_the_committee_answers_and_only_the_inquirer_rates(
        db: Database, renderer: Renderer) -> None:
    first, second, third = await residents(db, 3, first_id=30000, role=Role.representative)
    watcher, = await residents(db, 1, first_id=39200, role=Role.supervisor)
    inquiry = await raised(db, first)
    assert (await answer(db, CHAIR, inquiry, renderer)).template == "supervision/inquiry_not_put"
    for tg in (second, third):
        await act(db, raising.sign_inquiry, tg=tg, inquiry_id=inquiry.id, notify=Recorder())

    before = await snapshot(db)
    for tg in (first, second, watcher):
        refused = await answer(db, tg, inquiry, renderer)
        assert refused == Refused("supervision/inquiry_committee_only"), refused
    early = await act(db, answering.rate_answer, tg=first, inquiry_id=inquiry.id,
                      satisfied=False, notify=Recorder())
    assert early.template == "supervision/inquiry_not_answered"
    assert await snapshot(db) == before

    told = Recorder()
    done = await answer(db, OTHER_COMMITTEE, inquiry, renderer, told)
    assert isinstance(done, Done) and done.value.state == InquiryState.answered
    assert told.to("supervision/inquiry_answered") == [first]
    assert told.to("supervision/inquiry_answered_signer") == [second, third]
    entry = await fetch(db, DisclosureEntry, done.value.entry_id)
    assert entry.kind == DisclosureKind.inquiry and entry.title == "质询 IQ0001 及居委会答复"
    assert TEXT in entry.body and "第四季度报告补充列明" in entry.body
    assert "居民30001、居民30002" in entry.body  # the co-signers, by name
    again = await answer(db, CHAIR, inquiry, renderer)
    assert again.template == "supervision/inquiry_already_answered"

    before = await snapshot(db)
    for tg in (second, CHAIR, watcher):
        for use_case, extra in ((answering.rate_answer, {"satisfied": False}),
                                (answering.put_to_meeting, {})):
            refused = await act(db, use_case, tg=tg, inquiry_id=inquiry.id,
                                notify=Recorder(), **extra)
            assert refused.template == "supervision/inquiry_inquirer_only", refused
    not_yet = await act(db, answering.put_to_meeting, tg=first, inquiry_id=inquiry.id,
                        notify=Recorder())
    assert not_yet.template == "supervision/inquiry_not_unsatisfied"
    assert await snapshot(db) == before

    rated = await act(db, answering.rate_answer, tg=first, inquiry_id=inquiry.id,
                      satisfied=False, notify=Recorder())
    assert isinstance(rated, Done) and rated.value.satisfied is False
    twice = await act(db, answering.rate_answer, tg=first, inquiry_id=inquiry.id,
                      satisfied=True, notify=Recorder())
    assert twice.template == "supervision/inquiry_already_rated"
    tabled = Recorder()
    assert isinstance(await act(db, answering.put_to_meeting, tg=first,
                                inquiry_id=inquiry.id, notify=tabled), Done)
    assert tabled.to("supervision/inquiry_to_meeting") == [CHAIR, OTHER_COMMITTEE, watcher]
    pending = await act(db, answering.pending_for_meeting, community_id=1)
    assert [i.id for i in pending] == [inquiry.id]
    db.clock.set(db.clock.now() + timedelta(minutes=1))
    assert isinstance(await convene(db), Done)  # the next meeting has been convened
    assert await act(db, answering.pending_for_meeting, community_id=1) == []


async def test_reminded_once_per_offset_then_escalated_once(db: Database,
                                                            renderer: Renderer) -> None:
    watcher, = await residents(db, 1, first_id=39200, role=Role.supervisor)
    other, = await residents(db, 1, first_id=39300, role=Role.supervisor)
    db.clock.set(datetime(2026, 12, 8, 2, 0, tzinfo=UTC))
    inquiry = await raised(db, watcher)
    due = (await fetch(db, Inquiry, inquiry.id)).due_at

    async def sweep(at: datetime, use_case: Any = deadlines.remind_due) -> Recorder:
        sent = Recorder()
        await act(db, use_case, at=at, notifier=lambda session, community: sent)
        return sent

    assert (await sweep(due - timedelta(hours=73))).sent == []
    assert (await sweep(due - timedelta(hours=72))).to("supervision/inquiry_reminder") == [
        CHAIR, OTHER_COMMITTEE]
    assert (await sweep(due - timedelta(hours=71))).sent == []
    # The bot down from before 24 hours to after: one reminder, then none again.
    assert len((await sweep(due - timedelta(hours=1))).sent) == 2
    assert (await sweep(due - timedelta(minutes=30))).sent == []

    assert (await sweep(due - timedelta(seconds=1), deadlines.escalate_due)).sent == []
    escalated = await sweep(due, deadlines.escalate_due)
    assert escalated.to("supervision/inquiry_overdue") == [watcher, watcher, other]
    assert (await sweep(due + timedelta(hours=1), deadlines.escalate_due)).sent == []
    overdue = await act(db, deadlines.overdue, community_id=1, at=due)
    assert [i.id for i in overdue] == [inquiry.id]

    db.clock.set(due + timedelta(days=1))
    done = await answer(db, CHAIR, inquiry, renderer)
    assert isinstance(done, Done) and done.value.late
    assert await act(db, deadlines.overdue, community_id=1) == []
