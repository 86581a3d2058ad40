"""`python bot.py demo` prints a readable transcript of a whole scenario."""

import asyncio
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


async def test_demo_prints_the_registration_story() -> None:
    result = await asyncio.to_thread(
        subprocess.run, [sys.executable, "bot.py", "demo"], cwd=ROOT, capture_output=True,
        text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "▶ 林小梅: /register" in out
    assert "◀ to 王主任: 新的居民登记待审核" in out
    assert "您的登记已通过审核" in out
    assert "身份：居民、居民代表" in out
    assert "You are not allowed to do this." in out
    assert "Traceback" not in out + result.stderr
