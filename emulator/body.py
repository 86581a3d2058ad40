"""Reading Bot API parameters from any body a client may send.

Telegram merges the query string with a JSON, urlencoded or multipart body.
In form bodies every value is a string (objects are JSON strings) and files
are parts of their own; spec validation does the type coercion afterwards.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from .errors import bad_request
from .scalars import FilePart

# Where a request keeps what was read: its body can be read only once.
READ: web.RequestKey[dict[str, Any]] = web.RequestKey("params", dict)


async def read_params(request: web.Request) -> dict[str, Any]:
    if READ not in request:
        request[READ] = await _read(request)
    return request[READ].copy()


async def _read(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query)
    if not request.can_read_body:
        return params
    if request.content_type == "application/json":
        params.update(await _json_body(request))
    elif request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        for name, value in (await request.post()).items():
            params[name] = _form_value(name, value)
    return params


async def _json_body(request: web.Request) -> dict[str, Any]:
    text = await request.text()
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        raise bad_request("can't parse JSON object") from None
    if not isinstance(data, dict):
        raise bad_request("JSON object expected")
    return data


def _form_value(name: str, value: Any) -> Any:
    if isinstance(value, web.FileField):
        return FilePart(
            name=name,
            filename=value.filename,
            content_type=value.content_type,
            data=value.file.read(),
        )
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8")
    return value


def loggable(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters as they go into the call log: files summarised, not copied."""
    return {
        key: {"file_name": v.filename, "size": len(v.data)} if isinstance(v, FilePart) else v
        for key, v in params.items()
    }
