"""What the bot did to the voters' chats, seen from the emulator in this process: which
ballot message each voter got, and when each of its edits (the confirmation screen, the
receipt) was accepted. Edits come from the emulator's call log, new messages from its
listeners; neither is polled over HTTP."""

import asyncio
import contextlib
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from emulator.world import World
from handlers.voting.buttons import VoteConfirm, VotePick

POLL_SECONDS = 0.005  # how soon a voter notices an edit; latencies use the call's own time
RECEIPT = re.compile(r"\b[A-Z2-7]{5}-[A-Z2-7]{5}\b")


@dataclass(frozen=True)
class Edit:
    at: float  # time.time() when the emulator accepted the edit
    receipt: str | None  # the receipt code shown, on a "recorded" edit


def button_data(markup: Any) -> set[str]:
    if isinstance(markup, str):  # form-encoded calls carry objects as JSON strings
        markup = json.loads(markup)
    rows = (markup or {}).get("inline_keyboard", [])
    return {button.get("callback_data", "") for row in rows for button in row}


class BallotWatch:
    """Ballot messages as they arrive, and futures for the next edit of each one."""

    def __init__(self, world: World, matter_id: int, options: int) -> None:
        self.world = world
        self.ballot_data = VotePick(matter_id, 0).pack()
        self.confirm_data = {VoteConfirm(matter_id, n).pack() for n in range(options)}
        self.ballots: dict[int, int] = {}  # chat id -> message id of the ballot
        self.expected = 0
        self.edit_errors: dict[str, int] = {}  # description -> count: "not modified" ...
        self.answers = 0  # answerCallbackQuery calls accepted
        self._all_arrived = asyncio.Event()
        self._waiting: dict[tuple[int, str], asyncio.Future[Edit]] = {}
        world.bot_message_listeners.append(self._on_bot_message)

    def close(self) -> None:
        self.world.bot_message_listeners.remove(self._on_bot_message)

    async def all_ballots(self, count: int) -> None:
        self.expected = count
        if len(self.ballots) >= count:
            return
        await self._all_arrived.wait()

    def expect(self, chat_id: int, kind: str) -> asyncio.Future[Edit]:
        """The next edit of kind "confirm" (the confirmation screen) or "receipt"."""
        waiter = asyncio.get_running_loop().create_future()
        self._waiting[(chat_id, kind)] = waiter
        return waiter

    def forget(self, chat_id: int, kind: str) -> None:
        self._waiting.pop((chat_id, kind), None)

    def _on_bot_message(self, chat_id: int, message: dict[str, Any]) -> None:
        if self.ballot_data in button_data(message.get("reply_markup")):
            self.ballots.setdefault(chat_id, message["message_id"])
            if self.expected and len(self.ballots) >= self.expected:
                self._all_arrived.set()

    def drain(self) -> None:
        log = self.world.state.calls
        calls = log[:]
        log.clear()
        for call in calls:
            self._take(call)

    def _take(self, call: dict[str, Any]) -> None:
        method = call["method"]
        if method == "answerCallbackQuery":
            self.answers += call["ok"]
            return
        if method != "editMessageText":
            return
        if not call["ok"]:
            error = str(call["description"])
            self.edit_errors[error] = self.edit_errors.get(error, 0) + 1
            return
        params = call["params"]
        chat_id = int(params["chat_id"])
        if self.ballots.get(chat_id) != int(params["message_id"]):
            return
        receipt = RECEIPT.search(str(params.get("text", "")))
        if receipt is not None:
            self._resolve(chat_id, "receipt", Edit(call["at"], receipt.group()))
        elif self.confirm_data & button_data(params.get("reply_markup")):
            self._resolve(chat_id, "confirm", Edit(call["at"], None))

    def _resolve(self, chat_id: int, kind: str, edit: Edit) -> None:
        waiter = self._waiting.pop((chat_id, kind), None)
        if waiter is not None and not waiter.done():
            waiter.set_result(edit)

    async def follow(self) -> None:
        while True:
            self.drain()
            await asyncio.sleep(POLL_SECONDS)


@contextlib.asynccontextmanager
async def watching(world: World, matter_id: int, options: int) -> AsyncIterator[BallotWatch]:
    """A BallotWatch kept up to date for the duration of the block."""
    watch = BallotWatch(world, matter_id, options)
    task = asyncio.create_task(watch.follow())
    try:
        yield watch
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        watch.drain()
        watch.close()
