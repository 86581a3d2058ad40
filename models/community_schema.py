"""The pieces every part of the community file is built from: codes, names, entries,
and the validation errors that name where in the file a problem is."""

from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    StringConstraints,
    ValidationError,
    ValidationInfo,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

# Codes travel inside callback data (64 bytes at most) and deep links, so keep them short ASCII.
Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
# A public channel is "@username" or the numeric id Telegram gives channels (-100...).
Channel = Annotated[str, StringConstraints(pattern=r"^(@\w{5,32}|-100\d+)$")]
# An http(s) address with no space, query or fragment: links are built by appending paths.
WebAddress = Annotated[str, StringConstraints(pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$",
                                              max_length=200)]
Role = Literal["resident", "representative", "committee", "handler", "supervisor", "admin"]
Problem = tuple[tuple[str | int, ...], str]


def custom(message: str) -> PydanticCustomError:
    # The message goes in as context so braces in user data are never read as a template.
    return PydanticCustomError("community_file", "{message}", {"message": message})


def raise_problems(problems: Iterable[Problem]) -> None:
    details = [InitErrorDetails(type=custom(msg), loc=loc, input=None) for loc, msg in problems]
    if details:
        # Raised inside a validator, a ValidationError keeps these locations under the field's.
        raise ValidationError.from_exception_data("community", details)


def checked(key: str = "code", *, routed: bool = False) -> AfterValidator:
    """A list validator: `key` unique among the items, and (if routed) departments that exist."""

    def check(items: list[Any], info: ValidationInfo) -> list[Any]:
        seen: set[Any] = set()
        problems: list[Problem] = []
        for i, item in enumerate(items):
            value = getattr(item, key)
            if value in seen:
                problems.append(((i, key), f"duplicate {key} {value!r}"))
            seen.add(value)
        # Departments are declared before the fields that refer to them; when they are
        # themselves invalid they are missing here and have already been reported.
        if routed and "departments" in info.data:
            known = {d.code for d in info.data["departments"]}
            problems += [((i, "department"), f"unknown department {item.department!r}")
                         for i, item in enumerate(items)
                         if item.department is not None and item.department not in known]
        raise_problems(problems)
        return items

    return AfterValidator(check)


class Entry(BaseModel):
    # YAML reads `code: 1` as a number; a unit numbered 1 is still the code "1".
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)
