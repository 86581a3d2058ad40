"""The dialogue of /petition: a representative's reason for asking that a meeting be
convened, then its preview."""

from enum import StrEnum

from chat.dialogue import Dialogue, Draft


class Petition(StrEnum):
    REASON = "petition.reason"
    PREVIEW = "petition.preview"


class PetitionDraft(Draft):
    reason: str = ""


PETITION = Dialogue(Petition, PetitionDraft, command="petition")
