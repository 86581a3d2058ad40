"""The one dialogue of /audit: a name typed to filter the log by person."""

from enum import StrEnum

from chat.dialogue import Dialogue, Draft


class AuditPersonStep(StrEnum):
    NAME = "audit_person.name"


class AuditPersonDraft(Draft):
    kind: str = ""  # the kind filter chosen before, kept


AUDIT_PERSON = Dialogue(AuditPersonStep, AuditPersonDraft, command="audit")
