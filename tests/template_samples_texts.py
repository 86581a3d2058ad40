"""Samples of the public channel's trouble report (tests/template_samples.py explains
SAMPLES)."""

from typing import Any

Case = tuple[str, dict[str, Any]]


def samples() -> dict[str, list[Case]]:
    return {
        "board/channel_trouble.j2": [
            (kind, {"channel": "@xingfuli_gongkai", "kind": kind})
            for kind in ("not_admin", "not_found", "forbidden")],
    }
