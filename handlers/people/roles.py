"""/grant and /revoke: committee members and admins manage roles by command."""

from chat.context import Context
from chat.router import Router
from models.outcomes import Refused
from models.people import persons as people
from models.people import role_changes
from models.people.persons import Person
from models.people.roles import Role, parse_role

router = Router("roles")
MANAGERS = {Role.committee, Role.admin}


@router.command("grant", roles=MANAGERS, registered=True)
async def cmd_grant(ctx: Context) -> None:
    parsed = await target_and_role(ctx, "roles/grant_usage", extra_allowed=True)
    if parsed is None:
        return
    target, role, department = parsed
    outcome = await role_changes.grant(ctx.session, granter=ctx.person, person=target,
                                       role=role, department=department, notify=ctx.notify,
                                       now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        return
    ctx.roles_changed_for.add(target.id or 0)
    ctx.reply("roles/granted", target=target, role=role.value)


@router.command("revoke", roles=MANAGERS, registered=True)
async def cmd_revoke(ctx: Context) -> None:
    parsed = await target_and_role(ctx, "roles/revoke_usage", extra_allowed=False)
    if parsed is None:
        return
    target, role, _ = parsed
    outcome = await role_changes.revoke(ctx.session, granter=ctx.person, person=target,
                                        role=role, notify=ctx.notify, now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        return
    ctx.roles_changed_for.add(target.id or 0)
    ctx.reply("roles/revoked", target=target, role=role.value)


async def target_and_role(ctx: Context, usage: str, *, extra_allowed: bool,
                          ) -> tuple[Person, Role, str | None] | None:
    """`<id or @username> <role> [department]`; answers the usage or the lookup failure."""
    parts = ctx.incoming.args.split()
    role = parse_role(parts[1]) if len(parts) in ((2, 3) if extra_allowed else (2,)) else None
    if role is None:
        ctx.reply(usage, roles=[r.value for r in Role])
        return None
    target = await people.by_handle(ctx.session, parts[0])
    if target is None:
        ctx.reply("roles/person_not_found", handle=parts[0])
        return None
    return target, role, parts[2] if len(parts) == 3 else None
