"""Imports every table module so the metadata is complete (for Alembic and tests)."""

from models import (  # noqa: F401
    audit,
    broadcasts,
    community,
    conversation,
    disclosures,
    files,
    hearings,
    inbox,
    matters,
    outbox,
    people,
    proposals,
    ticket_reports,
    tickets,
)
