"""The stages of a proposal under "four deliberations, two disclosures" (四议两公开),
and the only transitions between them."""

from enum import StrEnum


class Stage(StrEnum):
    collecting = "collecting"  # gathering supports (附议) or co-signatures
    lapsed = "lapsed"  # missed its threshold in time
    under_review = "under_review"  # reached its threshold; the committee decides
    returned = "returned"  # sent back to the author with a reason
    rejected = "rejected"
    merged = "merged"  # folded into another proposal, supporters carried over
    accepted = "accepted"  # on the agenda: deliberation steps are recorded
    decided = "decided"  # a resolution was made; awaiting its disclosure
    not_adopted = "not_adopted"  # its vote failed: closed, the result disclosed with the vote
    resolution_disclosed = "resolution_disclosed"  # awaiting the implementation result
    implemented = "implemented"  # result recorded; awaiting its disclosure
    closed = "closed"  # both disclosures made


TRANSITIONS: dict[Stage, frozenset[Stage]] = {
    Stage.collecting: frozenset({Stage.under_review, Stage.lapsed}),
    Stage.under_review: frozenset({Stage.accepted, Stage.merged, Stage.returned,
                                   Stage.rejected}),
    Stage.accepted: frozenset({Stage.decided, Stage.not_adopted}),
    Stage.decided: frozenset({Stage.resolution_disclosed}),
    Stage.resolution_disclosed: frozenset({Stage.implemented}),
    Stage.implemented: frozenset({Stage.closed}),
}

OPEN_FOR_SUPPORT = frozenset({Stage.collecting})
FINAL = frozenset(Stage) - frozenset(TRANSITIONS)


def may_move(current: Stage, target: Stage) -> bool:
    return target in TRANSITIONS.get(current, frozenset())
