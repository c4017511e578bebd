"""The governance check-up (`charter assess`, `charter generate --with-assessment`, the interview
before its review): where a charter stands against the 2017 social-media barometer, what to do next,
and the article or the answer that does it.

- `barometer`: the figures, their source and the wording (`templates/barometer.yml`, the one data file);
- `points`: the check-up as data (pure: given the answers as the clauses see them and the charter's
  clauses, as `charter generate` chooses them);
- `render`: the check-up as terminal lines and as the blocks of an annex.

Nothing here chooses clauses or writes a file: `charter.compose` gives the clauses, `charter.app` the
rest.
"""

from charter.assess.barometer import Barometer, barometer
from charter.assess.points import Assessment, Change, Point, Target, assess
from charter.assess.render import Line, annex_blocks, terminal_lines, terminal_text

__all__ = [
    "Assessment",
    "Barometer",
    "Change",
    "Line",
    "Point",
    "Target",
    "annex_blocks",
    "assess",
    "barometer",
    "terminal_lines",
    "terminal_text",
]
