"""The /complain dialogue's steps and draft: category, description, photos, place,
anonymity, then a preview to submit or redo; and the comment a resident may add after
rating a resolved ticket."""

from enum import StrEnum

from chat.dialogue import Dialogue, Draft


class Complain(StrEnum):
    CATEGORY = "complain.category"
    DESCRIPTION = "complain.description"
    PHOTOS = "complain.photos"
    PLACE = "complain.place"
    ANONYMITY = "complain.anonymity"
    PREVIEW = "complain.preview"


class NewTicket(Draft):
    category: str = ""
    description: str = ""
    photos: list[str] = []  # file ids
    # The place: the reporter's home, a shared location, or neither.
    area: str | None = None
    building: str | None = None
    unit: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    anonymous: bool = False
    editing: bool = False  # the description redone from the preview returns to it


COMPLAIN = Dialogue(Complain, NewTicket, command="complain")


class Rated(StrEnum):
    COMMENT = "rated.comment"


class RatedTicket(Draft):
    ticket_id: int = 0


# Begun by the rate buttons on a resolved ticket's notice; /mytickets shows the tickets.
RATED = Dialogue(Rated, RatedTicket, command="mytickets")
