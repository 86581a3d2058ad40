"""Several bot processes on one PostgreSQL database share the chats between them.

Chat c belongs to part abs(c) % count: each chat has one owner, which handles its
updates in order, and every process handles only its own. The first process (part 0)
also receives the updates (long polling or the webhook), stores every one of them in
the inbox and signals the others, and runs the scheduler and the bulk sender."""

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa


@dataclass(frozen=True)
class Part:
    index: int
    count: int

    def __post_init__(self) -> None:
        if not 0 <= self.index < self.count:
            raise ValueError(f"part {self.index} of {self.count} does not exist")

    @property
    def first(self) -> bool:
        """The process that receives updates, schedules and sends the bulk lane."""
        return self.index == 0

    @property
    def shared(self) -> bool:
        return self.count > 1

    def owns(self, chat_id: int) -> bool:
        return abs(chat_id) % self.count == self.index

    def chats(self, chat_id: Any) -> Any:
        """The same as `owns`, as a condition on a chat id column (true for WHOLE)."""
        if not self.shared:
            return sa.true()
        return sa.func.abs(chat_id) % self.count == self.index


WHOLE = Part(0, 1)  # one process does everything
