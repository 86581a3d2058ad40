"""Telegram's content rules beyond parameter types: lengths, markup, keyboards, commands."""

from __future__ import annotations

import re
from typing import Any

from .errors import bad_request
from .html import parse_html

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
# Fields of an inline button that are not its action.
BUTTON_DECORATIONS = frozenset({"text", "icon_custom_emoji_id", "style"})
REPLY_BUTTON_REQUESTS = frozenset(
    {"request_users", "request_chat", "request_managed_bot", "request_contact",
     "request_location", "request_poll", "web_app"}
)
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_URL = re.compile(r"^(https?|tg)://\S+$", re.IGNORECASE)


def visible_text(source: str, parse_mode: str | None) -> str:
    """The text a reader sees: markup parsed and surrounding whitespace trimmed."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        source = parse_html(source)
    elif mode not in ("", "markdown", "markdownv2"):
        raise bad_request(f"unsupported parse_mode {parse_mode!r}")
    # Markdown is not parsed: its visible length is approximated by the source.
    return source.strip()


def message_text(source: str, parse_mode: str | None) -> str:
    text = visible_text(source, parse_mode)
    if not text:
        raise bad_request("message text is empty")
    if len(text) > MAX_TEXT:
        raise bad_request("message is too long")
    return text


def caption_text(source: str | None, parse_mode: str | None) -> str | None:
    if source is None:
        return None
    caption = visible_text(source, parse_mode)
    if len(caption) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return caption or None


def check_reply_markup(markup: dict[str, Any] | None) -> None:
    if not markup:
        return
    if "inline_keyboard" in markup:
        for row in markup["inline_keyboard"]:
            for button in row:
                check_inline_button(button)
    elif "keyboard" in markup:
        for row in markup["keyboard"]:
            for button in row:
                check_reply_button(button)


def check_inline_button(button: dict[str, Any]) -> None:
    if not button.get("text"):
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = sorted(set(button) - BUTTON_DECORATIONS)
    if not actions:
        raise bad_request("can't parse inline keyboard button: text buttons are unallowed "
                          "in the inline keyboard")
    if len(actions) > 1:
        raise bad_request("can't parse inline keyboard button: exactly one of "
                          f"{', '.join(actions)} must be used")
    if "callback_data" in button:
        size = len(button["callback_data"].encode("utf-8"))
        if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button and not _URL.match(button["url"]):
        raise bad_request("BUTTON_URL_INVALID")


def check_reply_button(button: dict[str, Any] | str) -> None:
    text = button if isinstance(button, str) else button.get("text")
    if not text:
        raise bad_request("BUTTON_TEXT_INVALID")
    if isinstance(button, dict) and len(REPLY_BUTTON_REQUESTS & set(button)) > 1:
        raise bad_request("can't parse keyboard button: only one request field may be used")


def check_commands(commands: list[dict[str, Any]]) -> None:
    if len(commands) > 100:
        raise bad_request("too many commands")
    for command in commands:
        if not _COMMAND.match(command["command"]):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(command["description"]) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")


def inline_buttons(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not markup or "inline_keyboard" not in markup:
        return []
    return [button for row in markup["inline_keyboard"] for button in row]
