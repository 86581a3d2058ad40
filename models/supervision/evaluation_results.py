"""The results of a round, per member who reported: how many gave each grade, the
satisfaction share (满意 + 基本满意 over all ratings) and whether it is below the
line that flags the member for follow-up. Plain arithmetic, tested on its own."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from models.supervision.evaluation import CONTENT, Grade


@dataclass(frozen=True)
class MemberResult:
    member_id: int
    name: str
    counts: dict[Grade, int]  # every grade, zero included
    flagged: bool

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def share(self) -> float | None:
        """None when nobody rated the member: no share, and no flag."""
        content = sum(n for grade, n in self.counts.items() if grade in CONTENT)
        return content / self.total if self.total else None

    @property
    def percent(self) -> float | None:
        """The share as published: in percent, to one decimal (2 of 3: 66.7)."""
        return None if self.share is None else round(self.share * 100, 1)

    def as_dict(self) -> dict[str, Any]:
        return {"member": self.member_id, "name": self.name, "share": self.share,
                "flagged": self.flagged, **{g.value: n for g, n in self.counts.items()}}


def below(share: float | None, flag_below: float) -> bool:
    return share is not None and share < flag_below


def summarise(members: Iterable[tuple[int, str]], grades: Iterable[tuple[int, Grade]], *,
              flag_below: float) -> list[MemberResult]:
    """One result per member, in the order given; a grade for anyone else is ignored."""
    tallies: dict[int, Counter[Grade]] = {}
    for member_id, grade in grades:
        tallies.setdefault(member_id, Counter())[grade] += 1
    results = []
    for member_id, name in members:
        counts = {g: tallies.get(member_id, Counter())[g] for g in Grade}
        content = sum(n for g, n in counts.items() if g in CONTENT)
        total = sum(counts.values())
        share = content / total if total else None
        results.append(MemberResult(member_id, name, counts, below(share, flag_below)))
    return results

