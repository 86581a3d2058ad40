"""The arithmetic of a vote (重大事项票决制), as pure functions: which ballot counts,
the tally, quorum and the pass rules. Exact fractions throughout, so "exactly half" and
"exactly two thirds" fall on the side the rule says, never on a rounding error."""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class MatterKind(StrEnum):
    decision = "decision"  # for / against / abstain
    choice = "choice"  # one of several options
    evaluation = "evaluation"  # 评议: satisfied / basically satisfied / dissatisfied
    recall = "recall"  # 罢免: for removing the named office holder / against / abstain
    poll = "poll"  # 征求意见: options like a choice's, counted and published, deciding nothing
    appoint = "appoint"  # 居务监督委员会: for naming the nominee a supervisor / against / abstain


class PassRule(StrEnum):
    cast_majority = "cast_majority"  # more than half of the ballots cast
    electorate_majority = "electorate_majority"  # more than half of the electorate
    two_thirds_cast = "two_thirds_cast"  # at least two thirds of the ballots cast


# Kinds whose options are typed, numbered "1", "2", ...
TYPED_OPTIONS = frozenset({MatterKind.choice, MatterKind.poll})
# Option codes of the other kinds
FIXED_OPTIONS: dict[MatterKind, tuple[str, ...]] = {
    MatterKind.decision: ("for", "against", "abstain"),
    MatterKind.recall: ("for", "against", "abstain"),
    MatterKind.appoint: ("for", "against", "abstain"),
    MatterKind.evaluation: ("satisfied", "basically", "dissatisfied"),
}
# The options whose ballots count as approval under the pass rule.
APPROVING: dict[MatterKind, frozenset[str]] = {
    MatterKind.decision: frozenset({"for"}),
    MatterKind.recall: frozenset({"for"}),
    MatterKind.appoint: frozenset({"for"}),
    MatterKind.evaluation: frozenset({"satisfied", "basically"}),
}
CHOICE_MIN, CHOICE_MAX = 2, 8


def option_codes(kind: MatterKind, choices: int = 0) -> tuple[str, ...]:
    if kind in TYPED_OPTIONS:
        return tuple(str(i) for i in range(1, choices + 1))
    return FIXED_OPTIONS[kind]


@dataclass(frozen=True)
class Cast:
    """One ballot as recorded: a voter may cast again, the highest version counts."""

    voter: int
    version: int
    option: str


def last_ballots(ballots: Iterable[Cast]) -> dict[int, Cast]:
    latest: dict[int, Cast] = {}
    for ballot in ballots:
        if ballot.voter not in latest or ballot.version > latest[ballot.voter].version:
            latest[ballot.voter] = ballot
    return latest


def tally(ballots: Iterable[Cast], options: Sequence[str]) -> dict[str, int]:
    """Counts per option of each voter's last ballot, every option present."""
    counted = Counter(b.option for b in last_ballots(ballots).values())
    unknown = set(counted) - set(options)
    if unknown:
        raise ValueError(f"ballots for options that do not exist: {sorted(unknown)}")
    return {option: counted[option] for option in options}


def share(value: float) -> Fraction:
    """A share from the community file (0.5, 0.667) as an exact fraction."""
    return Fraction(value).limit_denominator(1000)


def quorum_met(cast: int, electorate: int, quorum: Fraction) -> bool:
    """More than `quorum` of the electorate cast a ballot (abstentions included)."""
    return electorate > 0 and cast > quorum * electorate


def approved(approving: int, cast: int, electorate: int, rule: PassRule) -> bool:
    if rule == PassRule.cast_majority:
        return 2 * approving > cast
    if rule == PassRule.electorate_majority:
        return 2 * approving > electorate
    return cast > 0 and 3 * approving >= 2 * cast


@dataclass(frozen=True)
class Result:
    counts: dict[str, int]
    cast: int
    electorate: int
    quorum_met: bool
    passed: bool
    winner: str | None  # the option that carried a choice matter
    decides: bool = True  # False for a poll: counted and published, no verdict at all

    @property
    def rows(self) -> list[tuple[str, int]]:
        return list(self.counts.items())

    @property
    def shares(self) -> list[tuple[str, int, int]]:
        """(option, count, percent of the ballots cast, rounded half up) per option."""
        return [(o, n, (200 * n + self.cast) // (2 * self.cast) if self.cast else 0)
                for o, n in self.counts.items()]

    @property
    def turnout(self) -> Fraction:
        return Fraction(self.cast, self.electorate) if self.electorate else Fraction(0)


def result(kind: MatterKind, counts: dict[str, int], electorate: int, *, quorum: Fraction,
           rule: PassRule) -> Result:
    """Decide a closed matter. A decision, recall or evaluation passes when quorum is met
    and its approving ballots satisfy the rule; a choice is carried by the single option
    with the most ballots, if that option satisfies the rule (a tie carries nothing).
    A poll decides nothing: its counts are all there is."""
    cast = sum(counts.values())
    if kind == MatterKind.poll:  # an opinion poll: no quorum, no pass rule, no winner
        return Result(counts, cast, electorate, False, False, None, decides=False)
    met = quorum_met(cast, electorate, quorum)
    if kind == MatterKind.choice:
        ranked = sorted(counts.items(), key=lambda item: -item[1])
        top = ranked[0] if ranked else None
        unique = top is not None and (len(ranked) == 1 or ranked[1][1] < top[1])
        carried = bool(met and top and unique and approved(top[1], cast, electorate, rule))
        return Result(counts, cast, electorate, met, carried, top[0] if carried and top else None)
    approving = sum(counts[o] for o in APPROVING[kind])
    passed = met and approved(approving, cast, electorate, rule)
    return Result(counts, cast, electorate, met, passed, None)
