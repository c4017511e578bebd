"""One family of exceptions, each carrying the message a user reads and the exit code it maps to.

The command line turns these into a message on stderr and an exit code in exactly one place
(`charter.cli.main`); nothing else prints errors or calls ``sys.exit``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, NamedTuple


class ExitStatus:
    """Exit codes of every charter command (documented in the README).

    Plain numbers rather than an IntEnum: every start-up imports this module, and making an enum class
    costs `charter --help` about half a millisecond."""

    OK: Final = 0
    ERROR: Final = 1  # an unexpected failure: a bug, please report it
    USAGE: Final = 2  # wrong command-line usage (click's own code)
    INVALID_ANSWERS: Final = 3  # the answers file is unreadable or breaks format 1
    TEMPLATE_ERROR: Final = 4  # a clause template or clause library is broken
    OUTPUT_ERROR: Final = 5  # the output cannot be written (exists, folder missing, no permission)
    REFERENCE_DOC_ERROR: Final = 6  # the Word reference document cannot be used
    NO_TERMINAL: Final = 7  # `charter new` needs an interactive terminal
    LAYOUT_ERROR: Final = 8  # a PDF needs LibreOffice, and it is missing, failed or took too long
    BATCH_FAILED: Final = 9  # a batch (-o OUTDIR/): some answers files failed (named), the others written
    INTERRUPTED: Final = 130  # Ctrl-C (the interview saves a draft first)


class Problem(NamedTuple):
    """One problem of a file: where (key path and line) and what, in words for the user.

    A named tuple rather than a dataclass: `charter --help` imports this module, and dataclasses
    would cost it a few milliseconds."""

    path: tuple[Any, ...]
    message: str
    line: int | None = None
    file: str | None = None  # for a problem of a file as a whole (a clause file), not of a key

    @classmethod
    def in_file(cls, file: object, message: str, line: int | None = None) -> Problem:
        return cls((), message, line, str(file))

    def sort_key(self) -> tuple[str, int]:
        """Files in order, then lines: problems read like the files."""
        return self.file or "", self.line or 0

    def __str__(self) -> str:
        from charter.model.paths import dotted  # here, not at the top: `charter --help` needs none of it
        from charter.model.site import printable

        if self.file is not None:
            where = f"{self.file}, line {self.line}" if self.line else self.file
            return f"{where}: {self.message}"
        where = f"line {self.line}, " if self.line else ""
        return f"{where}{printable(dotted(self.path)) or '(top level)'}: {self.message}"


class CharterError(Exception):
    """Base of every error a user may see; ``str(error)`` is the whole message."""

    exit_status: int = ExitStatus.ERROR

    def __init__(self, message: str, problems: Sequence[Problem | str] | None = None) -> None:
        self.problems = list(problems or [])
        if self.problems:
            message = message + "\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(CharterError):
    """The command line asks for something that cannot be done as asked (exit code 2, as click's own)."""

    exit_status = ExitStatus.USAGE


class AnswersError(CharterError):
    """The answers file cannot be read or breaks the contract; ``problems`` lists every one."""

    exit_status = ExitStatus.INVALID_ANSWERS


class TemplateError(CharterError):
    """A clause file or library is broken: the message names the file and the line."""

    exit_status = ExitStatus.TEMPLATE_ERROR


class OutputError(CharterError):
    """The document or answers file cannot be written where asked."""

    exit_status = ExitStatus.OUTPUT_ERROR


class ReferenceDocError(CharterError):
    """The user's Word reference document cannot style the charter."""

    exit_status = ExitStatus.REFERENCE_DOC_ERROR


class LayoutError(CharterError):
    """LibreOffice, which lays out pages for a PDF, is missing, failed or did not finish in time."""

    exit_status = ExitStatus.LAYOUT_ERROR


class NoTerminalError(CharterError):
    exit_status = ExitStatus.NO_TERMINAL


class Interrupted(CharterError):
    """The user stopped the interview; the message says where the draft is."""

    exit_status = ExitStatus.INTERRUPTED
