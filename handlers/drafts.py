"""Steps shared by the dialogues that build a draft (a proposal, a matter to vote on, a
disclosure, hearing minutes), so every capability answers the same way."""

from collections.abc import Callable

from chat.context import Context
from models.outcomes import Refused

KINDS = ("photo", "document")
Check = Callable[[str], Refused | None]


def take_text(ctx: Context, field: str, check: Check) -> bool:
    """Store a checked text field of the draft at the current step; true when it was
    taken, else the person was told why and the draft is unchanged."""
    text = ctx.incoming.text or ""
    if refusal := check(text):
        ctx.reply(refusal.template, **refusal.params)
        return False
    ctx.enter(ctx.conversation.step or "", **{field: text.strip()})
    return True


def take_files(ctx: Context, *, step: str, limit: int, texts: str) -> None:
    """Add this message's photos and documents to the draft. `texts` names the template
    folder holding files_only, too_many_files and file_added."""
    files = [a for a in ctx.incoming.attachments if a.kind in KINDS]
    if not files:
        ctx.reply(f"{texts}/files_only", limit=limit)
        return
    attached = list(ctx.conversation.data.get("attachments", []))
    if len(attached) + len(files) > limit:
        ctx.reply(f"{texts}/too_many_files", limit=limit)
        return
    attached += [{"kind": f.kind, "file_id": f.file_id, "name": f.file_name} for f in files]
    ctx.enter(step, attachments=attached)
    ctx.reply(f"{texts}/file_added", count=len(attached), limit=limit)
