"""The outbox's neutral markup JSON as Bot API reply_markup dicts, shared by engines."""

from typing import Any


def reply_markup(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    if markup is None:
        return None
    if markup.get("remove"):
        return {"remove_keyboard": True}
    if "keyboard" in markup:
        rows = [[{"text": k["text"], "request_contact": True} if k.get("contact")
                 else {"text": k["text"]} for k in row] for row in markup["keyboard"]]
        return {"keyboard": rows, "resize_keyboard": True, "one_time_keyboard": True}
    rows = [[{"text": b["text"], "url": b["url"]} if b.get("url")
             else {"text": b["text"], "callback_data": b["data"]} for b in row]
            for row in markup["inline"]]
    return {"inline_keyboard": rows}
