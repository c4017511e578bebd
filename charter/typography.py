"""French typography that plain clause text cannot carry: ordinal suffixes in superscript.

French writes "1er mars", "2e alinéa" with the suffix raised. Clause templates and dates are plain
text, so the suffixes are found here, once, in the blocks a French charter is made of, and each
writer raises them as it can (Word and HTML do; Markdown has no superscript and keeps "1er").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from charter.blocks import Block, Heading, ListBlock, ListItem, Paragraph, Run, Table

#: A number that starts a word, then er / re / e ending it: 1er, 1re, 2e, 21e (not "v1e2", "1ers").
_ORDINAL = re.compile(r"(?<![\w/.@-])(\d+)(er|re|e)(?![\w/@])")


def ordinal_runs(run: Run) -> tuple[Run, ...]:
    """``run`` split so that each ordinal suffix is a superscript run of its own."""
    if run.line_break or run.superscript or not _ORDINAL.search(run.text):
        return (run,)
    out: list[Run] = []
    position = 0
    for found in _ORDINAL.finditer(run.text):
        out.append(Run(run.text[position : found.end(1)], run.bold, run.italic))
        out.append(Run(found.group(2), run.bold, run.italic, superscript=True))
        position = found.end()
    if position < len(run.text):
        out.append(Run(run.text[position:], run.bold, run.italic))
    return tuple(r for r in out if r.text)


def raised(runs: Iterable[Run]) -> tuple[Run, ...]:
    """The runs with their ordinal suffixes raised; the same tuple when there is none (most runs)."""
    runs = tuple(runs)
    search = _ORDINAL.search
    if not any(search(run.text) for run in runs):
        return runs
    return tuple(piece for run in runs for piece in ordinal_runs(run))


def french_ordinals(blocks: Iterable[Block]) -> tuple[Block, ...]:
    """The blocks with every ordinal suffix raised.

    Most blocks are the very objects parsed for an earlier charter of the process (charter.markup
    keeps them): each is looked at once, and its result is remembered by identity.
    """
    return tuple(_remembered(block) for block in blocks)


_MEMORY_LIMIT = 8192
_memory: dict[int, tuple[Block, Block]] = {}  # id(block) -> (block, raised): the block keeps its id


def _remembered(block: Block) -> Block:
    found = _memory.get(id(block))
    if found is not None and found[0] is block:
        return found[1]
    result = _block(block)
    if len(_memory) >= _MEMORY_LIMIT:
        _memory.clear()
    _memory[id(block)] = (block, result)
    return result


def _block(block: Block) -> Block:
    if isinstance(block, Heading):
        runs = raised(block.runs)
        return block if runs is block.runs else Heading(block.level, runs, block.numbered)
    if isinstance(block, Paragraph):
        runs = raised(block.runs)
        return block if runs is block.runs else Paragraph(runs, block.quote)
    if isinstance(block, ListBlock):
        return _list(block)
    if isinstance(block, Table):
        return Table(
            tuple(raised(cell) for cell in block.header),
            tuple(tuple(raised(cell) for cell in row) for row in block.rows),
        )
    return block


def _list(block: ListBlock) -> ListBlock:
    items = tuple(
        ListItem(raised(item.runs), _list(item.children) if item.children is not None else None)
        for item in block.items
    )
    return ListBlock(block.ordered, items, block.depth)
