"""Everything one emulated Telegram holds, shared by the Bot API and control routes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .limits import FloodConfig, FloodLimiter
from .outage import Outage
from .spec import Spec
from .state import BotProfile, State
from .updates import UpdateQueue
from .webhook import WebhookDelivery


@dataclass
class Activity:
    """Bot API calls other than getUpdates: how many so far, how many running."""

    finished: int = 0
    running: int = 0


@dataclass
class World:
    spec: Spec
    profile: BotProfile
    flood_config: FloodConfig
    webhook_retry_delay: float = 0.2
    state: State = field(default_factory=State)
    activity: Activity = field(default_factory=Activity)
    outage: Outage = field(default_factory=Outage)
    queue: UpdateQueue = field(init=False)
    webhook: WebhookDelivery = field(init=False)
    flood: FloodLimiter = field(init=False)
    # In-process observers of every message the bot puts into a chat, called with the chat id
    # and the stored Message as it is stored (the benchmark times replies with this instead
    # of polling the control API). They must be quick and must not raise.
    bot_message_listeners: list[Callable[[int, dict[str, Any]], None]] = field(
        default_factory=list)

    def __post_init__(self) -> None:
        self.queue = UpdateQueue()
        self.webhook = WebhookDelivery(self.queue, retry_delay=self.webhook_retry_delay)
        self.flood = FloodLimiter(self.flood_config)

    @property
    def bot_user(self) -> dict[str, Any]:
        return self.profile.as_user(self.state.bot_id)

    def bot_sent(self, chat_id: int, message: dict[str, Any]) -> None:
        for listener in self.bot_message_listeners:
            listener(chat_id, message)

    async def reset(self) -> None:
        """Forget everything, as if the emulator had just started."""
        await self.webhook.stop()
        self.queue.close()  # releases long polls still waiting on the old queue
        self.state = State(bot_id=self.state.bot_id)
        self.outage = Outage()
        # Activity counters stay: calls in flight during the reset still finish.
        self.__post_init__()

    async def close(self) -> None:
        await self.webhook.stop()
        self.queue.close()


WORLD_KEY = web.AppKey("world", World)
