"""Every text a person reads is a Jinja2 template under templates/<language>/.

Templates are looked up in a per-community override folder first, then in the
defaults, so a community can reword a message without touching the code."""

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    Undefined,
    pass_context,
)
from jinja2.runtime import Context as TemplateContext
from markupsafe import Markup

from chat.render_memo import RenderMemo
from chat.rich_text import rich_text
from models.messages import Button, RemoveKeys, ReplyKeys
from models.messages import Markup as MessageMarkup

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pass_context
def localtime(context: TemplateContext, value: datetime | str,
              timezone: str | None = None) -> str:
    """A moment as the community's clocks show it: in the zone named, else in the
    render's `zone`, which whoever renders fills from the community. There is no
    default: a time shown in some other community's zone is wrong, so it fails.
    A moment kept in JSON (a change's `before`) arrives as its ISO text."""
    zone = timezone or context.get("zone")
    if not zone:
        raise LookupError("a time rendered without the community's zone")
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(ZoneInfo(str(zone))).strftime("%Y-%m-%d %H:%M")


def number(value: object) -> str:
    """10000 -> "10,000"; both languages group digits this way."""
    return f"{value:,}" if isinstance(value, int) else str(value)


class Renderer:
    def __init__(self, *, override_dir: Path | None = None, strict: bool = False) -> None:
        folders = [override_dir] if override_dir else []
        loader = ChoiceLoader([FileSystemLoader(str(f)) for f in [*folders, TEMPLATES]])
        self.env = Environment(
            loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
            undefined=StrictUndefined if strict else Undefined, auto_reload=False,
        )
        self.env.filters["localtime"] = localtime
        self.env.filters["number"] = number
        self.env.filters["rich_text"] = rich_text
        self.memo = RenderMemo(self.env)

    def template(self, language: str, name: str) -> Template:
        return self.env.get_template(f"{language}/{name}.j2")

    def render(self, language: str, name: str, /, **params: Any) -> str:
        path = f"{language}/{name}.j2"
        key = self.memo.key(path, params)
        text = self.memo.get(key) if key is not None else None
        if text is None:
            text = self.env.get_template(path).render(**params).strip()
            if key is not None:
                self.memo.put(key, text)
        return text

    def label(self, language: str, key: str, /, **params: Any) -> str:
        """Button labels are macros in <capability>/buttons.j2: "registration.approve"."""
        capability, name = key.rsplit(".", 1)
        module = _module(self.template(language, f"{capability}/buttons"))
        # Labels are plain text, not HTML: undo the escaping autoescape applied.
        return Markup(getattr(module, name)(**params)).unescape().strip()

    def markup(self, language: str, markup: MessageMarkup | None) -> dict[str, Any] | None:
        """Resolve labels and turn the neutral markup into the JSON the outbox stores."""
        if markup is None:
            return None
        if isinstance(markup, RemoveKeys):
            return {"remove": True}
        if isinstance(markup, ReplyKeys):
            rows = [[{"text": self.label(language, key.label), "contact": key.request_contact}
                     for key in row] for row in markup.rows]
            return {"keyboard": rows}
        return {"inline": [[self._button(language, b) for b in row] for row in markup if row]}

    def _button(self, language: str, button: Button) -> dict[str, Any]:
        text = button.text if button.text is not None else self.label(
            language, button.label or "", **button.params)
        return {"text": text, "url": button.url} if button.url else {"text": text,
                                                                      "data": button.data}


@lru_cache(maxsize=256)
def _module(template: Template) -> Any:
    return template.make_module()
