"""An inquiry's answer on time: the committee is reminded before it is due (each offset
once), and an inquiry still unanswered at its due moment is escalated to the supervisors
(once) and shows as overdue on the board until it is answered."""

from datetime import datetime

from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit, reminders
from models.community import Community
from models.people.persons import Person, with_role
from models.people.roles import Role
from models.periodic import NotifierFor, Work
from models.supervision import rules
from models.supervision.inquiries import Inquiry, InquiryReminder, InquiryState
from models.supervision.raising import InquiryButtons

ANSWER_BUTTONS = "supervision.answer"  # the handler layer's answer button of an inquiry


async def overdue(session: AsyncSession, community_id: int, *, now: datetime) -> list[Inquiry]:
    """Inquiries put to the committee and not answered by their due moment, the longest
    overdue first: the board shows them."""
    query = (select(Inquiry).where(Inquiry.community_id == community_id,
                                   Inquiry.state == InquiryState.awaiting,
                                   col(Inquiry.due_at) <= now)
             .order_by(col(Inquiry.due_at), col(Inquiry.id)))
    return list((await session.exec(query)).all())


async def remind_due(session: AsyncSession, *, now: datetime, notifier: NotifierFor,
                     answer: InquiryButtons | None = None) -> int:
    """Remind the committee of every inquiry coming due, once per offset; when several
    offsets fell due together (the bot was down) only one reminder goes."""
    query = (select(Inquiry).where(Inquiry.state == InquiryState.awaiting,
                                   col(Inquiry.due_at) > now)
             .order_by(col(Inquiry.due_at)))
    sent = 0
    for inquiry in (await session.exec(query)).all():
        assert inquiry.due_at is not None and inquiry.put_at is not None
        due = rules.due_reminders(inquiry.due_at, inquiry.reminder_hours,
                                  put_at=inquiry.put_at, now=now)
        if not due or not await _claim(session, inquiry, due, now):
            continue
        notify = notifier(session, await session.get(Community, inquiry.community_id))
        for member in await with_role(session, inquiry.community_id, Role.committee):
            notify(member, "supervision/inquiry_reminder", inquiry=inquiry, hours=min(due),
                   buttons=answer(inquiry) if answer else None)
            sent += 1
    return sent


async def escalate_due(session: AsyncSession, *, now: datetime, notifier: NotifierFor) -> int:
    """Tell the supervisors, and the inquirer, of each inquiry that became overdue: once,
    by an update guarded on its not having been escalated yet."""
    query = (select(Inquiry.id).where(Inquiry.state == InquiryState.awaiting,
                                      col(Inquiry.due_at) <= now,
                                      col(Inquiry.escalated_at).is_(None))
             .order_by(col(Inquiry.due_at)))
    sent = 0
    for inquiry_id in (await session.exec(query)).all():
        claimed = await session.exec(
            update(Inquiry).where(col(Inquiry.id) == inquiry_id,
                                  col(Inquiry.escalated_at).is_(None),
                                  col(Inquiry.state) == InquiryState.awaiting)
            .values(escalated_at=now).execution_options(synchronize_session=False))
        if claimed.rowcount != 1:
            continue  # another worker escalated it, or it was answered meanwhile
        inquiry = await session.get(Inquiry, inquiry_id, populate_existing=True)
        assert inquiry is not None
        await audit.record(session, action="inquiry.escalated", subject_type="inquiry",
                           subject_id=inquiry_id, community_id=inquiry.community_id, now=now)
        notify = notifier(session, await session.get(Community, inquiry.community_id))
        inquirer = await session.get(Person, inquiry.raised_by_id)
        for supervisor in await with_role(session, inquiry.community_id, Role.supervisor):
            notify(supervisor, "supervision/inquiry_overdue", inquiry=inquiry,
                   inquirer=inquirer, supervisor=True)
            sent += 1
        if inquirer is not None:
            notify(inquirer, "supervision/inquiry_overdue", inquiry=inquiry,
                   inquirer=inquirer, supervisor=False)
            sent += 1
    return sent


async def _claim(session: AsyncSession, inquiry: Inquiry, hours: list[int],
                 now: datetime) -> bool:
    sent = (await session.exec(select(InquiryReminder.hours_before).where(
        InquiryReminder.inquiry_id == inquiry.id))).all()
    return await reminders.claim(session, due=hours, sent=sent, row=lambda h: InquiryReminder(
        inquiry_id=inquiry.id or 0, hours_before=h, sent_at=now))


async def sweep(work: Work) -> int:
    """The scheduler's part, in one transaction: reminders, then escalations."""
    async with work.sessionmaker() as session, session.begin():
        answer = work.buttons.get(ANSWER_BUTTONS)
        sent = await remind_due(session, now=work.now, notifier=work.notifier, answer=answer)
        return sent + await escalate_due(session, now=work.now, notifier=work.notifier)
