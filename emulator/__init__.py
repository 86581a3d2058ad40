"""A Telegram Bot API emulator: the real clients talk to it over HTTP.

`Emulator` serves the Bot API plus a control API that plays users and reads
chats; `EmulatorClient` drives that control API from tests and the demo.
"""

from .client import EmulatorClient, EmulatorError
from .limits import FloodConfig
from .server import Emulator

__all__ = ["Emulator", "EmulatorClient", "EmulatorError", "FloodConfig"]
