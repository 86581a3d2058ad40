"""Imports every table module so the metadata is complete (for Alembic and tests)."""

from models import audit, broadcasts, community, conversation, inbox, outbox, people  # noqa: F401
