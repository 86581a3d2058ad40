"""Imports every table module so the metadata is complete (for Alembic and tests)."""

from models import (  # noqa: F401
    audit,
    community,
    conversation,
    files,
    inbox,
    outages,
    outbox,
)
from models.board import disclosures  # noqa: F401
from models.hearings import hearings  # noqa: F401
from models.hotline import reports as ticket_reports  # noqa: F401
from models.hotline import tickets  # noqa: F401
from models.meetings import meetings  # noqa: F401
from models.notices import broadcasts  # noqa: F401
from models.people import persons as people  # noqa: F401
from models.proposals import proposals  # noqa: F401
from models.supervision import (
    evaluation,  # noqa: F401
    inquiries,  # noqa: F401
)
from models.voting import comments as matter_comments  # noqa: F401
from models.voting import matters  # noqa: F401
