"""Samples of the supervisors' read-only views (proposals, matters) and of a notice's
delivery report; tests/template_samples.py explains SAMPLES and passes its builders."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from models.community_file import PathStep
from models.notices.broadcasts import Broadcast, BroadcastState, Progress
from models.proposals.path import Standing
from models.proposals.proposals import Proposal, ProposalEvent
from models.proposals.stages import Stage
from models.supervision.oversight import Page
from models.supervision.oversight_matters import MatterRecord
from models.supervision.oversight_proposals import ProposalRecord
from models.voting.matters import Matter, MatterState
from models.voting.tally import MatterKind

Case = tuple[str, dict[str, Any]]


def samples(at: datetime, proposal: Callable[..., Proposal],
            events: Callable[[], list[ProposalEvent]], matter: Callable[..., Matter],
            broadcast: Callable[..., Broadcast]) -> dict[str, list[Case]]:
    rejected = proposal(Stage.rejected, id=13, major=True)
    path = Standing([(PathStep(code="committee", name="两委会商议"), True),
                     (PathStep(code="council", name="党员大会审议", required=False), False)])
    decided = proposal(Stage.decided, resolution="同意在东区车棚增设 20 个充电桩",
                       implementation="已完成安装", by_representative=True)
    closed = matter(MatterKind.decision, state=MatterState.closed,
                    result={"counts": {"for": 8, "against": 3, "abstain": 0}, "passed": True})
    secret = matter(MatterKind.choice, secret=True, state=MatterState.closed,
                    result={"counts": {"1": 6, "2": 5}, "passed": False})
    running = matter(MatterKind.decision)
    done = broadcast(state=BroadcastState.done)
    return {
        "supervision/oversight_proposals.j2": [
            ("two", {"shown": Page([proposal(), rejected], 0, 12, 8)}),
            ("none", {"shown": Page([], 0, 0, 8)})],
        "supervision/oversight_proposal.j2": [
            ("rejected", {"record": ProposalRecord(rejected, 3, events(), {}, None)}),
            ("merged", {"record": ProposalRecord(proposal(Stage.merged), 3, [ProposalEvent(
                proposal_id=12, at=at, kind="merged", actor_id=1, details={"into": "P0014"})],
                {1: "王主任"}, None)}),
            ("decided on its path", {"record": ProposalRecord(decided, 4, events(),
                                                              {1: "王主任"}, path)})],
        "supervision/oversight_matters.j2": [
            ("three", {"shown": Page([closed, secret, running], 0, 3, 8)}),
            ("none", {"shown": Page([], 0, 0, 8)})],
        "supervision/oversight_matter.j2": [
            ("open ballot closed", {"record": MatterRecord(
                closed, 15, 11, [("for", 8), ("against", 3), ("abstain", 0)],
                [("王小明", "for"), ("李华", "against")], True, True)}),
            ("secret closed", {"record": MatterRecord(secret, 15, 11, [("1", 6), ("2", 5)], [],
                                                      True, True, "1")}),
            ("not valid", {"record": MatterRecord(closed, 15, 5, [("for", 5)], [("李华", "for")])}),
            ("open ballot running", {"record": MatterRecord(running, 15, 4, None, [])}),
            ("secret running", {"record": MatterRecord(
                matter(MatterKind.decision, secret=True), 15, 4, None, [])})],
        "broadcasts/report.j2": [
            ("done with failures, committee", {
                "broadcast": done, "progress": Progress(120, 110, 4, 6), "finished": True,
                "may_retry": True}),
            ("sending, supervisor", {
                "broadcast": broadcast(state=BroadcastState.sending),
                "progress": Progress(120, 40, 0, 1), "finished": False, "may_retry": False})],
    }
