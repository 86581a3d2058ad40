"""/grant and /revoke: committee members and admins manage roles by command."""

from bot.context import Context
from bot.router import Router
from models import people, role_changes
from models.outcomes import Refused
from models.roles import Role, parse_role

router = Router("roles")
MANAGERS = {Role.committee, Role.admin}


@router.command("grant", roles=MANAGERS, registered=True)
async def cmd_grant(ctx: Context) -> None:
    parts = ctx.incoming.args.split()
    role = parse_role(parts[1]) if len(parts) in (2, 3) else None
    if role is None:
        ctx.reply("roles/grant_usage", roles=[r.value for r in Role])
        return
    target = await people.by_handle(ctx.session, parts[0])
    if target is None:
        ctx.reply("roles/person_not_found", handle=parts[0])
        return
    outcome = await role_changes.grant(
        ctx.session, granter=ctx.person, person=target, role=role,
        department=parts[2] if len(parts) == 3 else None, notify=ctx.notify)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.roles_changed_for.add(target.id or 0)
    ctx.reply("roles/granted", target=target, role=role.value)


@router.command("revoke", roles=MANAGERS, registered=True)
async def cmd_revoke(ctx: Context) -> None:
    parts = ctx.incoming.args.split()
    role = parse_role(parts[1]) if len(parts) == 2 else None
    if role is None:
        ctx.reply("roles/revoke_usage", roles=[r.value for r in Role])
        return
    target = await people.by_handle(ctx.session, parts[0])
    if target is None:
        ctx.reply("roles/person_not_found", handle=parts[0])
        return
    outcome = await role_changes.revoke(ctx.session, granter=ctx.person, person=target,
                                        role=role, notify=ctx.notify)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.roles_changed_for.add(target.id or 0)
    ctx.reply("roles/revoked", target=target, role=role.value)
