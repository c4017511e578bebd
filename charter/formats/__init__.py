"""Text outputs of the document model: one HTML page, one Markdown file (the Word writer is charter.docx).

* ``outline``: article numbers and anchors, title-page lines, run lines, the text check (shared)
* ``html``: :func:`write_html`, a self-contained accessible page
* ``markdown``: :func:`write_markdown`, CommonMark with GFM tables
"""

from __future__ import annotations

from charter.formats.html import write_html
from charter.formats.markdown import write_markdown

__all__ = ["write_html", "write_markdown"]
