"""The questions dialogues ask, built once: a text checked by a rule, a moment typed
in the community's zone, photos and documents, and a choice made with buttons. Each
stores its answer in one field of the draft; a refused answer is explained and the
draft stays as it was."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from chat.context import Context
from chat.dialogue import D, Question
from models.local_time import read_future_time
from models.messages import Markup
from models.outcomes import Refused

FILE_KINDS = ("photo", "document")
Check = Callable[[str], Refused | None]
Ask = Callable[[Context, D], None]


def asking(template: str, *, buttons: Callable[[Context, D], Markup] | None = None,
           **params: Any) -> Ask[D]:
    """A question that is one template (with its buttons)."""
    def ask(ctx: Context, draft: D) -> None:
        ctx.reply(template, buttons=buttons(ctx, draft) if buttons else None, **params)
    return ask


def text(field: str, ask: Ask[D], check: Check, *, texts_only: str | None = None,
         ) -> Question[D]:
    """A text the rule accepts, stripped. `texts_only` is the refusal for a message
    that brings files and no text (when files come at a later step)."""
    def take(ctx: Context, draft: D) -> bool:
        if texts_only and ctx.incoming.attachments and not ctx.incoming.text:
            ctx.reply(texts_only)
            return False
        typed = ctx.incoming.text or ""
        if refusal := check(typed):
            ctx.reply(refusal.template, **refusal.params)
            return False
        setattr(draft, field, typed.strip())
        return True
    return Question(ask, take)


def moment(field: str, ask: Ask[D], check: Callable[[Context, D, datetime], Refused | None]
           | None = None) -> Question[D]:
    """A moment to come, typed in the community's zone (common/bad_time otherwise),
    that the dialogue's own rule (if any) accepts."""
    def take(ctx: Context, draft: D) -> bool:
        if ctx.community is None:
            return False
        when = read_future_time(ctx.incoming.text or "", ctx.community.config.zone,
                                now=ctx.now)
        refusal = when if isinstance(when, Refused) else \
            check(ctx, draft, when) if check else None
        if refusal is not None:
            ctx.reply(refusal.template, **refusal.params)
            return False
        setattr(draft, field, when)
        return True
    return Question(ask, take)


def files(field: str, ask: Ask[D], *, limit: int, texts: str) -> Question[D]:
    """Photos and documents added to a list, up to `limit`; the step stays until its
    "done" button. `texts` names the template folder holding files_only,
    too_many_files and file_added."""
    def take(ctx: Context, draft: D) -> bool:
        sent = [a for a in ctx.incoming.attachments if a.kind in FILE_KINDS]
        attached: list[dict[str, Any]] = getattr(draft, field)
        if not sent:
            ctx.reply(f"{texts}/files_only", limit=limit)
            return False
        if len(attached) + len(sent) > limit:
            ctx.reply(f"{texts}/too_many_files", limit=limit)
            return False
        setattr(draft, field, attached + [{"kind": a.kind, "file_id": a.file_id,
                                           "name": a.file_name} for a in sent])
        ctx.reply(f"{texts}/file_added", count=len(attached) + len(sent), limit=limit)
        return True
    return Question(ask, take)


def choice(ask: Ask[D], *, use_buttons: str) -> Question[D]:
    """A choice made with the question's buttons: a message here is told to use them."""
    def take(ctx: Context, draft: D) -> bool:
        ctx.reply(use_buttons)
        return False
    return Question(ask, take)
