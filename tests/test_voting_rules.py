"""The arithmetic of a vote, checked against its definitions (hypothesis), and the
receipt codes."""

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from models.voting import receipts
from models.voting.tally import (
    Cast,
    MatterKind,
    PassRule,
    approved,
    last_ballots,
    option_codes,
    quorum_met,
    result,
    share,
    tally,
)

DECISION = option_codes(MatterKind.decision)
ballots = st.lists(st.builds(Cast, voter=st.integers(1, 30), version=st.integers(1, 5),
                             option=st.sampled_from(DECISION)), max_size=120)


def unique_versions(rows: list[Cast]) -> list[Cast]:
    """The database's (matter, voter, version) key: one ballot per voter and version."""
    seen, kept = set(), []
    for row in rows:
        if (row.voter, row.version) not in seen:
            seen.add((row.voter, row.version))
            kept.append(row)
    return kept


@given(ballots)
def test_the_tally_counts_each_voters_last_ballot(rows: list[Cast]) -> None:
    rows = unique_versions(rows)
    counts = tally(rows, DECISION)
    assert sum(counts.values()) == len({r.voter for r in rows})
    for option in DECISION:
        expected = sum(1 for voter in {r.voter for r in rows}
                       if max((r for r in rows if r.voter == voter),
                              key=lambda r: r.version).option == option)
        assert counts[option] == expected


@given(ballots, st.randoms())
def test_the_tally_does_not_depend_on_the_order_ballots_are_read(rows: list[Cast],
                                                                   random: object) -> None:
    rows = unique_versions(rows)
    shuffled = list(rows)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert tally(shuffled, DECISION) == tally(rows, DECISION)
    assert last_ballots(shuffled) == last_ballots(rows)


def test_a_ballot_for_an_unknown_option_is_an_error() -> None:
    with pytest.raises(ValueError):
        tally([Cast(1, 1, "maybe")], DECISION)


@given(st.integers(1, 500), st.data())
def test_quorum_is_more_than_the_share(electorate: int, data: st.DataObject) -> None:
    cast = data.draw(st.integers(0, electorate))
    assert quorum_met(cast, electorate, Fraction(1, 2)) == (2 * cast > electorate)
    assert quorum_met(cast, electorate, Fraction(2, 3)) == (3 * cast > 2 * electorate)


@given(st.integers(1, 250))
def test_exactly_half_is_neither_quorum_nor_majority(half: int) -> None:
    electorate = cast = 2 * half
    assert not quorum_met(half, electorate, share(0.5))
    assert quorum_met(half + 1, electorate, share(0.5))
    assert not approved(half, cast, electorate, PassRule.cast_majority)
    assert approved(half + 1, cast, electorate, PassRule.cast_majority)
    assert not approved(half, cast, electorate, PassRule.electorate_majority)


@given(st.integers(1, 200))
def test_exactly_two_thirds_passes_the_two_thirds_rule(third: int) -> None:
    cast = 3 * third
    assert approved(2 * third, cast, cast, PassRule.two_thirds_cast)
    assert not approved(2 * third - 1, cast, cast, PassRule.two_thirds_cast)


@given(st.integers(0, 100), st.integers(0, 100), st.integers(0, 100), st.integers(0, 100))
def test_abstentions_count_for_quorum_not_for_approval(for_: int, against: int, abstain: int,
                                                       absent: int) -> None:
    electorate = for_ + against + abstain + absent
    assume(electorate > 0)
    counts = {"for": for_, "against": against, "abstain": abstain}
    outcome = result(MatterKind.decision, counts, electorate, quorum=share(0.5),
                     rule=PassRule.cast_majority)
    cast = for_ + against + abstain
    assert outcome.cast == cast and outcome.quorum_met == (2 * cast > electorate)
    assert outcome.passed == (2 * cast > electorate and 2 * for_ > cast)
    # An abstention is a ballot cast: it can only make "more than half for" harder.
    if approved(for_, cast + 1, electorate + 1, PassRule.cast_majority):
        assert approved(for_, cast, electorate, PassRule.cast_majority)


def test_the_electorate_rule_counts_the_absent() -> None:
    counts = {"for": 6, "against": 1, "abstain": 0}
    assert result(MatterKind.recall, counts, 13, quorum=share(0.5),
                  rule=PassRule.cast_majority).passed
    assert not result(MatterKind.recall, counts, 13, quorum=share(0.5),
                      rule=PassRule.electorate_majority).passed  # 6 of 13 is not more than half


@given(st.lists(st.integers(0, 40), min_size=2, max_size=6))
def test_a_choice_is_carried_by_a_single_leader_with_a_majority(votes: list[int]) -> None:
    options = option_codes(MatterKind.choice, len(votes))
    counts = dict(zip(options, votes, strict=True))
    electorate = sum(votes) + 1
    outcome = result(MatterKind.choice, counts, electorate, quorum=Fraction(0),
                     rule=PassRule.cast_majority)
    top = max(votes)
    if outcome.passed:
        assert outcome.winner is not None and counts[outcome.winner] == top
        assert votes.count(top) == 1 and 2 * top > sum(votes)
    else:
        assert outcome.winner is None
        assert votes.count(top) > 1 or 2 * top <= sum(votes) or sum(votes) == 0


def test_an_evaluation_counts_basic_satisfaction_as_approval() -> None:
    counts = {"satisfied": 2, "basically": 3, "dissatisfied": 4}
    assert result(MatterKind.evaluation, counts, 10, quorum=share(0.5),
                  rule=PassRule.cast_majority).passed


@given(st.text(min_size=1), st.integers(1, 10**6), st.integers(1, 10**6), st.integers(1, 9),
       st.sampled_from(DECISION))
def test_receipts_are_readable_and_tied_to_the_ballot(salt: str, matter: int, voter: int,
                                                      version: int, option: str) -> None:
    code = receipts.receipt(salt, matter, voter, version, option)
    assert receipts.normalise(code) == code
    assert receipts.normalise(code.lower().replace("-", " ")) == code
    assert receipts.receipt(salt, matter, voter, version + 1, option) != code
    assert receipts.receipt(salt + "x", matter, voter, version, option) != code


def test_nonsense_is_not_a_receipt() -> None:
    assert receipts.normalise("hello") is None
    assert receipts.normalise("ABCDE-FGH10") is None  # 0 and 1 are not in the alphabet
