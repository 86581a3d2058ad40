"""Routes: commands, buttons and dialogue steps, declared per capability module."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from chat.payloads import Payload
from models.conversation import Conversation
from models.people.roles import Role

Handler = Callable[..., Awaitable[None]]


@dataclass(frozen=True)
class Route:
    handler: Handler
    roles: frozenset[Role] | None = None  # any of these; None: everyone
    registered: bool = False  # needs an approved registration
    step: str | None = None  # a button valid only at this dialogue step
    menu: bool = True  # listed in /help and the command menu
    newcomers: bool = False  # only for people not yet registered
    # Also answers in a group chat: only what shows nothing personal and starts no
    # dialogue; everything else gets a pointer to the private chat.
    groups: bool = False


class Dialogue(Protocol):
    """What routing needs of a dialogue (chat/dialogue.py)."""

    command: str
    prefix: str  # its steps are named "prefix.step"

    def owns(self, step: str | None) -> bool: ...

    def valid(self, conversation: Conversation) -> bool: ...


class Router:
    def __init__(self, name: str) -> None:
        self.name = name
        self.commands: dict[str, Route] = {}
        self.callbacks: dict[type[Payload], Route] = {}
        self.steps: dict[str, Route] = {}
        self.dialogues: dict[str, Dialogue] = {}  # by the prefix of their steps' names
        # Markup builders that periodic work asks for by name (a ballot's buttons).
        self.buttons: dict[str, Callable[..., Any]] = {}

    def command(self, name: str, *, roles: set[Role] | None = None, registered: bool = False,
                menu: bool = True, newcomers: bool = False, groups: bool = False,
                ) -> Callable[[Handler], Handler]:
        return self._add(self.commands, name, roles=roles, registered=registered, menu=menu,
                         newcomers=newcomers, groups=groups)

    def callback(self, payload: type[Payload], *, roles: set[Role] | None = None,
                 registered: bool = False, step: str | None = None, groups: bool = False,
                 ) -> Callable[[Handler], Handler]:
        return self._add(self.callbacks, payload, roles=roles, registered=registered, step=step,
                         groups=groups)

    def step(self, name: str, *, roles: set[Role] | None, registered: bool,
             ) -> Callable[[Handler], Handler]:
        """A dialogue step. Who may act at it has no default: dispatch checks it again on
        every message and button of the step, so a role revoked half way through stops
        the dialogue before it acts."""
        return self._add(self.steps, name, roles=roles, registered=registered)

    def dialogue(self, dialogue: Dialogue) -> None:
        known = self.dialogues.setdefault(dialogue.prefix, dialogue)
        if known is not dialogue:
            raise ValueError(f"two dialogues name their steps {dialogue.prefix}.*")

    def lost_draft(self, conversation: Conversation) -> Dialogue | None:
        """The dialogue whose stored draft no longer fits it (its step or its fields
        are an older release's), to be discarded; None when the draft is fine."""
        step = conversation.step
        if step is None:
            return None
        owner = next((d for d in self.dialogues.values() if d.owns(step)), None)
        if owner is not None:
            return None if owner.valid(conversation) else owner
        # A step no release declares any more: named after its dialogue, if one still is.
        prefix = step.partition(".")[0]
        return next((d for d in self.dialogues.values() if d.prefix == prefix), LOST)

    def provide(self, name: str, builder: Callable[..., Any]) -> None:
        if name in self.buttons:
            raise ValueError(f"buttons {name!r} are provided twice")
        self.buttons[name] = builder

    def include(self, other: "Router") -> None:
        for mine, theirs in ((self.commands, other.commands), (self.callbacks, other.callbacks),
                             (self.steps, other.steps), (self.buttons, other.buttons),
                             (self.dialogues, other.dialogues)):
            clash = mine.keys() & theirs.keys()  # type: ignore[operator]
            if mine is self.dialogues:  # one dialogue's steps may be declared in two modules
                clash = self._other_dialogues(other)
            if clash:
                raise ValueError(f"{other.name} redefines {sorted(map(str, clash))}")
            mine.update(theirs)  # type: ignore[arg-type]

    def _other_dialogues(self, other: "Router") -> set[str]:
        return {prefix for prefix in self.dialogues.keys() & other.dialogues.keys()
                if self.dialogues[prefix] is not other.dialogues[prefix]}

    def check(self) -> None:
        """Every button bound to a step names a declared step, whose access rule
        dispatch then applies to the button too."""
        orphans = {route.step for route in self.callbacks.values()
                   if route.step is not None and route.step not in self.steps}
        if orphans:
            raise ValueError(f"buttons bound to undeclared steps {sorted(orphans)}")
        strays = {step for step in self.steps
                  if not any(d.owns(step) for d in self.dialogues.values())}
        if strays:
            raise ValueError(f"steps of no dialogue {sorted(strays)}: declare them with "
                             f"Dialogue.step, so their drafts are checked when read")

    def _add(self, table: dict[Any, Route], key: Any, *, roles: set[Role] | None = None,
             **options: Any) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            if key in table:
                raise ValueError(f"{key!r} is routed twice")
            table[key] = Route(handler, frozenset(roles) if roles else None, **options)
            return handler

        return register


class _Unknown:
    """A step no release declares any more: its dialogue cannot be named."""

    command = ""
    prefix = ""

    def owns(self, step: str | None) -> bool:
        return False

    def valid(self, conversation: Conversation) -> bool:
        return False


LOST = _Unknown()
