"""Bounds on a whole run of untrusted templates: time (SIGALRM) and address space (RLIMIT_AS).

They are process-wide, so only the front door (`charter.app`), which owns the process, sets them,
around the work that runs a clause library; library code never does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

RENDER_SECONDS = 10.0  # a clause library that takes longer is stopped

RENDER_MEMORY = 1 << 30  # and one that asks for more than this much memory


class Timeout(BaseException):
    """The render's time is up; a BaseException so that no `except Exception` on the way swallows it."""


@contextmanager
def bounded(seconds: float | None = None, memory: int | None = None) -> Iterator[None]:
    """Bound the time (SIGALRM, main thread only) and the address space (RLIMIT_AS) of the work inside."""
    seconds = RENDER_SECONDS if seconds is None else seconds
    memory = RENDER_MEMORY if memory is None else memory
    import signal
    import threading

    restore: list[Any] = []
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):

        def expire(signum: int, frame: Any) -> None:
            raise Timeout()

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        restore.append(
            lambda: (signal.setitimer(signal.ITIMER_REAL, 0), signal.signal(signal.SIGALRM, previous))
        )
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm") as statm:
            used = int(statm.read().split()[0]) * resource.getpagesize()
        cap = used + memory
        if soft == resource.RLIM_INFINITY or soft > cap:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
            restore.append(lambda: resource.setrlimit(resource.RLIMIT_AS, (soft, hard)))
    except (ImportError, OSError, ValueError):
        pass
    try:
        yield
    finally:
        for undo in reversed(restore):
            undo()
