"""On SQLite the bot keeps to one CPU core.

Every statement is handed from the event loop's thread to the database driver's
thread and back. On two cores each handover wakes the other core, and the two threads
then contend for the GIL across cores; on one core the handover is a local switch.
Pinning the process to the core it started on took the throughput benchmark from
about 370 to about 520 updates a second on two cores (bench/README.md). PostgreSQL
needs no driver thread, and several processes there each get a core from the OS."""

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)


def pin_to_one_cpu() -> int | None:
    """Pin this thread, and the threads it starts from now on, to one of the cores it
    may use: the one it runs on. None where that is not possible or not needed."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    allowed = os.sched_getaffinity(0)
    if len(allowed) < 2:
        return None
    current = _current_cpu()
    cpu = current if current in allowed else min(allowed)
    os.sched_setaffinity(0, {cpu})
    return cpu


def _current_cpu() -> int | None:
    try:
        # Field 39 of /proc/self/stat, "processor"; the name before it may hold spaces.
        stat = Path("/proc/thread-self/stat").read_text().rsplit(")", 1)[1].split()
        return int(stat[36])
    except (OSError, IndexError, ValueError):
        return None
