"""The command menu: derived from the routes, so /help and Telegram's menu never
offer a command the person may not use. The runtime publishes it (bot/menu.py)."""

from chat.router import Router
from models.people.roles import Role


def available(router: Router, roles: frozenset[Role], registered: bool) -> list[str]:
    """The commands someone with these roles may use, in the router's order."""
    return [
        name for name, route in router.commands.items()
        if route.menu and (registered or not route.registered)
        and not (registered and route.newcomers)
        and (route.roles is None or roles & route.roles)
    ]


def everyones(router: Router) -> list[str]:
    """What a newcomer or a resident may do: the menu everyone sees."""
    newcomer = available(router, frozenset(), registered=False)
    resident = available(router, frozenset({Role.resident}), registered=True)
    return [name for name in router.commands if name in newcomer or name in resident]
