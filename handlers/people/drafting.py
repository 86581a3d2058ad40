"""The /register dialogue's steps and draft: community (when the person has none yet),
name, area, building and unit, the door number when the community's households go by
door, an optional phone, then a summary to submit."""

from enum import StrEnum

from chat.dialogue import Dialogue, Draft


class Register(StrEnum):
    COMMUNITY = "register.community"
    NAME = "register.name"
    AREA = "register.area"
    BUILDING = "register.building"
    UNIT = "register.unit"
    DOOR = "register.door"
    PHONE = "register.phone"
    CONFIRM = "register.confirm"


class Applicant(Draft):
    name: str = ""
    area: str = ""  # codes in the community's file
    building: str = ""
    unit: str = ""
    door: str | None = None  # asked only when households go by door (一户一票)
    phone: str | None = None


REGISTER = Dialogue(Register, Applicant, command="register")
