"""The console script's entry point, kept tiny so that Ctrl-C during start-up ends cleanly.

Importing the command line (click, then charter's modules) takes a noticeable moment; a Ctrl-C then
would otherwise print a traceback. This module imports only `os`, `sys` and `signal` (its C half), and
from the moment it is imported until `run` is inside its `try`, Ctrl-C is noted rather than raised.
"""

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import signal
else:  # the C half of `signal`, same functions: `signal` wraps it in enum classes, a millisecond of start-up
    try:
        import _signal as signal
    except ImportError:  # pragma: no cover - an interpreter without it
        import signal

INTERRUPTED = 130  # charter.errors.ExitStatus.INTERRUPTED, without importing anything
BROKEN_PIPE = 1  # the reader went away (`charter schema | head`): quiet, as Python's docs advise
MESSAGE = "\nInterrupted; nothing was written.\n"

_pending: list[int] = []


def _note(signum: int, frame: object) -> None:
    """Ctrl-C before `run` can catch it: remember it, `run` raises it inside its `try`."""
    _pending.append(signum)


try:
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when Ctrl-C is ignored
        signal.signal(signal.SIGINT, _note)
except ValueError:  # imported outside the main thread: nothing to do
    pass


def _silence_stdout() -> None:
    """Point standard output at /dev/null so that the final flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def run() -> None:
    """Run `charter`; exit with its code, 130 on Ctrl-C (even while importing), quietly on a closed pipe."""
    try:
        if signal.getsignal(signal.SIGINT) is _note:  # set at import, so in the main thread
            from charter import interrupts

            signal.signal(signal.SIGINT, interrupts.handler)  # from here on, Ctrl-C raises (and is noted)
        if _pending:
            raise KeyboardInterrupt
        from charter.cli import main

        code = main()
        if sys.stdout is not None:
            sys.stdout.flush()
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C cannot interrupt the message
        try:
            sys.stderr.write(MESSAGE)
            sys.stderr.flush()
        except (OSError, ValueError, AttributeError):
            pass
        code = INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        code = BROKEN_PIPE
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the work is done: a late Ctrl-C changes nothing
    sys.exit(code)
