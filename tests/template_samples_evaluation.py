"""Samples of the evaluation of committee members' multi-line templates
(tests/template_samples.py explains SAMPLES)."""

from datetime import timedelta
from typing import Any

from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.people.persons import Person
from models.supervision.evaluation import EvaluationReport, EvaluationRound, Grade
from models.supervision.evaluation_ratings import Offer
from models.supervision.evaluation_results import summarise

Case = tuple[str, dict[str, Any]]


def samples(at: Any, me: Person, neighbour: Person) -> dict[str, list[Case]]:
    found = EvaluationRound(id=1, community_id=1, year=2026, opens_at=at,
                            closes_at=at + timedelta(days=14), residents=False, flag_below=0.6)
    with_residents = found.model_copy(update={"residents": True})
    report = EvaluationReport(round_id=1, member_id=1, text="一年来牵头完成加装电梯三部。",
                              disclosure_id=12, created_at=at)
    entry = DisclosureEntry(id=20, community_id=1, kind=DisclosureKind.evaluation,
                            title="2026 年度述职评议结果", body="", published_at=at)
    grades = [(1, Grade.satisfied)] * 3 + [(1, Grade.basically), (2, Grade.dissatisfied),
                                           (2, Grade.dissatisfied), (2, Grade.basically)]
    results = summarise([(1, "王主任"), (2, "李委员"), (3, "张委员")], grades, flag_below=0.6)
    flagged = [r for r in results if r.flagged]
    offers = [Offer(me, report, rated=True), Offer(neighbour, report, rated=False)]
    return {
        "supervision/evaluation_ask_report.j2": [("plain", {"round": found, "limit": 3500})],
        "supervision/evaluation_preview.j2": [("two files", {"text": report.text, "files": 2})],
        "supervision/evaluation_list.j2": [("two", {"offers": offers}),
                                           ("all rated", {"offers": offers[:1]}),
                                           ("none yet", {"offers": []})],
        "supervision/evaluation_member.j2": [("plain", {"member": me, "report": report})],
        "supervision/evaluation_opened.j2": [("plain", {"round": found})],
        "supervision/evaluation_results.j2": [
            ("three", {"round": found, "results": results, "silent": ["赵委员"],
                       "comments": {2: ["回复太慢", "希望多来楼里看看"]}}),
            ("none reported", {"round": with_residents, "results": [], "silent": [],
                               "comments": {}})],
        "supervision/evaluation_flagged.j2": [("one", {"round": found, "flagged": flagged,
                                                       "entry": entry})],
    }
