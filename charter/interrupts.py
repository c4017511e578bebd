"""Ctrl-C, noted as well as raised.

Python drops an exception raised where it cannot propagate: a KeyboardInterrupt that lands in a
weakref callback or a ``__del__`` (the import system runs such callbacks) is printed as "Exception
ignored in ..." and the program goes on as if Ctrl-C had never been pressed. The console script
(`charter.entry`) raises Ctrl-C through `handler`, which also notes it; a long loop (a batch) asks
`noted` between charters, so a lost Ctrl-C still stops it at the next one. Imported by the console
script before anything else (see charter.entry): it imports nothing.
"""

_count = [0]  # Ctrl-C presses since the handler was installed (or `clear`)


def handler(signum: int, frame: object) -> None:
    """SIGINT's handler while charter runs: note, then raise as Python's own handler does."""
    _count[0] += 1
    raise KeyboardInterrupt


def noted() -> bool:
    """Whether Ctrl-C was pressed, even if the KeyboardInterrupt it raised was lost."""
    return _count[0] > 0


def clear() -> None:
    _count[0] = 0
