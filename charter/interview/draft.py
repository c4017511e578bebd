"""The draft of an interrupted interview: its answers, and a comment saying how far it went.

A draft is read as any file from outside is: a regular file only, bounded, strict YAML, every value
checked by its question type. One charter cannot read (damaged, edited by hand, not a file) is never
deleted: it is renamed `draft.yml.broken` (or `.broken-2`...) beside it, and the message says where.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from pathlib import Path
from typing import Any

from charter.answersfile.write import dump_answers
from charter.errors import AnswersError, OutputError
from charter.interview.environment import state_dir
from charter.interview.words import ui
from charter.model import questions
from charter.model.paths import MISSING, get_path, set_path
from charter.model.site import Sink, Site, printable
from charter.model.types import type_of
from charter.output import write_atomically

DRAFT_NAME = "draft.yml"
DRAFT_MARKER = "# charter-draft: "
DRAFT_LIMIT = 1 << 20  # a draft is a few kilobytes; anything much larger is not one of ours
DRAFT_MAX_NODES = 10_000  # values in a draft; a full one has about 150


class Draft:
    """The draft file in the state folder (or in ``folder``)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.path = (folder or state_dir()) / DRAFT_NAME

    def exists(self) -> bool:
        return os.path.lexists(self.path)

    def save(
        self, lang: str, data: dict[str, Any], answered: list[str], paths: dict[str, str | None]
    ) -> None:
        """Write the answers so far, in ``lang``, and the progress marker (replacing any draft)."""
        where = {key: str(Path(value).absolute()) if value else None for key, value in paths.items()}
        progress = {"interview": lang, "answered": answered, **where}
        text = dump_answers(data, lang=lang)
        text += f"\n{DRAFT_MARKER}{json.dumps(progress, ensure_ascii=False)}\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create {self.path.parent}: {exc.strerror}") from None
        if self.exists() and not self.path.is_file():  # a FIFO, a folder, a dangling link: keep it aside
            try:
                self.set_aside()
            except OSError as exc:
                raise OutputError(
                    f"{self.path} is not a regular file and cannot be moved: {exc.strerror}"
                ) from None
        write_atomically(self.path, text.encode("utf-8"), force=True, through=False)

    def set_aside(self) -> Path:
        """Rename the draft to the first free `draft.yml.broken[-N]`; return the new path."""
        for number in range(1, 1000):
            kept = self.path.with_name(f"{DRAFT_NAME}.broken" + (f"-{number}" if number > 1 else ""))
            if not os.path.lexists(kept):
                os.rename(self.path, kept)
                return kept
        raise OSError(errno.EEXIST, "too many broken drafts beside it")

    def load(self, lang: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """The answers (checked by their types) and the progress marker; AnswersError if unusable."""
        from charter.resources import Refused, StrictYAMLError, load_strict_yaml, read_limited

        if not self.exists():
            raise AnswersError(ui(lang, "no_draft", path=self.path))
        try:
            raw = read_limited(self.path, DRAFT_LIMIT, "a draft")
            text = raw.decode("utf-8")
            marker = next((line for line in text.splitlines() if line.startswith(DRAFT_MARKER)), None)
            if marker is None:
                raise ValueError("no progress marker")
            progress = json.loads(marker.removeprefix(DRAFT_MARKER))
            answers = load_strict_yaml(text, max_nodes=DRAFT_MAX_NODES).data
        except FileNotFoundError:
            if self.path.is_symlink():  # a link to nothing: not ours to follow, set it aside
                raise self._unusable(lang, "it is a link to nothing") from None
            raise AnswersError(ui(lang, "no_draft", path=self.path)) from None
        except Refused as exc:
            raise self._unusable(lang, f"it {exc}".rstrip(".")) from None
        except UnicodeDecodeError as exc:
            raise self._unusable(lang, f"it is not UTF-8 text: {exc.reason} at byte {exc.start}") from None
        except StrictYAMLError as exc:
            where = f"line {exc.line}: " if exc.line else ""
            raise self._unusable(lang, where + exc.problem) from None
        except (ValueError, RecursionError) as exc:  # the JSON of the marker (nested too deep), or no marker
            raise self._unusable(lang, str(exc)) from None
        problem = _problem(answers, progress)
        if problem:
            raise self._unusable(lang, printable(problem))
        return answers, progress

    def delete(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def _unusable(self, lang: str, problem: str) -> AnswersError:
        """The error for a draft that cannot be resumed, once the draft is safely set aside."""
        problem = " ".join(problem.split())[:200]  # one short line
        try:
            kept = self.set_aside()
        except OSError as exc:
            return AnswersError(
                ui(lang, "bad_draft_stuck", path=self.path, problem=problem, error=exc.strerror)
            )
        return AnswersError(ui(lang, "bad_draft", path=self.path, problem=problem, kept=kept))


def _problem(answers: Any, progress: Any) -> str | None:
    """What makes a draft unusable, in a few words; None if the interview can go on from it.

    Each answer present is checked by its question type, as an answers file is, and replaced by
    the value the interview works with (a date, platforms as {id, account, owner}).
    """
    if not isinstance(answers, dict):
        return "its answers are not a mapping"
    if not isinstance(progress, dict):
        return "its progress line is not a mapping"
    answered = progress.get("answered")
    if not isinstance(answered, list) or not all(isinstance(k, str) for k in answered):
        return "its progress line has no list of answered questions"
    if progress.get("interview") not in (None, "fr", "en"):
        return "its progress line names no known language"
    for key in ("answers_path", "output"):
        if not isinstance(progress.get(key), str | None):
            return f"its progress line has an unusable {key}"
    for q in questions.questionnaire().questions:
        if len(q.path) > 1 and q.path[0] in answers and not isinstance(answers[q.path[0]], dict):
            return f"{q.path[0]} is not a mapping"
        value = get_path(answers, q.key, MISSING)
        if value is MISSING or value is None:
            continue
        site = Site(Sink("en"))
        checked = type_of(q).check(q, value, site)
        if site.problems:
            return f"{q.key}: {site.problems[0][1].rstrip('.')}"
        set_path(answers, q.key, checked)
    return None
