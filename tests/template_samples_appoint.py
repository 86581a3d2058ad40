"""Samples of the templates that name a supervisor by vote (tests/template_samples.py
explains SAMPLES): the appointment's ballot, preview and disclosure, added to the cases
those templates already have."""

from collections.abc import Callable
from typing import Any

from models.voting.matters import Matter
from models.voting.tally import MatterKind, PassRule, Result

Case = tuple[str, dict[str, Any]]


def samples(matter: Callable[..., Matter],
            result: Callable[..., Result]) -> dict[str, list[Case]]:
    appoint = matter(MatterKind.appoint, title="推选居务监督委员会成员", recall_target="赵敏",
                     body="居委会提名赵敏担任居务监督委员会成员。", recall_role="supervisor",
                     pass_rule=PassRule.electorate_majority)
    receipts = [("for", ["A1B2", "C3D4"]), ("against", ["E5F6"]), ("abstain", [])]
    return {
        "voting/ballot.j2": [("appoint", {"matter": appoint, "ballot": None})],
        "voting/preview.j2": [("appoint", {"draft": appoint, "rule": "electorate_majority",
                                           "places": [], "quorum_percent": 50})],
        "voting/disclosure.j2": [
            ("appoint passed", {"matter": appoint, "result": result(appoint),
                                "receipts": receipts, "roll_call": [("王小明", "for")]}),
            ("appoint failed", {"matter": appoint, "result": result(appoint, False),
                                "receipts": receipts, "roll_call": []})],
        "voting/result.j2": [("appoint", {"matter": appoint, "result": result(appoint)})],
    }
