"""Roles and who may grant them."""

from enum import StrEnum


class Role(StrEnum):
    resident = "resident"
    representative = "representative"
    committee = "committee"
    handler = "handler"
    supervisor = "supervisor"
    admin = "admin"


# Supervisors (居务监督委员会) watch the committee on the residents' behalf: they are named
# by the community file (or by the representatives' vote), never granted or revoked by
# anyone they watch, not even an admin.
NAMED_ELSEWHERE = frozenset({Role.supervisor})
# Decision and supervision are kept apart (决策、监督、执行三分离): a supervisor may not
# also sit on the committee or administer the bot, nor either be named a supervisor.
APART_FROM_SUPERVISION = frozenset({Role.committee, Role.admin})

# Committee members manage the everyday roles; only admins create committee members
# and other admins, so a single committee account cannot entrench itself.
GRANTABLE_BY: dict[Role, frozenset[Role]] = {
    Role.committee: frozenset({Role.resident, Role.representative, Role.handler}),
    Role.admin: frozenset(Role) - NAMED_ELSEWHERE,
}

def may_grant(granter_roles: frozenset[Role], role: Role) -> bool:
    return any(role in GRANTABLE_BY.get(held, frozenset()) for held in granter_roles)


def parse_role(text: str) -> Role | None:
    try:
        return Role(text.strip().lower())
    except ValueError:
        return None
