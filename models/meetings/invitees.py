"""Who a convener may invite to a meeting besides the representatives, as observers
(列席) or as the recorder of its minutes: registered people of the community, found by
a part of their name."""

from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.people.persons import Person, RegistrationStatus

SHOWN = 8  # people offered for one typed name


async def named(session: AsyncSession, community_id: int, text: str) -> list[Person]:
    """Registered people of the community whose name contains what was typed."""
    typed = text.strip()
    if not typed:
        return []
    query = (select(Person).where(Person.community_id == community_id,
                                  Person.status == RegistrationStatus.approved,
                                  or_(col(Person.name).contains(typed),
                                      col(Person.display_name).contains(typed)))
             .order_by(col(Person.id)).limit(SHOWN))
    return list((await session.exec(query)).all())


async def invitable(session: AsyncSession, community_id: int, person_id: int) -> Person | None:
    """The person, if registered in the community."""
    person = await session.get(Person, person_id)
    if person is None or person.community_id != community_id \
            or person.status != RegistrationStatus.approved:
        return None
    return person
