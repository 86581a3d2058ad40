"""Registration and role use cases, straight on the database."""

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import select

from bot.app import Database
from models.audit import AuditEntry
from models.community import all_communities
from models.outcomes import Done, Refused
from models.people import persons as people
from models.people import receipts, registration, role_changes
from models.people.persons import Person, RegistrationStatus
from models.people.registration import Address
from models.people.roles import Role

HOME = Address("east", "1", "1")
NOW = datetime(2026, 12, 7, 9, tzinfo=UTC)


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[int, str, dict[str, Any]]] = []

    def __call__(self, recipient: Person, template: str, *, buttons: Any = None,
                 **params: Any) -> None:
        self.sent.append((recipient.telegram_id, template, params))


async def newcomer(session, tg_id: int) -> Person:  # type: ignore[no-untyped-def]
    person, _ = await people.seen(session, tg_id=tg_id, display_name="N",
                                  username=f"u{tg_id}", language_code="zh", now=NOW)
    return person


async def submit(session, person: Person, *, name: str = "林小梅", address: Address = HOME,
                 notify: Recorder | None = None):  # type: ignore[no-untyped-def]
    community = (await all_communities(session))[0]
    return await registration.submit(session, person=person, community=community, name=name,
                                     address=address, phone=None, notify=notify or Recorder(),
                                     review_buttons=[], now=NOW)


async def test_submission_validates_name_and_address(db: Database) -> None:
    async with db.sessionmaker() as session, session.begin():
        person = await newcomer(session, 7001)
        assert await submit(session, person, name="   ") == Refused(
            "registration/bad_name", {"limit": registration.NAME_MAX})
        assert await submit(session, person, name="x" * 41) == Refused(
            "registration/bad_name", {"limit": registration.NAME_MAX})
        assert await submit(session, person, address=Address("east", "1", "99")) == Refused(
            "registration/unknown_address")
        assert person.status == RegistrationStatus.new


async def test_submission_notifies_every_committee_member_and_is_audited(db: Database) -> None:
    notify = Recorder()
    async with db.sessionmaker() as session, session.begin():
        person = await newcomer(session, 7002)
        outcome = await submit(session, person, name="  林  小梅 ", notify=notify)
        assert isinstance(outcome, Done) and outcome.value.name == "林 小梅"
        assert person.status == RegistrationStatus.pending
        assert sorted(tg for tg, _, _ in notify.sent) == [1001, 1002]
        assert await submit(session, person) == Refused("registration/already_pending")
        actions = (await session.exec(select(AuditEntry.action))).all()
        assert "registration.submitted" in actions


async def test_receipts_are_numbered_per_community_and_month(db: Database) -> None:
    async with db.sessionmaker() as session, session.begin():
        first, second = await newcomer(session, 7011), await newcomer(session, 7012)
        await submit(session, first)
        await submit(session, second)
        # Persons 1001 and 1002 are the bootstrap members: ids are not receipts.
        assert await receipts.receipt_of(session, first.id or 0) == "R2612-0001"
        assert await receipts.receipt_of(session, second.id or 0) == "R2612-0002"


async def test_only_committee_decides_and_only_once(db: Database) -> None:
    async with db.sessionmaker() as session, session.begin():
        applicant = await newcomer(session, 7003)
        await submit(session, applicant)
        chair = await people.by_telegram_id(session, 1001)
        outsider = await newcomer(session, 7004)
        outsider.community_id = applicant.community_id
        notify = Recorder()
        refused = await registration.decide(session, reviewer=outsider, person_id=applicant.id,
                                            approve=True, notify=notify, now=NOW)
        assert refused == Refused("common/not_allowed")
        assert applicant.status == RegistrationStatus.pending and not notify.sent

        done = await registration.decide(session, reviewer=chair, person_id=applicant.id,
                                         approve=True, notify=notify, now=NOW)
        assert isinstance(done, Done)
        assert await people.roles_of(session, applicant.id) == {Role.resident}
        assert notify.sent == [(7003, "registration/approved", {})]
        again = await registration.decide(session, reviewer=chair, person_id=applicant.id,
                                          approve=False, notify=notify, now=NOW)
        assert isinstance(again, Refused) and again.template == "registration/already_decided"
        assert applicant.status == RegistrationStatus.approved


@pytest.mark.parametrize(("granter_id", "role", "department", "expected"), [
    (1002, Role.representative, None, None),
    (1002, Role.committee, None, "roles/may_not_grant"),
    (1001, Role.committee, None, None),
    (1002, Role.handler, None, "roles/department_needed"),
    (1002, Role.handler, "nowhere", "roles/department_needed"),
    (1002, Role.handler, "property", None),
    # Supervisors are named by the community file or the representatives' vote: neither
    # a committee member nor an admin can make one.
    (1002, Role.supervisor, None, "roles/named_elsewhere"),
    (1001, Role.supervisor, None, "roles/named_elsewhere"),
])
async def test_granting_roles(db: Database, granter_id: int, role: Role,
                              department: str | None, expected: str | None) -> None:
    async with db.sessionmaker() as session, session.begin():
        target = await newcomer(session, 7010)
        await submit(session, target)
        chair = await people.by_telegram_id(session, 1001)
        await registration.decide(session, reviewer=chair, person_id=target.id, approve=True,
                                  notify=Recorder(), now=NOW)
        granter = await people.by_telegram_id(session, granter_id)
        notify = Recorder()
        outcome = await role_changes.grant(session, granter=granter, person=target, role=role,
                                           department=department, notify=notify, now=NOW)
        held = await people.roles_of(session, target.id)
        if expected is None:
            assert outcome == Done(role) and role in held
            assert notify.sent == [(7010, "roles/granted_to_you", {"role": role.value})]
        else:
            assert isinstance(outcome, Refused) and outcome.template == expected
            assert role not in held and not notify.sent


async def test_revoking_a_role_not_held_is_refused(db: Database) -> None:
    async with db.sessionmaker() as session, session.begin():
        chair = await people.by_telegram_id(session, 1001)
        member = await people.by_telegram_id(session, 1002)
        assert await role_changes.revoke(session, granter=chair, person=member,
                                         role=Role.handler, notify=Recorder(), now=NOW) == Refused(
            "roles/not_held", {"role": "handler"})
        done = await role_changes.revoke(session, granter=chair, person=member,
                                         role=Role.committee, notify=Recorder(), now=NOW)
        assert done == Done(Role.committee)
        assert Role.committee not in await people.roles_of(session, member.id)


async def test_a_named_supervisor_cannot_be_revoked_by_the_committee_or_an_admin(
        db: Database) -> None:
    async with db.sessionmaker() as session, session.begin():
        watcher = await newcomer(session, 7020)
        await submit(session, watcher)
        chair = await people.by_telegram_id(session, 1001)  # an admin and committee member
        member = await people.by_telegram_id(session, 1002)
        await registration.decide(session, reviewer=chair, person_id=watcher.id, approve=True,
                                  notify=Recorder(), now=NOW)
        # Named as the community file names one (models/seeding.py): granted by nobody.
        await role_changes.add_role(session, person=watcher, role=Role.supervisor,
                                    granted_by=None, now=NOW)
        for granter in (chair, member):
            notify = Recorder()
            outcome = await role_changes.revoke(session, granter=granter, person=watcher,
                                                role=Role.supervisor, notify=notify, now=NOW)
            assert outcome == Refused("roles/named_elsewhere", {"role": "supervisor"})
            assert not notify.sent
        assert Role.supervisor in await people.roles_of(session, watcher.id)
