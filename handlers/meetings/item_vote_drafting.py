"""The chair's choices for an agenda item's vote, kept between presses: its pass rule,
ballot and minutes, starting from the community file's defaults."""

from enum import StrEnum

from chat.dialogue import Dialogue, Draft
from models.meetings.vote_choices import Choice
from models.voting.tally import PassRule


class ItemVoteSetup(StrEnum):
    CHOICES = "item_vote.choices"


class ItemVoteDraft(Draft):
    item_id: int = 0
    position: int = 0  # the item's, and its title, to show the choices without the database
    title: str = ""
    pass_rule: PassRule = PassRule.cast_majority
    secret: bool = False
    minutes: int = 15
    offered: list[int] = []  # the minutes offered as buttons

    def choice(self) -> Choice:
        return Choice(self.pass_rule, self.secret, self.minutes)


ITEM_VOTE = Dialogue(ItemVoteSetup, ItemVoteDraft, command="meetings")
