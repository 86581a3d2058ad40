"""The storm itself: every voter starts at a time drawn in advance (open loop), presses an
option on their ballot, waits for the confirmation screen and confirms. Some press
confirm twice at the same instant; some change their vote once they have a receipt."""

import asyncio
import random
import time
from dataclasses import dataclass, field

from bench.load import BenchError
from bench.vote_storm_watch import BallotWatch, Edit
from emulator import play
from emulator.world import World
from handlers.voting.buttons import VoteConfirm, VotePick

OPTIONS = ("for", "against", "abstain")  # a decision matter, in button order
WEIGHTS = (6, 3, 1)  # how often each is chosen: a tally with three different counts


@dataclass(frozen=True)
class Plan:
    voters: int = 5_000
    spread: float = 3.0  # seconds over which the voters' first presses are spread
    double_share: float = 0.1  # voters who press confirm twice at the same instant
    change_share: float = 0.1  # voters who change their vote after the receipt
    seed: int = 6
    answer_timeout: float = 300.0  # one press to its edit, once the storm is under way


@dataclass(frozen=True)
class Script:
    """What one voter will do, decided before the storm."""

    telegram_id: int
    start: float  # seconds after the storm opens
    option: int
    double: bool
    change_to: int | None

    @property
    def final(self) -> int:
        return self.option if self.change_to is None else self.change_to


def scripts(plan: Plan, telegram_ids: list[int]) -> list[Script]:
    rng = random.Random(plan.seed)
    doubles = set(rng.sample(telegram_ids, round(len(telegram_ids) * plan.double_share)))
    changers = set(rng.sample(telegram_ids, round(len(telegram_ids) * plan.change_share)))
    made = []
    for telegram_id in telegram_ids:
        option = rng.choices(range(len(OPTIONS)), WEIGHTS)[0]
        other = rng.choice([n for n in range(len(OPTIONS)) if n != option])
        made.append(Script(telegram_id, rng.uniform(0, plan.spread), option,
                           telegram_id in doubles, other if telegram_id in changers else None))
    return made


@dataclass
class Storm:
    opened: float = 0.0  # time.time() of the first press
    closed: float = 0.0  # time.time() of the last receipt
    confirms: list[float] = field(default_factory=list)  # confirm press to receipt, seconds
    picks: list[float] = field(default_factory=list)  # option press to confirmation screen
    receipts: dict[int, str] = field(default_factory=dict)  # telegram id -> last receipt
    presses: int = 0  # callback queries sent

    @property
    def seconds(self) -> float:
        return self.closed - self.opened


class Voters:
    def __init__(self, world: World, watch: BallotWatch, matter_id: int, plan: Plan) -> None:
        self.world = world
        self.watch = watch
        self.matter_id = matter_id
        self.plan = plan
        self.storm = Storm()

    async def run(self, made: list[Script]) -> Storm:
        start = time.monotonic()
        await asyncio.gather(*(self._vote(script, start) for script in made))
        return self.storm

    async def _vote(self, script: Script, start: float) -> None:
        await asyncio.sleep(max(0.0, start + script.start - time.monotonic()))
        chat = script.telegram_id
        await self._pick(chat, script.option)
        receipt = await self._confirm(chat, script.option, twice=script.double)
        if script.change_to is not None:
            await self._pick(chat, script.change_to)
            receipt = await self._confirm(chat, script.change_to, twice=False)
        self.storm.receipts[chat] = receipt

    async def _pick(self, chat: int, option: int) -> None:
        pressed = time.time()
        self.storm.opened = min(self.storm.opened or pressed, pressed)
        edit = await self._press(chat, "confirm", VotePick(self.matter_id, option).pack())
        self.storm.picks.append(edit.at - pressed)

    async def _confirm(self, chat: int, option: int, *, twice: bool) -> str:
        pressed = time.time()
        data = VoteConfirm(self.matter_id, option).pack()
        edit = await self._press(chat, "receipt", data, times=2 if twice else 1)
        self.storm.confirms.append(edit.at - pressed)
        self.storm.closed = max(self.storm.closed, edit.at)
        assert edit.receipt is not None
        return edit.receipt

    async def _press(self, chat_id: int, answer: str, data: str, *, times: int = 1) -> Edit:
        """Press a button on the ballot message (twice in the same instant if asked) and
        wait for the edit that answers it."""
        waiter = self.watch.expect(chat_id, answer)
        message_id = self.watch.ballots[chat_id]
        chat = self.world.state.chats[chat_id]
        record = self.world.state.find_record(chat_id, message_id)
        assert chat.user is not None
        for _ in range(times):
            play.callback_query(self.world, chat.user, chat, record, message_id, data)
        self.storm.presses += times
        try:
            return await asyncio.wait_for(waiter, self.plan.answer_timeout)
        except TimeoutError:
            raise BenchError(f"voter {chat_id}: no {answer} edit within "
                             f"{self.plan.answer_timeout:g}s of pressing {data}") from None
        finally:
            self.watch.forget(chat_id, answer)
