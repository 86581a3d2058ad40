"""Realistic parameters for every multi-line template: the rows a handler or a use
case passes, built in memory (no database), with the branches that change the text.

SAMPLES maps a template to its cases, each a label and the parameters beyond the
ones every render gets (`me`, `community`, `zone`, filled as chat/context.py does)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.board.quarterly import Quarter, QuarterSummary
from models.community import Community
from models.community_file import PathStep
from models.hearings.hearings import Attendance, Hearing, HearingRegistration, Seat
from models.hotline.stats import Figures, HotlineStats, YearStats
from models.hotline.tickets import Rating, Ticket, TicketEvent, TicketState
from models.meetings.meetings import Meeting, MeetingItem, MeetingPetition
from models.meetings.minutes import Record
from models.meetings.roster import Attendee, Summary
from models.notices.broadcasts import Broadcast, Progress
from models.outages import OutageReport
from models.people.persons import Person, RegistrationStatus, RoleGrant
from models.people.roles import Role
from models.proposals.path import Standing
from models.proposals.proposals import Proposal, ProposalEvent
from models.proposals.stages import Stage
from models.voting.electorate import Voters
from models.voting.matters import Ballot, Matter, MatterState
from models.voting.tally import MatterKind, PassRule, Result
from tests import (
    template_samples_appoint,
    template_samples_audit,
    template_samples_evaluation,
    template_samples_item_vote,
    template_samples_meeting_session,
    template_samples_meetings,
    template_samples_oversight,
    template_samples_petition,
    template_samples_supervision,
    template_samples_texts,
)

AT = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
COMMUNITY = Community(id=1, code="xingfuli", name="幸福里社区", join_code="xingfuli",
                      source_text=(Path(__file__).resolve().parent.parent
                                   / "community.example.yaml").read_text(encoding="utf-8"))
ME = Person(id=1, telegram_id=1001, display_name="Wang", name="王小明", area="east",
            building="1", unit="2", phone="13800000000", status=RegistrationStatus.approved)
NEIGHBOUR = Person(id=2, telegram_id=1002, display_name="Li Hua", name=None)
BASE: dict[str, Any] = {"me": ME, "community": COMMUNITY, "zone": "Asia/Shanghai"}

Case = tuple[str, dict[str, Any]]


def proposal(stage: Stage = Stage.collecting, **changes: Any) -> Proposal:
    values: dict[str, Any] = {
        "id": 12, "community_id": 1, "author_id": 1, "title": "东区增设电动车充电桩",
        "description": "东区车棚没有充电设施，居民在楼道充电有火灾隐患。", "stage": stage,
        "needed": 10, "support_deadline": AT + timedelta(days=14), **changes}
    return Proposal(**values)


def proposal_events() -> list[ProposalEvent]:
    return [ProposalEvent(proposal_id=12, at=AT, kind="submitted"),
            ProposalEvent(proposal_id=12, at=AT + timedelta(days=3), kind="deliberation",
                          note="同意提交居民会议表决",
                          details={"step": "committee", "name": "两委会商议",
                                   "held_on": "2026-11-26"}),
            ProposalEvent(proposal_id=12, at=AT + timedelta(days=4), kind="deliberation",
                          note="居民意见基本一致",  # recorded before steps had names
                          details={"step": "hearing", "held_on": "2026-11-27"}),
            ProposalEvent(proposal_id=12, at=AT + timedelta(days=5), kind="returned",
                          note="请补充预算")]


def matter(kind: MatterKind = MatterKind.choice, **changes: Any) -> Matter:
    values: dict[str, Any] = {
        "id": 7, "community_id": 1, "title": "车棚改造方案", "body": "请选择车棚改造的位置。",
        "kind": kind, "choices": ["东区车棚", "西区车棚"] if kind == MatterKind.choice else [],
        "pass_rule": PassRule.cast_majority, "opens_at": AT, "closes_at": AT + timedelta(days=7),
        "salt": "s", "created_by_id": 1, "state": MatterState.open, **changes}
    return Matter(**values)


def result(of: Matter, passed: bool = True, quorum_met: bool = True) -> Result:
    counts = dict(zip(of.options, (8, 3, 0), strict=False))
    winner = "1" if passed and of.kind == MatterKind.choice else None
    return Result(counts=counts, cast=11, electorate=15, quorum_met=quorum_met, passed=passed,
                  winner=winner)


def ticket(state: TicketState = TicketState.assigned, **changes: Any) -> Ticket:
    values: dict[str, Any] = {
        "id": 3, "community_id": 1, "period": "2611", "sequence": 5, "reporter_id": 1,
        "category": "repair", "department": "property", "description": "3号楼电梯停运两天了。",
        "area": "east", "building": "1", "unit": "2", "state": state, "created_at": AT,
        "accept_due": AT + timedelta(hours=4), "resolve_due": AT + timedelta(days=3),
        **changes}
    return Ticket(**values)


def ticket_events() -> list[TicketEvent]:
    return [TicketEvent(ticket_id=3, at=AT, kind="received"),
            TicketEvent(ticket_id=3, at=AT + timedelta(hours=1), kind="note", public=False,
                        note="已联系维保公司"),
            TicketEvent(ticket_id=3, at=AT + timedelta(hours=2), kind="escalated",
                        details={"deadline": "accept"}),
            TicketEvent(ticket_id=3, at=AT + timedelta(days=1), kind="rated",
                        details={"rating": "satisfied"})]


def hearing(**changes: Any) -> Hearing:
    values: dict[str, Any] = {
        "id": 4, "community_id": 1, "topic": "小区停车收费调整", "place": "社区活动中心二楼",
        "starts_at": AT + timedelta(days=10), "ends_at": AT + timedelta(days=10, hours=2),
        "registration_deadline": AT + timedelta(days=8), "capacity": 30, "confirmed": 2,
        "audience": {"kind": "areas", "codes": ["east"]}, "created_by_id": 1, **changes}
    return Hearing(**values)


def seat(person: Person, attendance: Attendance = Attendance.attend,
         position: Seat = Seat.confirmed) -> tuple[HearingRegistration, Person]:
    summary = "收费应当分时段" if attendance == Attendance.speak else None
    return (HearingRegistration(hearing_id=4, person_id=person.id or 0, attendance=attendance,
                                summary=summary, seat=position, queued_at=AT), person)


def broadcast(**changes: Any) -> Broadcast:
    values: dict[str, Any] = {
        "id": 9, "community_id": 1, "author_id": 1, "body": "本周六上午9点停水，请提前储水。",
        "audience": {"kind": "areas", "codes": ["east"]}, "due_at": AT + timedelta(days=1),
        "created_at": AT, **changes}
    return Broadcast(**values)


def entry(number: int = 21, **changes: Any) -> DisclosureEntry:
    values: dict[str, Any] = {
        "id": number, "community_id": 1, "kind": DisclosureKind.financial,
        "title": "2026年第三季度收支", "body": "收入 12,000 元，支出 9,500 元。",
        "published_at": AT, **changes}
    return DisclosureEntry(**values)


def stats(tickets: bool = True) -> HotlineStats:
    """A month's figures; without tickets every list is empty."""
    figures = Figures(received=12, accepted_on_time=10, resolved=9, resolved_on_time=8,
                      rated=6, satisfied=5, overdue=2, escalations=1,
                      hours_to_resolve=[5.0, 20.5, 30.0])
    if not tickets:
        return HotlineStats(start=AT, end=AT + timedelta(days=30), total=Figures(),
                            departments={}, handlers={}, handler_names={})
    return HotlineStats(start=AT, end=AT + timedelta(days=30), total=figures,
                        departments={"property": figures, "service": Figures()},
                        handlers={5: figures, None: Figures(received=2)},
                        handler_names={5: "赵经办"}, supervision=Figures(received=3, rated=1))


