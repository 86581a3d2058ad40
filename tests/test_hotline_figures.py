"""Properties of the figures over arbitrary tickets: the parts add up to the total, and
no count exceeds what it is counted among."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from models.hotline.stats import Figures
from models.hotline.tickets import Rating, Ticket, TicketState

START = datetime(2026, 11, 1, tzinfo=UTC)
NOW = datetime(2026, 12, 1, tzinfo=UTC)


hours = st.integers(0, 24 * 40).map(lambda h: START + timedelta(hours=h))


@st.composite
def tickets(draw: st.DrawFn) -> Ticket:
    created = draw(hours)
    state = draw(st.sampled_from([s for s in TicketState if s != TicketState.merged]))
    accepted = draw(st.none() | hours.filter(lambda h: h >= created))
    resolved = draw(hours.filter(lambda h: h >= created)) if state in (
        TicketState.resolved, TicketState.closed) else None
    return Ticket(community_id=1, period="2611", sequence=1, reporter_id=1, category="c",
                  department=draw(st.sampled_from(["a", "b"])), description="x", state=state,
                  created_at=created, accept_warn_at=created, accept_due=draw(hours),
                  resolve_warn_at=created, resolve_due=draw(hours), accepted_at=accepted,
                  resolved_at=resolved,
                  rating=draw(st.none() | st.sampled_from(list(Rating))))


@settings(max_examples=200, deadline=None)
@given(st.lists(tickets(), max_size=30))
def test_departments_add_up_to_the_total(rows: list[Ticket]) -> None:
    total, parts = Figures(), {"a": Figures(), "b": Figures()}
    for row in rows:
        total.count(row, NOW)
        parts[row.department].count(row, NOW)
    for name in ("received", "accepted_on_time", "resolved", "resolved_on_time", "rated",
                 "satisfied", "overdue"):
        assert getattr(total, name) == sum(getattr(p, name) for p in parts.values())
    assert total.received == len(rows)
    assert total.accepted_on_time <= total.received and total.overdue <= total.received
    assert total.resolved_on_time <= total.resolved <= total.received
    assert total.satisfied <= total.rated
    for rate in (total.response_rate, total.resolution_rate, total.satisfaction_rate):
        assert rate is None or 0 <= rate <= 1
    if total.median_hours is not None:
        assert min(total.hours_to_resolve) <= total.median_hours <= max(total.hours_to_resolve)
