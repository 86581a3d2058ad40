"""/start, /help and /me: greeting, what one may do, and who one is."""

from chat.context import Context
from chat.menu import available, grouped
from chat.router import Router
from models import community as communities
from models.people import persons as people
from models.people.persons import RegistrationStatus
from models.people.registration import address_label

router = Router("start")


@router.command("start")
async def cmd_start(ctx: Context) -> None:
    code = ctx.incoming.args.removeprefix("join_") if ctx.incoming.args.startswith("join_") else ""
    joined = await communities.by_join_code(ctx.session, code) if code else None
    if joined is not None and ctx.person.status in (RegistrationStatus.new,
                                                     RegistrationStatus.rejected):
        ctx.person.community_id = joined.id
        ctx.community = joined
    ctx.reply("common/start", registered=ctx.registered, status=ctx.person.status.value)
    _refresh_menu(ctx)


@router.command("help")
async def cmd_help(ctx: Context) -> None:
    names = available(ctx.router, ctx.roles, ctx.registered)
    ctx.reply("common/help", groups=grouped(ctx.router, names))
    _refresh_menu(ctx)


def _refresh_menu(ctx: Context) -> None:
    """An approved resident's own menu, set again: everyone's is a newcomer's, and one
    approved before residents had menus of their own would otherwise keep it."""
    if ctx.registered and ctx.private:
        ctx.roles_changed_for.add(ctx.person.id or 0)


@router.command("me")
async def cmd_me(ctx: Context) -> None:
    grants = await people.grants_of(ctx.session, ctx.person.id or 0)
    address = address_label(ctx.community, ctx.person) if ctx.community else ""
    ctx.reply("common/me", grants=grants, address=address, status=ctx.person.status.value)
