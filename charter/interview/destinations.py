"""Where the answers file and the charter go: the path given or named after the organisation, and
never a file replaced without the user's yes."""

from __future__ import annotations

from pathlib import Path

from charter.errors import OutputError
from charter.interview import prompts
from charter.interview.prompts import Prompt
from charter.interview.session import parser
from charter.interview.words import STYLE, ui
from charter.model.questions import Question
from charter.model.types import type_of
from charter.output import check_output

# A typed path is one line of text that cannot be empty, checked by the text type.
PATH = Question(key="path", section="charter", type="text", prompt={"en": "Path"}, required=True)
YES_NO = Question(key="replace", section="charter", type="boolean", prompt={"en": "Replace"})


def choose_path(lang: str, given: Path | None, default: Path, what: str) -> tuple[Path, bool]:
    """A path to write the ``what`` (answers_file, charter_file) to, and whether the user agreed to
    replace the file already there. `@replace:<what>` and `@path:<what>` are the prompts' ids."""
    path = given or default
    while True:
        problem = None
        if path.exists() and not path.is_dir():
            options = tuple(type_of(YES_NO).options(YES_NO, lang))
            message = ui(lang, "exists", path=path)
            if prompts.ask(Prompt(f"@replace:{what}", "select", message, lang, False, options)):
                return path, True
        else:
            try:
                check_output(path, force=False)
                return path, False
            except OutputError as exc:
                problem = str(exc)
        if problem:
            prompts.say(f"  {problem}", STYLE["warning"])
        message = ui(lang, "another", what=ui(lang, what))
        typed = prompts.ask(
            Prompt(f"@path:{what}", "text", message, lang, str(path), parse=parser(PATH, lang))
        )
        path = Path(typed).expanduser()
