"""The /newmatter dialogue's steps and draft: title, body, documents, kind (with its
choices, recall target or nominee), electorate (who votes, and where), ballot, closing time,
then a preview that picks the pass rule and opens the matter now or at a time asked
for."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from chat.dialogue import Dialogue, Draft
from models.people.roles import Role
from models.voting import setup
from models.voting.electorate import Electorate, Voters
from models.voting.tally import MatterKind, PassRule


class NewMatter(StrEnum):
    TITLE = "matter.title"
    BODY = "matter.body"
    FILES = "matter.files"
    KIND = "matter.kind"
    CHOICES = "matter.choices"
    TARGET = "matter.target"
    NOMINEE = "matter.nominee"  # naming a supervisor: handlers/voting/appoint.py
    ELECTORATE = "matter.electorate"  # who votes
    SCOPE = "matter.scope"  # of where: drilled down from the community to a unit
    BALLOT = "matter.ballot"
    CLOSES = "matter.closes"
    PREVIEW = "matter.preview"
    OPENS = "matter.opens"


class MatterDraft(Draft):
    title: str = ""
    body: str = ""
    attachments: list[dict[str, Any]] = []
    proposal_id: int | None = None  # put to the vote from an accepted proposal
    kind: MatterKind | None = None
    choices: list[str] = []
    # The holder's name, as the preview shows it; or the nominee's, naming a supervisor.
    recall_target: str | None = None
    recall_person_id: int | None = None
    recall_role: Role | None = None
    voters: Voters = Voters.representatives
    area: str | None = None  # the scope's codes; None: the whole community (area, building)
    building: str | None = None
    unit: str | None = None
    secret: bool = False
    closes_at: datetime | None = None
    pass_rule: PassRule | None = None  # None: the community's default for the kind
    opens_at: datetime | None = None  # None: now

    def electorate(self) -> Electorate:
        return Electorate(self.voters, self.area, self.building, self.unit)

    def matter(self) -> setup.Draft:
        """What the use case checks and creates, once kind and closing time are known
        (from the preview on)."""
        if self.kind is None or self.closes_at is None:
            raise ValueError("a matter's draft reached its preview without kind or closing time")
        return setup.Draft(
            title=self.title, body=self.body, kind=self.kind, closes_at=self.closes_at,
            opens_at=self.opens_at, choices=list(self.choices),
            recall_target=self.recall_target, recall_person_id=self.recall_person_id,
            recall_role=self.recall_role, voters=self.voters, area=self.area,
            building=self.building, unit=self.unit, secret=self.secret,
            pass_rule=self.pass_rule, attachments=list(self.attachments),
            proposal_id=self.proposal_id)


NEW_MATTER = Dialogue(NewMatter, MatterDraft, command="newmatter")
