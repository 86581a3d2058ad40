"""What the chair chooses when opening an agenda item's vote: the pass rule (those
/newmatter offers), an open (记名) or secret (无记名) ballot, and how many minutes it
stays open. The community file gives the defaults: `votes.pass_rule`,
`votes.secret_ballot` and `meetings.item_vote_minutes`.

The file has no stricter rule for major matters (重大事项) than `votes.pass_rule`, which
it calls a default the chair may choose otherwise; what binds a major matter is that only
a passed vote decides it (models/proposals/binding.py), whatever rule it was put under."""

from dataclasses import dataclass

from models.community_file import Community as CommunityFile
from models.outcomes import Refused
from models.voting.setup import default_rule
from models.voting.tally import MatterKind, PassRule

MINUTES_OFFERED = (5, 10, 15, 30, 60)  # besides the community's default
# As in /newmatter: a poll has no rule, and a supervisor is named under the file's rule.
FIXED_RULE = frozenset({MatterKind.poll, MatterKind.appoint})


@dataclass(frozen=True)
class Choice:
    pass_rule: PassRule
    secret: bool
    minutes: int


def minutes_offered(config: CommunityFile) -> list[int]:
    return sorted({*MINUTES_OFFERED, config.meetings.item_vote_minutes})


def default(config: CommunityFile) -> Choice:
    return Choice(PassRule(config.votes.pass_rule), config.votes.secret_ballot,
                  config.meetings.item_vote_minutes)


def check(config: CommunityFile, choice: Choice) -> Refused | None:
    """Only what the chair's buttons offer: anything else is a forged or stale button."""
    if choice.minutes not in minutes_offered(config):
        return Refused("common/stale_button")
    return None


def kind_refusal(config: CommunityFile, kind: MatterKind, rule: PassRule | None,
                 proposal_id: int | None) -> Refused | None:
    """The bounds /newmatter keeps, kept at a meeting too: a proposal needs a vote that
    decides, and a kind whose rule is fixed takes no other."""
    if kind == MatterKind.poll and proposal_id is not None:
        return Refused("voting/poll_decides_nothing")
    if kind in FIXED_RULE and rule is not None and rule != default_rule(config, kind):
        return Refused("common/stale_button")
    return None
