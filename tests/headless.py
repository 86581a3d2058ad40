"""A headless Chromium driven over the DevTools protocol with aiohttp's websocket
client: enough to open a page, wait for it to load and ask it questions."""

import asyncio
import contextlib
import itertools
import json
import os
import shutil
import signal
import socket
import tempfile
from collections.abc import AsyncIterator
from typing import Any

import aiohttp

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def find_browser() -> str | None:
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Page:
    def __init__(self, socket_: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket_
        self._ids = itertools.count(1)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        message_id = next(self._ids)
        await self.socket.send_json({"id": message_id, "method": method, "params": params})
        while True:
            reply = json.loads((await self.socket.receive()).data)
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))

    async def open(self, url: str, timeout: float = 20.0) -> None:  # noqa: ASYNC109
        await self.call("Page.navigate", url=url)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while await self.evaluate("document.readyState") != "complete":
            if loop.time() > deadline:
                raise TimeoutError(f"{url} did not finish loading")
            await asyncio.sleep(0.05)

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression,
                                 returnByValue=True, awaitPromise=True)
        return result["result"].get("value")


@contextlib.asynccontextmanager
async def browser(executable: str) -> AsyncIterator[Page]:
    port = _free_port()
    # Chromium's helper processes may still be writing the profile as it is removed.
    with tempfile.TemporaryDirectory(prefix="yishi-chromium-",
                                     ignore_cleanup_errors=True) as profile:
        process = await asyncio.create_subprocess_exec(
            executable, "--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", f"--remote-debugging-port={port}",
            f"--user-data-dir={profile}", "about:blank",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
            start_new_session=True)
        try:
            async with aiohttp.ClientSession() as http:
                target = await _page_target(http, port)
                async with http.ws_connect(target, max_msg_size=0) as socket_:
                    page = Page(socket_)
                    await page.call("Page.enable")
                    yield page
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # the browser and its helpers
            await process.wait()


async def _page_target(http: aiohttp.ClientSession, port: int) -> str:
    for _ in range(200):  # Chromium takes a moment to listen
        with contextlib.suppress(aiohttp.ClientError):
            async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                pages = [t for t in await response.json() if t.get("type") == "page"]
                if pages:
                    return str(pages[0]["webSocketDebuggerUrl"])
        await asyncio.sleep(0.1)
    raise TimeoutError("Chromium did not start its DevTools endpoint")
