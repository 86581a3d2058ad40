"""The emulator as a whole: build the aiohttp application, start and stop it."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from . import api, control, control_play
from .limits import FloodConfig
from .spec import Spec
from .state import BotProfile
from .world import WORLD_KEY, World

MAX_UPLOAD = 50 * 1024 * 1024  # Telegram's own limit for bot uploads


class Emulator:
    """A Telegram Bot API server for tests, the demo and the sandbox.

    >>> emulator = Emulator()
    >>> base_url = await emulator.start()   # http://127.0.0.1:<free port>
    >>> ...                                 # aiogram: TelegramAPIServer.from_base(base_url)
    >>> await emulator.stop()
    """

    def __init__(
        self,
        *,
        spec_path: str | Path | None = None,
        flood_limits: bool = True,
        flood: FloodConfig | None = None,
        bot_username: str = "yishi_bot",
        bot_first_name: str = "Yishi",
        webhook_retry_delay: float = 0.2,
    ):
        config = flood or FloodConfig()
        self.world = World(
            spec=Spec.load(spec_path),
            profile=BotProfile(username=bot_username, first_name=bot_first_name),
            flood_config=config.changed(enabled=flood_limits and config.enabled),
            webhook_retry_delay=webhook_retry_delay,
        )
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("the emulator is not running; await start() first")
        return self._base_url

    def make_app(self) -> web.Application:
        """The aiohttp application, to embed in another server or run by hand."""
        app = web.Application(client_max_size=MAX_UPLOAD)
        app[WORLD_KEY] = self.world
        app.add_routes([*api.routes(), *control.routes(), *control_play.routes()])
        app.on_shutdown.append(self._on_shutdown)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on host:port (0 picks a free port) and return the base URL."""
        self.world.queue.closing = False  # in case of a restart after stop()
        self._runner = web.AppRunner(self.make_app(), shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_port = self._runner.addresses[0][1]
        self._base_url = f"http://{host}:{bound_port}"
        return self._base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self.world.close()  # long polls return at once instead of timing out
            await self._runner.cleanup()
            self._runner = None
            self._base_url = None

    async def _on_shutdown(self, app: web.Application) -> None:
        await self.world.close()

    async def __aenter__(self) -> Emulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()
