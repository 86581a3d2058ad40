"""Addresses on the public web board, for files that leave the chat (an .ics file sent
with a notice): built from the community file's board_url, since models know no web
server. No board_url: no link."""

from models.community import Community


def board_page(community: Community) -> str:
    base = community.config.board_url
    return f"{base.rstrip('/')}/c/{community.code}/" if base else ""


def entry_page(community: Community, entry_id: int | None) -> str:
    """A published entry's page, or the board's when there is none yet."""
    board = board_page(community)
    return f"{board}d/{entry_id}" if board and entry_id else board
