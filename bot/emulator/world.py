"""Everything one emulated Telegram holds, shared by the Bot API and control routes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .limits import FloodConfig, FloodLimiter
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
    queue: UpdateQueue = field(init=False)
    webhook: WebhookDelivery = field(init=False)
    flood: FloodLimiter = field(init=False)

    def __post_init__(self) -> None:
        self.queue = UpdateQueue()
        self.webhook = WebhookDelivery(self.queue, retry_delay=self.webhook_retry_delay)
        self.flood = FloodLimiter(self.flood_config)

    @property
    def bot_user(self) -> dict[str, Any]:
        return self.profile.as_user(self.state.bot_id)

    async def reset(self) -> None:
        """Forget everything, as if the emulator had just started."""
        await self.webhook.stop()
        self.queue.close()  # releases long polls still waiting on the old queue
        self.state = State(bot_id=self.state.bot_id)
        # Activity counters stay: calls in flight during the reset still finish.
        self.__post_init__()

    async def close(self) -> None:
        await self.webhook.stop()
        self.queue.close()


WORLD_KEY = web.AppKey("world", World)
