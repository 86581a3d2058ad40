"""The iCalendar (.ics) entry of a hearing (models/ical.py builds the file): sent with
each notice, and listed in the board's subscribable calendar. A cancelled hearing's
file is sent with METHOD:CANCEL."""

from datetime import datetime

from models import ical
from models.hearings.hearings import Hearing, HearingState
from models.proposals.proposals import Proposal

CONTENT_TYPE = ical.CONTENT_TYPE
# Enough of a proposal to know what is heard; the whole text is in the chat.
DESCRIPTION_MAX = 600


def file_name(hearing: Hearing) -> str:
    return f"hearing-{hearing.number}.ics"


def entry(hearing: Hearing, *, community_code: str, url: str = "",
          proposal: Proposal | None = None) -> ical.Entry:
    """The hearing's topic, and the proposal it hears when there is one."""
    parts = [f"{hearing.number} {hearing.topic}"]
    if proposal is not None:
        parts.append(f"{proposal.number} {proposal.title}\n{_cut(proposal.description)}")
    return ical.Entry(uid=f"hearing-{hearing.id}@{community_code}.yishi",
                      summary=hearing.topic, location=hearing.place,
                      starts_at=hearing.starts_at, ends_at=hearing.ends_at,
                      sequence=hearing.sequence,
                      cancelled=hearing.state == HearingState.cancelled,
                      description="\n\n".join(parts), url=url)


def build(hearing: Hearing, *, community_code: str, timezone: str, now: datetime,
          url: str = "", proposal: Proposal | None = None) -> bytes:
    return ical.build(entry(hearing, community_code=community_code, url=url,
                            proposal=proposal),
                      product="hearings", timezone=timezone, now=now)


def _cut(text: str) -> str:
    return text if len(text) <= DESCRIPTION_MAX else text[:DESCRIPTION_MAX - 1] + "…"
