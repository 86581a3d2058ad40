"""Publishes to Telegram the command menus chat/menu.py derives from the routes."""

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.transport import BotCommand, Transport
from chat.menu import available, everyones
from chat.render import Renderer
from chat.router import Router
from models.languages import LANGUAGES, pick_language
from models.people.persons import Person, RegistrationStatus, RoleGrant, roles_of
from models.people.roles import Role


def describe(renderer: Renderer, language: str, names: list[str]) -> list[BotCommand]:
    return [BotCommand(n, renderer.label(language, f"menu.{n}")) for n in names]


async def publish_defaults(transport: Transport, router: Router, renderer: Renderer) -> None:
    """Everyone's menu, in each language: what a newcomer may do."""
    names = everyones(router)
    for language in LANGUAGES:
        await transport.set_commands(describe(renderer, language, names), chat_id=None,
                                     language=language)
    await transport.set_commands(describe(renderer, LANGUAGES[0], names), chat_id=None,
                                 language=None)


async def publish_for(transport: Transport, router: Router, renderer: Renderer,
                      person: Person, roles: frozenset[Role]) -> None:
    """A personal menu for someone approved, or whose roles go beyond a resident's."""
    registered = person.status == RegistrationStatus.approved
    language = pick_language(person.language, person.telegram_language)
    names = available(router, roles, registered)
    await transport.set_commands(describe(renderer, language, names),
                                 chat_id=person.telegram_id, language=None)


async def with_roles(session: AsyncSession, people: list[Person],
                     ) -> list[tuple[Person, frozenset[Role]]]:
    return [(person, await roles_of(session, person.id or 0)) for person in people]


async def publish_all(transport: Transport, router: Router, renderer: Renderer,
                      sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    await publish_defaults(transport, router, renderer)
    # Staff only: a start must not cost a call per resident. A resident's menu is set
    # when they are approved, and again at their /start or /help.
    staff = select(Person).where(col(Person.id).in_(
        select(RoleGrant.person_id).where(RoleGrant.role != Role.resident)))
    # Read first, then call Telegram: no database connection waits on HTTP.
    async with sessionmaker() as session:
        menus = await with_roles(session, list((await session.exec(staff)).all()))
    for person, roles in menus:
        await publish_for(transport, router, renderer, person, roles)
