"""A recall (罢免) names an office holder chosen from the holders: the use case refuses
one who holds no recallable office, the look-up offers only holders of this community,
and a recall carried out twice takes the office once."""

from datetime import timedelta
from typing import Any

from sqlmodel import col, select

from bot.app import Database
from models.audit import AuditEntry
from models.community import all_communities
from models.outcomes import Done, Refused
from models.people.persons import Person, by_telegram_id, roles_of
from models.people.roles import Role
from models.voting import recall
from models.voting import setup as matter_actions
from models.voting.setup import Draft
from models.voting.tally import MatterKind
from tests.factories import residents

CHAIR = 1001


class Sent:
    def __init__(self) -> None:
        self.templates: list[str] = []

    def __call__(self, recipient: Person, template: str, /, **params: Any) -> None:
        self.templates.append(template)


async def test_only_holders_of_a_recallable_office_can_be_named(db: Database) -> None:
    (rep,) = await residents(db, 1, first_id=43000, role=Role.representative)
    (plain,) = await residents(db, 1, first_id=43100)
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        chair = await by_telegram_id(session, CHAIR)
        found = await recall.holders_named(session, community.id or 0, "4310")
        assert found == []  # a resident holds no office to recall
        found = await recall.holders_named(session, community.id or 0, str(rep))
        assert [(p.telegram_id, role) for p, role in found] == [(rep, Role.representative)]
        resident = await by_telegram_id(session, plain)
        assert chair is not None and resident is not None
        now = db.clock.now()
        for person_id, role in ((resident.id, Role.representative), (None, None),
                                (found[0][0].id, Role.committee)):
            refused = await matter_actions.create(
                session, author=chair, community=community, now=now,
                draft=Draft(title="罢免", body="说明", kind=MatterKind.recall,
                            closes_at=now + timedelta(days=1), recall_person_id=person_id,
                            recall_role=role))
            assert isinstance(refused, Refused) and refused.template == "voting/holder_gone"
        created = await matter_actions.create(
            session, author=chair, community=community, now=now,
            draft=Draft(title="罢免", body="说明", kind=MatterKind.recall,
                        closes_at=now + timedelta(days=1), recall_person_id=found[0][0].id,
                        recall_role=Role.representative))
        assert isinstance(created, Done)
        matter = created.value

        sent = Sent()
        assert await recall.carry_out(session, matter, notify=sent, now=now)
        assert not await recall.carry_out(session, matter, notify=sent, now=now)  # once
        assert Role.representative not in await roles_of(session, found[0][0].id or 0)
        assert sent.templates[0] == "roles/recalled"
        assert set(sent.templates[1:]) == {"voting/recall_carried"}
        audits = (await session.exec(select(AuditEntry).where(
            col(AuditEntry.action) == "role.recalled"))).all()
    assert [a.details for a in audits] == [{"role": "representative", "matter": matter.id}]
