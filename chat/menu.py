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
    """What a newcomer may do: the menu of everyone without a menu of their own. An
    approved resident gets their own (bot/menu.py), so no one is offered /propose or
    /complain before they may use them."""
    return available(router, frozenset(), registered=False)


def grouped(router: Router, names: list[str]) -> list[tuple[str, list[str]]]:
    """The commands by capability, for /help: the package of the handler that answers
    each ("proposals", "voting" …; "common" for /start, /help and the settings), the
    groups and their commands in the router's order."""
    groups: dict[str, list[str]] = {}
    for name in names:
        parts = router.commands[name].handler.__module__.split(".")
        capability = parts[1] if len(parts) > 2 and parts[1] != "settings" else "common"
        groups.setdefault(capability, []).append(name)
    return list(groups.items())
