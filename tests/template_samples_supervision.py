"""Samples of the formal inquiries' multi-line templates (tests/template_samples.py
explains SAMPLES)."""

from datetime import datetime, timedelta
from typing import Any

from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.people.persons import Person
from models.supervision.inquiries import Inquiry, InquiryState

Case = tuple[str, dict[str, Any]]
TEXT = "东区车棚改造的 3.2 万元公共收益支出，为什么没有在季度报告中列明？请说明明细和审批过程。"
ANSWER = "该笔支出已经两委会商议通过，明细见附件；第四季度报告将补充列明。"


def inquiry(at: datetime, state: InquiryState = InquiryState.awaiting,
            **changes: Any) -> Inquiry:
    values: dict[str, Any] = {
        "id": 3, "community_id": 1, "raised_by_id": 1, "text": TEXT, "state": state,
        "needed": 2, "created_at": at, "put_at": at + timedelta(hours=5),
        "due_at": at + timedelta(days=8), **changes}
    return Inquiry(**values)


def overdue(at: datetime) -> list[Inquiry]:
    return [inquiry(at, due_at=at - timedelta(days=1)), inquiry(at, id=4, text="短问题")]


def samples(at: datetime, me: Person, neighbour: Person) -> dict[str, list[Case]]:
    collecting = inquiry(at, InquiryState.collecting, put_at=None, due_at=None)
    alone = inquiry(at, needed=0, documents=[{"kind": "document", "file_id": "f"}])
    answered = inquiry(at, InquiryState.answered, answer=ANSWER,
                       answered_at=at + timedelta(days=2))
    late = inquiry(at, InquiryState.answered, answer=ANSWER,
                   answered_at=at + timedelta(days=9))
    entry = DisclosureEntry(id=31, community_id=1, kind=DisclosureKind.inquiry,
                            title="质询 IQ0003 及居委会答复", body="", published_at=at)
    return {
        "supervision/inquiry_preview.j2": [
            ("co-signed", {"text": TEXT, "files": 1, "cosigners": 2}),
            ("alone", {"text": TEXT, "files": 0, "cosigners": 0})],
        "supervision/inquiry_raised.j2": [
            ("collecting", {"inquiry": collecting, "asked": 12}),
            ("put", {"inquiry": alone, "asked": 3})],
        "supervision/inquiry_to_sign.j2": [
            ("one", {"inquiry": collecting, "inquirer": me, "signatures": 0})],
        "supervision/inquiry_put.j2": [
            ("co-signed", {"inquiry": inquiry(at), "inquirer": me}),
            ("supervisor", {"inquiry": alone, "inquirer": neighbour})],
        "supervision/inquiry_answer_preview.j2": [
            ("one", {"text": ANSWER, "files": 1, "number": "IQ0003"})],
        "supervision/inquiry_disclosure.j2": [
            ("co-signed", {"inquiry": answered, "inquirer": me, "signers": [me, neighbour]}),
            ("late, alone", {"inquiry": late, "inquirer": neighbour, "signers": []})],
        "supervision/inquiry_answered.j2": [
            ("on time", {"inquiry": answered, "entry": entry}),
            ("late", {"inquiry": late, "entry": entry})],
        "supervision/inquiry_reminder.j2": [("one", {"inquiry": inquiry(at), "hours": 24})],
        "supervision/inquiry_overdue.j2": [
            ("supervisor", {"inquiry": inquiry(at), "inquirer": me, "supervisor": True}),
            ("inquirer", {"inquiry": inquiry(at), "inquirer": me, "supervisor": False})],
        "supervision/inquiry_item.j2": [
            ("collecting", {"inquiry": collecting, "signatures": 1, "overdue": False}),
            ("overdue", {"inquiry": inquiry(at), "signatures": 2, "overdue": True})],
        "supervision/inquiry_pending_for_meeting.j2": [
            ("two", {"inquiries": overdue(at)})],
    }