def quarter() -> QuarterSummary:
    start = datetime(2026, 7, 1, tzinfo=COMMUNITY.config.zone)
    return QuarterSummary(quarter=Quarter(start, start.replace(month=10)),
                          events={"submitted": 5, "accepted": 3, "decided": 2},
                          submitted_by_month=[1, 2, 2], decided_by_month=[0, 1, 1],
                          votes_closed=2, votes_passed=1)


def standing(*done: str) -> Standing:
    """The example file's path (two required steps, an optional third), these recorded."""
    steps = [PathStep(code="party_proposal", name="党组织提议"),
             PathStep(code="committee", name="两委会商议"),
             PathStep(code="party_members", name="党员大会审议", required=False)]
    return Standing([(step, step.code in done) for step in steps])


def overdue() -> list[Proposal]:
    """Two late disclosures, the latest due first: a resolution and an implementation."""
    return [proposal(Stage.decided, disclosure_due_at=AT - timedelta(days=1)),
            proposal(Stage.implemented, id=9, title="西区增加路灯",
                     disclosure_due_at=AT - timedelta(days=20))]


def meeting(**changes: Any) -> Meeting:
    values: dict[str, Any] = {
        "id": 3, "community_id": 1, "title": "2026年第四季度居民代表会议",
        "place": "社区活动中心二楼", "starts_at": AT + timedelta(days=7),
        "duration_minutes": 90, "chair_id": 1, "created_by_id": 1,
        "minutes": "会议审议了两项议题，代表们就充电桩的位置充分发表了意见。", **changes}
    return Meeting(**values)


