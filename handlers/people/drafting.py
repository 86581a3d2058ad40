"""The /register dialogue's steps and draft: community (when the person has none yet),
name, area, building and unit, an optional phone, then a summary to submit."""

from enum import StrEnum

from chat.dialogue import Dialogue, Draft


class Register(StrEnum):
    COMMUNITY = "register.community"
    NAME = "register.name"
    AREA = "register.area"
    BUILDING = "register.building"
    UNIT = "register.unit"
    PHONE = "register.phone"
    CONFIRM = "register.confirm"


class Applicant(Draft):
    name: str = ""
    area: str = ""  # codes in the community's file
    building: str = ""
    unit: str = ""
    phone: str | None = None


REGISTER = Dialogue(Register, Applicant, command="register")
