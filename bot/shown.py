"""What the bot last put in each of its recent messages, so an edit that would change
nothing is not sent: Telegram refuses it ("message is not modified"), and it would cost
a message of the chat's and the bot's budget all the same."""

from collections import OrderedDict
from typing import Any

KEPT = 10_000  # messages remembered, the oldest forgotten first
# The text and buttons as sent: compared by equality, so no copy is made per message.
Looks = tuple[str, dict[str, Any] | None]


class Shown:
    def __init__(self, kept: int = KEPT) -> None:
        self.kept = kept
        self._looks: OrderedDict[tuple[int, int], Looks] = OrderedDict()

    def same(self, chat_id: int, message_id: int, text: str,
             markup: dict[str, Any] | None) -> bool:
        """Whether the message is known to show this text and these buttons already."""
        return self._looks.get((chat_id, message_id)) == (text, markup)

    def remember(self, chat_id: int, message_id: int, text: str,
                 markup: dict[str, Any] | None) -> None:
        key = (chat_id, message_id)
        self._looks[key] = (text, markup)
        self._looks.move_to_end(key)
        if len(self._looks) > self.kept:
            self._looks.popitem(last=False)

    def forget(self, chat_id: int, message_id: int) -> None:
        """What the message shows is no longer known (an edit may or may not have taken)."""
        self._looks.pop((chat_id, message_id), None)

