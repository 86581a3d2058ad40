"""On SQLite the bot keeps to one CPU core; checked in a child process, so the test
run itself keeps its cores."""

import os
import subprocess
import sys

import pytest

PROBE = """
import os, threading
from bot.affinity import pin_to_one_cpu
before = os.sched_getaffinity(0)
cpu = pin_to_one_cpu()
seen = []
thread = threading.Thread(target=lambda: seen.append(os.sched_getaffinity(0)))
thread.start(); thread.join()
print(cpu in before, os.sched_getaffinity(0) == {cpu} == seen[0])
"""


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2,
                    reason="needs sched_setaffinity and two cores")
def test_the_process_and_the_threads_it_starts_keep_to_one_of_its_cores() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         check=True, cwd=os.path.dirname(os.path.dirname(__file__)))
    assert out.stdout.split() == ["True", "True"]
