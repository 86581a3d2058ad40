"""What a use case returns: done with a value, or refused with the template that
explains why. Use cases never render; handlers turn outcomes into text."""

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Done(Generic[T]):
    value: T


@dataclass(frozen=True)
class Refused:
    template: str
    params: dict[str, Any] = field(default_factory=dict)


Outcome = Done[T] | Refused
