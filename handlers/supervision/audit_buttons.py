"""The supervisory committee's buttons. A page and its filter travel whole in each
button, so a page is shown again from the press alone; every press is checked again."""

from dataclasses import dataclass

from chat.payloads import Payload


@dataclass(frozen=True)
class AuditBrowse(Payload, prefix="ua"):
    page: int
    kind: str  # an action's prefix; "" for every kind
    person_id: int  # 0 for everyone


@dataclass(frozen=True)
class AuditKinds(Payload, prefix="uk"):
    person_id: int  # kept while the kind is picked


@dataclass(frozen=True)
class AuditAskPerson(Payload, prefix="un"):
    kind: str  # kept while the person is looked up


@dataclass(frozen=True)
class AuditPerson(Payload, prefix="up"):
    person_id: int  # picked among those named; the kind is in the draft


@dataclass(frozen=True)
class AuditExport(Payload, prefix="ux"):
    kind: str
    person_id: int
