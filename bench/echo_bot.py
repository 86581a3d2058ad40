"""The baseline: the plainest aiogram bot, answering every text with the same text.

    python bench/echo_bot.py http://127.0.0.1:<port> [token]

Long polling through aiogram's own Dispatcher, no database: what the same client
library on the same emulator manages when the bot itself does nothing.
"""

import asyncio
import logging
import sys

from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message

TOKEN = "100000:emulator-token"

dispatcher = Dispatcher()


@dispatcher.message(F.text)
async def echo(message: Message) -> None:
    await message.answer(message.text or "")


async def main(api_base: str, token: str) -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_base))
    await dispatcher.start_polling(Bot(token, session=session))


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else TOKEN))
