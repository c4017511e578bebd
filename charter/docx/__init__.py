"""The Word writer: a :class:`~charter.blocks.DocumentSpec` in, a .docx out; one job a module.

Importing this package imports neither python-docx nor lxml: the public functions are loaded on
first use. Modules, lowest first (each imports only modules above it in this list):

* ``xml``: namespaces, schema child orders, element helpers (lxml's factory), parts read and written
* ``zipread``, ``sanitize``, ``reference``: a user's reference read with bounds and rebuilt clean;
  ``zipwrite``: a package's zip, its unchanging members deflated once
* ``numbering``: numbering import, list restarts, heading numbers for the stored TOC
* ``properties``: settings, proofing language, core properties
* ``runs``, ``fields``, ``tables``, ``contents``, ``headers``: runs of text, complex fields (TOC,
  pages), tables, the contents, header and footer
* ``pieces``: blocks kept as XML between charters, and the document part written around them
* ``master``: a fitted reference as kept bytes, copied per charter, and the deterministic zip
* ``package``, ``styles``, ``fit``: opening a reference with python-docx, fitting its styles and
  numbering, clearing its body: what makes a master (python-docx is imported only here, and only
  when no master is kept for the reference)
* ``builder``: title page, contents and blocks; ``tracker`` and ``revisions``: tracked changes
* ``writer``: the public entry, and where masters are kept (in the process and the private cache)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from charter.docx.contents import Contents
    from charter.docx.writer import DocxOutput, check_reference_doc, render_docx, write_docx

__all__ = ["Contents", "DocxOutput", "check_reference_doc", "render_docx", "write_docx"]

_LAZY = {
    "Contents": "charter.docx.contents",
    "DocxOutput": "charter.docx.writer",
    "check_reference_doc": "charter.docx.writer",
    "render_docx": "charter.docx.writer",
    "write_docx": "charter.docx.writer",
}


def __getattr__(name: str) -> Any:
    """Load the public names on first use (PEP 562), so ``import charter.docx`` stays light."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'charter.docx' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
