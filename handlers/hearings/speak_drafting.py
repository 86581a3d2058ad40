"""The dialogue of registering to speak at a hearing, begun by the "speak" button under
its notice or in /hearings: the summary of what the person will say."""

from enum import StrEnum

from chat.dialogue import Dialogue, Draft


class Speak(StrEnum):
    # Named as before drafts were typed, so a summary asked for then is still taken.
    SUMMARY = "hearing.summary"


class SpeakerDraft(Draft):
    hearing_id: int = 0
    summary: str = ""


SPEAK = Dialogue(Speak, SpeakerDraft, command="hearings")
