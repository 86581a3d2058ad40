"""The dialogues of representatives' meetings: /newmeeting (title, time, place,
duration, agenda, documents, observers, recorder, preview) and the reason of apologies,
begun by the button under a notice or in /meetings."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from chat.dialogue import Dialogue, Draft


class NewMeeting(StrEnum):
    TITLE = "meeting.title"
    TIME = "meeting.time"
    PLACE = "meeting.place"
    DURATION = "meeting.duration"
    AGENDA = "meeting.agenda"
    DOCUMENTS = "meeting.documents"  # handlers/meetings/invitation_steps.py, with the next two
    OBSERVERS = "meeting.observers"
    RECORDER = "meeting.recorder"
    PREVIEW = "meeting.preview"


class MeetingDraft(Draft):
    title: str = ""
    starts_at: datetime | None = None
    place: str = ""
    duration_minutes: int | None = None  # None: the community's default
    # The accepted proposals offered, (id, label) as they stood when asked, so the
    # agenda question can be asked again without the database.
    offered: list[tuple[int, str]] = []
    proposal_ids: list[int] = []  # picked, in the order pressed
    items: list[str] = []  # free items typed, after the proposals
    # The petition of representatives it is convened on (联名提议), with its number for
    # the preview; None: convened by the committee on its own.
    petition_id: int | None = None
    petition_number: str = ""
    documents: list[dict[str, Any]] = []  # sent with the notice
    observers: list[tuple[int, str]] = []  # 列席, (id, name) as picked
    recorder: tuple[int, str] | None = None  # None: the chair records the minutes


NEW_MEETING = Dialogue(NewMeeting, MeetingDraft, command="newmeeting")


class Apologies(StrEnum):
    REASON = "apologies.reason"


class ApologiesDraft(Draft):
    meeting_id: int = 0
    reason: str = ""


APOLOGIES = Dialogue(Apologies, ApologiesDraft, command="meetings")


class Minutes(StrEnum):
    TEXT = "meeting_minutes.text"


class MinutesDraft(Draft):
    meeting_id: int = 0
    text: str = ""


MINUTES = Dialogue(Minutes, MinutesDraft, command="meetings")


class AgendaAdd(StrEnum):
    ITEM = "agenda_add.item"


class AgendaAddDraft(Draft):
    meeting_id: int = 0
    number: str = ""  # the meeting's, for asking again without the database
    offered: list[tuple[int, str]] = []  # accepted proposals not on the agenda, (id, label)


AGENDA_ADD = Dialogue(AgendaAdd, AgendaAddDraft, command="meetings")
