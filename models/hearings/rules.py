"""Checks of what a committee member types while scheduling a hearing, and of a
speaker's summary. Each returns the value, or the refusal that explains the problem."""

from models.hearings.hearings import CAPACITY_MAX, PLACE_MAX, SUMMARY_MAX, TOPIC_MAX
from models.outcomes import Refused


def check_topic(text: str) -> str | Refused:
    return _line(text, TOPIC_MAX, "hearings/bad_topic")


def check_place(text: str) -> str | Refused:
    return _line(text, PLACE_MAX, "hearings/bad_place")


def check_summary(text: str) -> str | Refused:
    return _line(text, SUMMARY_MAX, "hearings/bad_summary")


def _line(text: str, limit: int, template: str) -> str | Refused:
    value = text.strip()
    if not value or len(value) > limit or "\n" in value:
        return Refused(template, {"limit": limit, "length": len(value)})
    return value


def check_capacity(text: str) -> int | Refused:
    value = text.strip()
    if not value.isdigit() or not 1 <= int(value) <= CAPACITY_MAX:
        return Refused("hearings/bad_capacity", {"limit": CAPACITY_MAX})
    return int(value)
