"""Representatives' meetings (居民代表会议): the buttons. Payloads carry ids only;
every press is checked again by the use case it reaches."""

from dataclasses import dataclass

from chat.payloads import Payload
from models.voting.tally import PassRule


# /newmeeting, at the presser's own draft and the step its route names.
@dataclass(frozen=True)
class MeetingDuration(Payload, prefix="md"):
    minutes: int


@dataclass(frozen=True)
class MeetingAgendaPick(Payload, prefix="ma"):
    proposal_id: int  # an accepted proposal offered: on the agenda, or off again


@dataclass(frozen=True)
class MeetingAgendaDone(Payload, prefix="mf"):
    pass


@dataclass(frozen=True)
class MeetingConvene(Payload, prefix="mc"):
    convene: bool  # False: drop the draft


# Under the notice and in /meetings, for a representative.
@dataclass(frozen=True)
class MeetingCheckIn(Payload, prefix="mk"):
    meeting_id: int


@dataclass(frozen=True)
class MeetingApologies(Payload, prefix="mp"):
    meeting_id: int


# The chair's, in /meetings.
@dataclass(frozen=True)
class MeetingAttendanceShow(Payload, prefix="ml"):
    meeting_id: int


@dataclass(frozen=True)
class MeetingMarkList(Payload, prefix="mm"):
    meeting_id: int


@dataclass(frozen=True)
class MeetingMark(Payload, prefix="mq"):
    meeting_id: int
    person_id: int


@dataclass(frozen=True)
class MeetingCloseCheckIn(Payload, prefix="mz"):
    meeting_id: int


# The chair's, once check-in is closed, and the minutes after the meeting.
@dataclass(frozen=True)
class MeetingItemOpen(Payload, prefix="mv"):
    item_id: int


@dataclass(frozen=True)
class MeetingItemClose(Payload, prefix="mw"):
    item_id: int


@dataclass(frozen=True)
class MeetingClose(Payload, prefix="me"):
    meeting_id: int


@dataclass(frozen=True)
class MeetingMinutesWrite(Payload, prefix="mr"):
    meeting_id: int


@dataclass(frozen=True)
class MeetingMinutesApprove(Payload, prefix="mo"):
    meeting_id: int


# A petition of representatives to convene a meeting (联名提议召开).
@dataclass(frozen=True)
class PetitionSend(Payload, prefix="mt"):
    send: bool  # at the preview of /petition; False: drop the draft


@dataclass(frozen=True)
class PetitionSign(Payload, prefix="ms"):
    petition_id: int  # under the news of a petition, to every sitting representative


@dataclass(frozen=True)
class PetitionConvene(Payload, prefix="mn"):
    petition_id: int  # under the news that it reached its share: begins /newmeeting


# The organisers', in /meetings, until the meeting opens: the agenda changed, and the
# representatives told of it.
@dataclass(frozen=True)
class MeetingAgendaEdit(Payload, prefix="mx"):
    meeting_id: int


@dataclass(frozen=True)
class MeetingItemMove(Payload, prefix="mu"):
    item_id: int
    up: bool  # False: down


@dataclass(frozen=True)
class MeetingItemRemove(Payload, prefix="mb"):
    item_id: int


@dataclass(frozen=True)
class MeetingItemAdd(Payload, prefix="mg"):
    meeting_id: int


@dataclass(frozen=True)
class MeetingItemAddProposal(Payload, prefix="my"):
    proposal_id: int  # at the presser's own draft: the meeting is the draft's


@dataclass(frozen=True)
class MeetingAgendaTell(Payload, prefix="mh"):
    meeting_id: int


# /newmeeting's optional steps, at the presser's own draft.
@dataclass(frozen=True)
class MeetingDocumentsDone(Payload, prefix="m1"):
    pass


@dataclass(frozen=True)
class MeetingObserverPick(Payload, prefix="m2"):
    person_id: int  # invited, or uninvited again


@dataclass(frozen=True)
class MeetingObserversDone(Payload, prefix="m3"):
    pass


@dataclass(frozen=True)
class MeetingRecorderPick(Payload, prefix="m4"):
    person_id: int  # 0: no recorder, the chair records the minutes


# The chair's choices before an item's vote opens, at the chair's own draft; each names
# its item, so a button of an earlier item's choices is stale.
@dataclass(frozen=True)
class ItemVoteRule(Payload, prefix="m5"):
    item_id: int
    rule: PassRule


@dataclass(frozen=True)
class ItemVoteBallot(Payload, prefix="m6"):
    item_id: int
    secret: bool


@dataclass(frozen=True)
class ItemVoteMinutes(Payload, prefix="m7"):
    item_id: int
    minutes: int


@dataclass(frozen=True)
class ItemVoteStart(Payload, prefix="m8"):
    item_id: int
