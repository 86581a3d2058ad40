"""Whether updates still come in, for `/healthz`: the receiving loop may run while every
getUpdates fails (Telegram away, a revoked token), and only the time since it last
reached Telegram tells that apart from a quiet night."""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Mode = Literal["polling", "webhook", "listening"]


@dataclass
class Reception:
    mode: Mode = "polling"  # listening: a process that learns of updates from PostgreSQL
    last_contact: datetime | None = None  # the last getUpdates answered, or webhook call
    failing_since: datetime | None = None  # getUpdates has failed ever since

    def reached(self, now: datetime) -> None:
        self.last_contact, self.failing_since = now, None

    def failed(self, now: datetime) -> None:
        if self.failing_since is None:
            self.failing_since = now