def agenda() -> list[MeetingItem]:
    return [MeetingItem(id=1, meeting_id=3, position=1, title="东区增设电动车充电桩", body="",
                        proposal_id=12, matter_id=7),
            MeetingItem(id=2, meeting_id=3, position=2, title="物业费调整", body="",
                        matter_id=8),
            MeetingItem(id=3, meeting_id=3, position=3, title="绿化方案", body="")]


def minutes(quorate: bool = True) -> Record:
    """A meeting's record: a choice carried, a decision not valid, an item not voted on."""
    voted = matter(meeting_id=3, state=MatterState.closed, result={
        "counts": {"1": 8, "2": 3}, "cast": 11, "electorate": 12, "quorum_met": True,
        "passed": True, "winner": "1", "receipts": {}})
    invalid = matter(MatterKind.decision, id=8, title="物业费调整", meeting_id=3,
                     state=MatterState.closed, result={
                         "counts": {"for": 2, "against": 1, "abstain": 0}, "cast": 3,
                         "electorate": 12, "quorum_met": False, "passed": False,
                         "winner": None, "receipts": {}})
    zhao = Person(id=3, telegram_id=1004, display_name="Zhao", name="赵四")
    if not quorate:
        attendance = Summary(present=[], apologies=[], absent=[ME, NEIGHBOUR, zhao],
                             sitting=3, needed=2, quorate=False)
        return Record(meeting(), attendance, [(agenda()[2], None)])
    attendance = Summary(present=[Attendee(ME, AT), Attendee(NEIGHBOUR, AT, entered_by_id=1)],
                         apologies=[Attendee(zhao, AT, reason="出差")], absent=[],
                         sitting=3, needed=2, quorate=True)
    items = agenda()
    return Record(meeting(), attendance, [(items[0], voted), (items[1], invalid),
                                          (items[2], None)])


def petition() -> MeetingPetition:
    return MeetingPetition(id=2, community_id=1, started_by_id=1,
                           reason="东区充电桩建设进度缓慢，需要代表会议讨论。")


