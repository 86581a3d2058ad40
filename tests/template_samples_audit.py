"""Samples of the supervision templates and of the tables they download (their
columns); tests/template_samples.py explains SAMPLES."""

from datetime import datetime
from typing import Any

from models.audit import AuditEntry, Verification
from models.audit_view import AuditPage, Filter, Line

Case = tuple[str, dict[str, Any]]


def samples(at: datetime) -> dict[str, list[Case]]:
    filed = AuditEntry(seq=41, at=at, actor_id=1, community_id=1, action="ticket.filed",
                       subject_type="ticket", subject_id="2026-0007", details={},
                       prev_hash="0" * 64, hash="a" * 64)
    granted = AuditEntry(seq=40, at=at, actor_id=None, community_id=1, action="role.granted",
                         subject_type="person", subject_id="3", details={},
                         prev_hash="0" * 64, hash="b" * 64)
    lines = [Line(filed, "ticket", "王小明"), Line(granted, "role", None, "李华")]
    intact = Verification(entries=41, head="a" * 64, problems=[])
    broken = Verification(entries=41, head="a" * 64, first_broken=12,
                          problems=["entry 12: content does not match its hash"])
    return {
        "supervision/page.j2": [
            ("first page, intact", {"shown": AuditPage(lines, 0, 3, 20, Filter(), None,
                                                       intact)}),
            ("filtered, broken", {"shown": AuditPage(lines[:1], 1, 2, 9,
                                                     Filter("ticket", 1), "王小明", broken)}),
            ("nothing", {"shown": AuditPage([], 0, 1, 0, Filter("ballot"), None, intact)})],
        "supervision/audit_columns.j2": [("headers", {})],
        "hotline/ranking_columns.j2": [("headers", {})],
    }
