"""Which language a person reads: the languages the texts exist in, and the choice."""

from typing import Literal, get_args

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE = "zh"


def pick_language(own: str | None, telegram: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """The person's own setting wins; else their Telegram app's language if we speak it."""
    if own in LANGUAGES:
        return own
    if telegram:
        base = telegram.split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return default