def _samples() -> dict[str, list[Case]]:
    p, events = proposal(), proposal_events()
    choice, decision = matter(), matter(MatterKind.decision, title="物业费调整",
                                        body="物业费每平方米上调0.2元。", may_change=False)
    recall = matter(MatterKind.recall, recall_target="张三", secret=True)
    evaluation = matter(MatterKind.evaluation, title="物业服务评议")
    households = matter(MatterKind.decision, title="1号楼加装电梯", voters=Voters.households,
                        area="east", building="1")
    vote = Ballot(matter_id=7, voter_id=1, version=1, option="1", receipt="K7Q2-M4XD")
    poll = matter(MatterKind.poll, title="车棚位置征求意见", choices=["东门", "西门", "不需要"],
                  voters=Voters.residents, area="east", building="1")
    polled = Result(counts={"1": 8, "2": 3, "3": 0}, cast=11, electorate=15, quorum_met=False,
                    passed=False, winner=None, decides=False)
    poll_receipts = [("1", ["A1B2", "C3D4"]), ("2", ["E5F6"]), ("3", [])]
    t, reporter = ticket(), ME
    h, places = hearing(), ["东区"]
    seated = [seat(ME, Attendance.speak), seat(NEIGHBOUR)]
    waiting = [seat(NEIGHBOUR, position=Seat.waiting)]
    owners = [ME, NEIGHBOUR]
    corrected = entry(15, title="2026年第二季度收支")
    receipts = [("1", ["A1B2", "C3D4"]), ("2", [])]
    grants = [RoleGrant(person_id=1, role=Role.resident),
              RoleGrant(person_id=1, role=Role.handler, department="property")]
    everyone = {"kind": "everyone", "codes": []}
    return {
        "board/announcement.j2": [("entry", {"entry": entry()})],
        "board/ask_kind.j2": [("plain", {})],
        "board/entry.j2": [
            ("plain", {"entry": entry(), "corrected": None, "corrections": []}),
            ("corrections", {"entry": entry(), "corrected": corrected,
                             "corrections": [entry(30), entry(31)]})],
        "board/hotline_report.j2": [("month", {"stats": stats(), "month": 11}),
                                    ("no tickets", {"stats": stats(False), "month": 11})],
        "board/page.j2": [
            ("none", {"entries": [], "total": 0, "page": 0, "kind": "*", "overdue": [],
                      "inquiries": []}),
            ("overdue only", {"entries": [], "total": 0, "page": 0, "kind": "*",
                              "overdue": overdue()[:1], "inquiries": []}),
            ("two", {"entries": [entry(), entry(22, corrects_id=15)], "total": 2, "page": 0,
                     "kind": "financial", "overdue": overdue(),
                     "inquiries": template_samples_supervision.overdue(AT)})],
        "board/preview.j2": [("files", {"kind": "financial", "title": "2026年第三季度收支",
                                        "body": "收入 12,000 元。", "files": 2})],
        "broadcasts/notice.j2": [("plain", {"broadcast": broadcast()}),
                                 ("urgent", {"broadcast": broadcast(urgent=True)})],
        "broadcasts/pick_audience.j2": [("areas", {"kind": "areas", "count": 2})],
        "broadcasts/preview.j2": [
            ("now", {"audience": everyone, "urgent": False, "due_at": None, "places": [],
                     "attachments": 0, "recipients": 1200}),
            ("later", {"audience": {"kind": "areas", "codes": ["east", "west"]},
                       "urgent": True, "due_at": AT, "places": ["东区", "西区"],
                       "attachments": 2, "recipients": 340})],
        "broadcasts/progress.j2": [
            ("sending", {"broadcast": broadcast(), "finished": False, "minutes_left": 3,
                         "progress": Progress(total=1200, sent=400, failed=0, unreachable=0)}),
            ("finished", {"broadcast": broadcast(), "finished": True, "minutes_left": 0,
                          "progress": Progress(total=1200, sent=1190, failed=4,
                                               unreachable=6)})],
        "broadcasts/received.j2": [
            ("none", {"notices": []}),
            ("two", {"notices": [broadcast(urgent=True), broadcast(id=8, body="电梯年检。")]})],
        "broadcasts/scheduled_item.j2": [
            ("plain", {"broadcast": broadcast(), "places": places}),
            ("urgent", {"broadcast": broadcast(urgent=True, audience=everyone), "places": []})],
        "broadcasts/summary.j2": [("sent", {
            "broadcast": broadcast(), "progress": Progress(total=10, sent=8, failed=1,
                                                           unreachable=1)})],
        "common/bad_time.j2": [
            (problem, {"problem": problem, "days": 365, "example": "2026-11-24 19:00",
                       "short": "11-24 19:00", "month": 11, "day": 24, "clock": "19:00"})
            for problem in ("in_the_past", "too_far", "unreadable")],
        "common/help.j2": [("two", {"groups": [("common", ["help"]),
                                                ("people", ["register"])]})],
        "common/me.j2": [
            ("full", {"grants": grants, "address": "东区 1号楼 2单元", "status": "approved"}),
            ("new", {"me": NEIGHBOUR, "community": None, "grants": [], "address": None,
                     "status": "new"})],
        "common/outage_report.j2": [
            (f"broadcast {n}", {"broadcast_messages": n, "report": OutageReport(
                community_id=1, started_at=AT, ended_at=AT + timedelta(hours=2), given_up=30)})
            for n in (0, 12, 30)],
        "common/start.j2": [
            (status, {"registered": status == "approved", "status": status})
            for status in ("approved", "pending", "new")]
        + [("no community", {"community": None, "registered": False, "status": "new"})],
        "hearings/changed.j2": [
            ("moved", {"hearing": h, "moved": True, "before": {
                "starts_at": (h.starts_at - timedelta(days=1)).isoformat(), "place": h.place}}),
            ("place", {"hearing": h, "moved": False, "before": {
                "starts_at": h.starts_at.isoformat(), "place": "居委会会议室"}})],
        "hearings/item.j2": [
            ("resident", {"hearing": h, "registration": seated[0][0], "places": places,
                          "committee": False}),
            ("committee empty", {"hearing": h, "registration": None, "places": places,
                                 "committee": True, "seated": [], "waiting": []}),
            ("committee", {"hearing": h, "registration": None, "places": places,
                           "committee": True, "seated": seated, "waiting": waiting})],
        "hearings/notice.j2": [("draft", {"hearing": hearing(id=None), "recipient": ME}),
                               ("sent", {"hearing": h, "recipient": ME})],
        "hearings/preview.j2": [("areas", {"hearing": h, "places": places, "recipients": 320})],
        "hearings/registered.j2": [
            ("confirmed", {"hearing": h, "registration": seated[0][0], "position": 0}),
            ("waiting", {"hearing": h, "registration": waiting[0][0], "position": 3})],
        "hotline/ask_category.j2": [("plain", {})],
        "hotline/card.j2": [
            ("new", {"ticket": t, "reporter": reporter, "duplicate": None, "reason": None}),
            ("transferred", {"ticket": ticket(TicketState.accepted, anonymous=True, building=None,
                                              latitude=31.2, longitude=121.5),
                             "reporter": NEIGHBOUR, "duplicate": ticket(sequence=2),
                             "reason": "属于物业维修范围"}),
            ("no place", {"ticket": ticket(building=None), "reporter": None,
                          "duplicate": None, "reason": None})],
        "hotline/escalated_yours.j2": [("accept", {"ticket": t, "deadline": "accept"})],
        "hotline/escalation.j2": [
            ("owners", {"ticket": t, "deadline": "accept", "due": AT, "owners": owners}),
            ("nobody", {"ticket": t, "deadline": "resolve", "due": AT, "owners": []})],
        "hotline/note_for_you.j2": [("note", {"ticket": t, "note": "维保公司明天上午到场。"})],
        "hotline/preview.j2": [
            ("place", {"category": "设施报修", "description": "电梯停运。", "photos": 2,
                       "place": "东区 1号楼 2单元", "located": False, "anonymous": True}),
            ("location", {"category": "设施报修", "description": "路灯不亮。", "photos": 0,
                          "place": None, "located": True, "anonymous": False}),
            ("nowhere", {"category": "其他", "description": "咨询。", "photos": 0,
                         "place": None, "located": False, "anonymous": False})],
        "hotline/rated.j2": [
            ("closed", {"ticket": ticket(TicketState.closed, rating=Rating.satisfied)}),
            ("reopened", {"ticket": ticket(TicketState.accepted, rating=Rating.dissatisfied)})],
        "hotline/receipt.j2": [("handled", {"ticket": t, "handled": True}),
                               ("waiting", {"ticket": t, "handled": False})],
        "hotline/report.j2": [("month", {"stats": stats(), "month": "2026-11", "full": False}),
                              ("supervisor", {"stats": stats(), "month": "2026-11",
                                              "full": True})],
        "hotline/resolved.j2": [
            ("reporter", {"ticket": ticket(TicketState.resolved, resolution="电梯已修复。"),
                          "recipient": ME}),
            ("other", {"ticket": ticket(TicketState.resolved, resolution="电梯已修复。"),
                       "recipient": NEIGHBOUR})],
        "hotline/stats_year.j2": [
            ("year", {"year": YearStats(2026, stats(), [("2026-01", stats().total),
                                                          ("2026-02", Figures())])}),
            ("no tickets", {"year": YearStats(2026, stats(False), [])})],
        "hotline/stats.j2": [("month", {"stats": stats(), "month": "2026-11", "full": False}),
                             ("supervisor", {"stats": stats(), "month": "2026-11", "full": True}),
                             ("no tickets", {"stats": stats(False), "month": "2026-11",
                                             "full": False})],
        "hotline/ticket.j2": [
            ("staff", {"ticket": t, "reporter": reporter, "staff": True, "merged_into": None,
                       "events": ticket_events()}),
            ("public", {"ticket": ticket(TicketState.merged, anonymous=True), "reporter": None,
                        "staff": False, "merged_into": ticket(sequence=2), "events": []})],
        "hotline/transferred.j2": [("plain", {"ticket": t})],
        "hotline/warning.j2": [("resolve", {"ticket": t, "deadline": "resolve", "due": AT})],
        "hotline/wrong_state.j2": [("closed", {"ticket": ticket(TicketState.closed)})],
        "proposals/decided.j2": [("reason", {"proposal": p, "reason": "同意增设充电桩。"})],
        "proposals/for_review.j2": [("plain", {"proposal": p})],
        "proposals/implemented.j2": [("reason", {"proposal": p, "reason": "已安装20个。"})],
        "proposals/mine.j2": [
            ("collecting", {"proposal": p, "supports": 3, "events": events,
                            "path": standing()}),
            ("fresh", {"proposal": proposal(Stage.under_review), "supports": 10,
                       "events": events[:1], "path": standing()}),
            ("on its path", {"proposal": proposal(Stage.accepted), "supports": 10,
                             "events": events, "path": standing("party_proposal")}),
            ("decided", {"proposal": proposal(Stage.decided), "supports": 10,
                         "events": events, "path": standing("party_proposal", "committee",
                                                            "party_members")}),
            ("no community", {"proposal": proposal(Stage.accepted), "supports": 10,
                              "events": events[:1], "path": None})],
        "proposals/disclosure_due.j2": [
            ("resolution soon", {"proposal": proposal(Stage.decided), "owed": "resolution",
                                 "due": AT + timedelta(days=2), "late": False}),
            ("implementation late", {"proposal": proposal(Stage.implemented),
                                     "owed": "implementation", "due": AT, "late": True})],
        "proposals/not_adopted.j2": [("vote", {"proposal": p, "reason": (  # the resolution's text
            "表决 M0007 未通过，未形成决议：物业费调整\n"
            "应投 15 人，实投 11 人；赞成 3，反对 8，弃权 0。")})],
        "proposals/path_incomplete.j2": [
            ("one", {"proposal": p, "missing": ["两委会商议"]}),
            ("two", {"proposal": p, "missing": ["党组织提议", "两委会商议"]})],
        "proposals/not_open.j2": [("lapsed", {"proposal": proposal(Stage.lapsed)})],
        "proposals/page.j2": [
            ("none", {"items": [], "counts": {}, "page": 0, "total": 0}),
            ("two", {"items": [p, proposal(id=13, title="西区增加路灯")],
                     "counts": {12: 3, 13: 0}, "page": 0, "total": 2})],
        "proposals/preview.j2": [
            ("topic", {"title": p.title, "description": p.description, "topic": "环境",
                       "files": 1}),
            ("no topic", {"title": p.title, "description": p.description, "topic": None,
                          "files": 0})],
        "proposals/receipt.j2": [("residents", {"proposal": p}),
                                 ("representatives",
                                  {"proposal": proposal(by_representative=True)})],
        "proposals/rejected.j2": [("reason", {"proposal": p, "reason": "不符合规划。"})],
        "proposals/returned.j2": [("reason", {"proposal": p, "reason": "请补充预算。"})],
        "proposals/wrong_stage.j2": [("closed", {"proposal": proposal(Stage.closed)})],
        "registration/choose_building.j2": [("east", {"area": "东区"})],
        "registration/choose_unit.j2": [("east", {"area": "东区", "building": "1号楼"})],
        "registration/confirm.j2": [
            ("phone", {"name": "王小明", "address": "东区 1号楼 2单元", "door": None,
                       "phone": "13800000000"}),
            ("no phone", {"name": "王小明", "address": "东区 1号楼 2单元", "door": None,
                          "phone": None}),
            ("door", {"name": "王小明", "address": "东区 1号楼 2单元", "door": "1202",
                      "phone": None})],
        "registration/new_for_committee.j2": [
            ("phone", {"applicant": ME, "address": "东区 1号楼 2单元"}),
            ("no phone", {"applicant": Person(telegram_id=1003, name="李华"),
                          "address": "西区 5号楼 1单元"})],
        "registration/submitted.j2": [("plain", {"number": "R2611-0001",
                                                  "address": "东区 1号楼 2单元"})],
        "reports/quarterly.j2": [("quarter", {"summary": quarter()})],
        "review/ask_note.j2": [("committee", {"kind": "committee", "name": None}),
                               ("named", {"kind": "committee", "name": "两委会商议"})],
        "review/done.j2": [("accepted", {"proposal": proposal(Stage.accepted)})],
        "review/item.j2": [
            ("accepted", {"proposal": proposal(Stage.accepted), "supports": 10,
                          "events": events, "path": standing("party_proposal")}),
            ("decided", {"proposal": proposal(Stage.decided), "supports": 10, "events": [],
                         "path": standing("party_proposal", "committee")}),
            ("no path", {"proposal": proposal(Stage.accepted), "supports": 10, "events": [],
                         "path": Standing([])})],
        "review/step_recorded.j2": [
            ("committee", {"proposal": p, "kind": "committee", "name": None,
                           "held_on": "2026-11-26"}),
            ("named", {"proposal": p, "kind": "committee", "name": "两委会商议",
                       "held_on": "2026-11-26"})],
        "roles/recalled.j2": [("representative", {"role": "representative",
                                                  "matter": recall})],
        "roles/grant_usage.j2": [("roles", {"roles": ["resident", "committee"]})],
        "roles/revoke_usage.j2": [("roles", {"roles": ["resident", "committee"]})],
        "voting/ask_title.j2": [("limit", {"limit": 60})],
        "voting/ballot.j2": [
            ("choice", {"matter": choice, "ballot": None}),
            ("poll", {"matter": poll, "ballot": None}),
            ("recall", {"matter": recall, "ballot": None}),
            ("decision", {"matter": decision, "ballot": None})],
        "voting/confirm.j2": [("choice", {"matter": choice, "option": "2"}),
                              ("decision", {"matter": decision, "option": "against"})],
        "voting/created.j2": [("now", {"matter": choice, "later": False}),
                              ("later", {"matter": choice, "later": True}),
                              ("poll", {"matter": matter(MatterKind.poll, choices=["东门", "西门"]),
                                       "later": False})],
        "voting/disclosure.j2": [
            ("choice", {"matter": choice, "result": result(choice), "receipts": receipts,
                        "roll_call": [("王小明", "1"), ("李华", "2")]}),
            ("secret failed", {"matter": recall, "result": result(recall, False, False),
                               "receipts": [("for", []), ("against", ["E5F6"]),
                                            ("abstain", [])], "roll_call": []}),
            ("households", {"matter": households, "result": result(households),
                            "receipts": [("for", ["A1B2"]), ("against", []), ("abstain", [])],
                            "roll_call": [("王小明", "for")]})],
        "voting/poll_disclosure.j2": [
            ("comments", {"matter": poll, "result": polled, "receipts": poll_receipts,
                          "roll_call": [("王小明", "1"), ("李华", "2")],
                          "comments": ["东门离车棚近", "西门晚上太暗"]}),
            ("secret, none", {"matter": matter(MatterKind.poll, choices=["甲", "乙"],
                                               secret=True, voters=Voters.households),
                              "result": Result(counts={"1": 0, "2": 0}, cast=0, electorate=4,
                                               quorum_met=False, passed=False, winner=None,
                                               decides=False),
                              "receipts": [("1", []), ("2", [])], "roll_call": [],
                              "comments": []})],
        "voting/poll_result.j2": [
            ("residents", {"matter": poll, "result": polled}),
            ("households", {"matter": matter(MatterKind.poll, choices=["甲", "乙"],
                                             voters=Voters.households),
                            "result": Result(counts={"1": 1, "2": 2}, cast=3, electorate=4,
                                             quorum_met=False, passed=False, winner=None,
                                             decides=False)})],
        "voting/open_list.j2": [("two", {"matters": [choice, matter(id=8, title="绿化方案")],
                                         "voted": {7: True, 8: False}})],
        "voting/preview.j2": [
            ("choice", {"draft": choice, "rule": "cast_majority", "places": [],
                        "quorum_percent": 50}),
            ("recall", {"draft": matter(MatterKind.recall, recall_target="张三",
                                        attachments=[{"kind": "photo"}]),
                        "rule": "two_thirds_cast", "places": ["东区"], "quorum_percent": 50}),
            ("households", {"draft": households, "rule": "cast_majority",
                            "places": ["东区", "1号楼"], "quorum_percent": 50}),
            ("residents", {"draft": matter(MatterKind.decision, voters=Voters.residents),
                           "rule": "cast_majority", "places": [], "quorum_percent": 50}),
            ("poll", {"draft": poll, "rule": "cast_majority", "places": ["东区", "1号楼"],
                      "quorum_percent": 50})],
        "voting/recorded.j2": [
            ("open", {"matter": choice, "ballot": vote}),
            ("final", {"matter": decision, "ballot": Ballot(
                matter_id=7, voter_id=1, version=1, option="for", receipt="K7Q2-M4XD")})],
        "voting/recall_carried.j2": [
            (f"by-election {by}", {"matter": recall, "person": NEIGHBOUR, "role": "committee",
                                   "by_election": by}) for by in (True, False)],
        "voting/resolution.j2": [
            ("decision passed", {"matter": decision, "result": result(decision)}),
            ("choice passed", {"matter": choice, "result": result(choice)}),
            ("failed", {"matter": decision, "result": result(decision, False)}),
            ("inquorate", {"matter": decision, "result": result(decision, False, False)})],
        "voting/reminder.j2": [("hours", {"matter": choice, "hours": 24})],
        "voting/result.j2": [
            ("choice", {"matter": choice, "result": result(choice)}),
            ("choice none", {"matter": choice, "result": result(choice, False)}),
            ("evaluation", {"matter": evaluation, "result": result(evaluation)}),
            ("decision", {"matter": decision, "result": result(decision)}),
            ("no quorum", {"matter": decision, "result": result(decision, False, False)}),
            ("households", {"matter": households, "result": result(households)})],
        "voting/verify_found.j2": [
            ("replaced", {"code": "K7Q2", "matter": choice, "ballot": vote, "counted": False}),
            ("closed", {"code": "K7Q2", "matter": matter(state=MatterState.closed),
                        "ballot": vote, "counted": True}),
            ("open", {"code": "K7Q2", "matter": choice, "ballot": vote, "counted": True})],
    }


