"""Ballot receipts: a code derived from the ballot with the matter's secret salt.

The code names no one, cannot be produced without the salt, and changes with every
new version of a voter's ballot. After the close the codes counted for each option
are published, so a voter finds theirs and anyone can recount the list."""

import base64
import hashlib
import hmac
import re
import secrets

_CODE = re.compile(r"^[A-Z2-7]{10}$")


def new_salt() -> str:
    return secrets.token_hex(16)


def receipt(salt: str, matter_id: int, voter_id: int, version: int, option: str) -> str:
    message = f"{matter_id}:{voter_id}:{version}:{option}".encode()
    digest = hmac.new(salt.encode(), message, hashlib.sha256).digest()
    code = base64.b32encode(digest).decode("ascii")[:10]  # 50 bits, no 0/1/8/9 to misread
    return f"{code[:5]}-{code[5:]}"


def normalise(text: str) -> str | None:
    """What a person typed ("abcde fghij", "ABCDE-FGHIJ") as a receipt code, or None."""
    letters = re.sub(r"[\s\-]", "", text.upper())
    return f"{letters[:5]}-{letters[5:]}" if _CODE.match(letters) else None
