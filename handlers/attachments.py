"""The step of a dialogue that collects photos and documents for a draft (a proposal,
a matter to vote on, a disclosure), shared so every capability answers the same way."""

from bot.context import Context

KINDS = ("photo", "document")


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