def _meetings() -> dict[str, list[Case]]:
    m, choice = meeting(), matter(meeting_id=3)
    decision = matter(MatterKind.decision, id=8, title="物业费调整", meeting_id=3)
    return {
        "meetings/item_result.j2": [
            ("choice", {"meeting": m, "matter": choice, "result": result(choice)}),
            ("choice none", {"meeting": m, "matter": choice, "result": result(choice, False)}),
            ("decision failed", {"meeting": m, "matter": decision,
                                 "result": result(decision, False)}),
            ("not valid", {"meeting": m, "matter": decision,
                           "result": result(decision, False, False)})],
        "meetings/minutes.j2": [("quorate", {"record": minutes(), "meeting": meeting()}),
                                ("not quorate", {"record": minutes(False),
                                                 "meeting": meeting()})],
        "meetings/minutes_due.j2": [("plain", {"meeting": m})],
        "meetings/notice.j2": [
            (f"observer {o}", {"meeting": m, "items": agenda(), "observer": o,
                               "checkin_opens_at": m.starts_at - timedelta(minutes=30)})
            for o in (False, True)],
        "meetings/petition_for_committee.j2": [("reached", {"petition": petition(),
                                                            "signatures": 4})],
        "meetings/petition_reached.j2": [("reached", {"petition": petition(),
                                                      "signatures": 4})],
        "meetings/petition_started.j2": [("one", {"petition": petition(), "signatures": 1,
                                                  "needed": 4})],
        "meetings/reminder.j2": [
            (f"observer {o}", {"meeting": m, "hours": 24, "observer": o})
            for o in (False, True)],
    }


