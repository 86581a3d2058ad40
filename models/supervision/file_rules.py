"""The supervision section of the community file: formal inquiries (质询) that the
representatives and the supervisory committee put to the committee."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator


class SupervisionRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Representatives besides the inquirer who must co-sign before the committee is
    # asked; a supervisor raises one alone.
    inquiry_cosigners: int = Field(default=2, ge=0, le=50)
    # The committee answers by the end of this many days after the day it was put, in
    # the community's time zone.
    inquiry_answer_days: int = Field(default=7, gt=0, le=90)
    # Reminders to the committee, hours before the answer is due.
    inquiry_reminder_hours: list[Annotated[int, Field(gt=0)]] = Field(
        default_factory=lambda: [72, 24])

    @field_validator("inquiry_reminder_hours")
    @classmethod
    def _within_answer(cls, hours: list[int], info: ValidationInfo) -> list[int]:
        days = info.data.get("inquiry_answer_days")
        late = [h for h in hours if days is not None and h >= days * 24]
        if late:
            raise ValueError(f"{late[0]} hours before the answer is due is longer than "
                             f"the {days} days given to answer")
        return hours