def _web() -> dict[str, list[Case]]:
    kinds = [k.value for k in DisclosureKind]
    entries = [entry(), entry(22, corrects_id=15)]
    return {
        "web/index.j2": [("one", {"community": None, "communities": [COMMUNITY]})],
        "web/board.j2": [
            ("first", {"entries": entries, "total": 30, "page": 0, "pages": 2, "kind": None,
                       "kinds": kinds, "overdue": overdue(),
                       "inquiries": template_samples_supervision.overdue(AT),
                       "supervisors": ["赵监督", "Li Hua"]}),
            ("empty", {"entries": [], "total": 0, "page": 1, "pages": 2, "kind": "financial",
                       "kinds": kinds, "overdue": [], "inquiries": [], "supervisors": []})],
        "web/entry.j2": [
            ("plain", {"entry": entry(), "corrected": None, "corrections": [], "images": [],
                       "documents": [], "in_chat_only": 0, "ranking": None}),
            ("files", {"entry": entry(), "corrected": entry(15), "corrections": [entry(30)],
                       "images": [(1, "收支表.jpg")], "documents": [(2, "明细.pdf")],
                       "in_chat_only": 1, "ranking": "2026-11"})],
        "web/feed.j2": [("two", {"entries": entries, "updated": AT,
                                 "images": {entries[0].id: [(7, "image/png")]},
                                 "base": "https://example.org/c/xingfuli/"})],
    }


SAMPLES = {**_samples(), **_meetings(),
           **template_samples_meetings.samples(AT, ME, NEIGHBOUR),
           **template_samples_evaluation.samples(AT, ME, NEIGHBOUR),
           **template_samples_supervision.samples(AT, ME, NEIGHBOUR),
           **template_samples_audit.samples(AT),
           **template_samples_texts.samples(),
           **template_samples_meeting_session.samples(AT, ME, NEIGHBOUR),
           **template_samples_oversight.samples(AT, proposal, proposal_events, matter,
                                                broadcast)}
for _name, _cases in template_samples_appoint.samples(matter, result).items():
    SAMPLES.setdefault(_name, []).extend(_cases)  # more cases of the voting templates
for _name, _cases in template_samples_item_vote.samples(matter, result).items():
    SAMPLES.setdefault(_name, []).extend(_cases)
for _name, _cases in template_samples_petition.samples(AT).items():
    SAMPLES.setdefault(_name, []).extend(_cases)
WEB = _web()
