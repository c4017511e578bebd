"""Where each heading was printed: read from the named destinations of LibreOffice's PDF.

Every heading carries a ``_Toc…`` bookmark; LibreOffice exports bookmarks as named destinations,
so the page of each one is read back without matching any text.
"""

from __future__ import annotations

import io
import re

from charter.errors import LayoutError

_ANCHOR = re.compile(r"Toc(\d+)$")


def heading_pages(pdf: bytes) -> dict[str, int]:
    """``{"_Toc100000001": 3, ...}``: the page (from 1) on which each heading's bookmark lies."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(pdf))
        pages: dict[str, int] = {}
        for name, destination in reader.named_destinations.items():
            found = _ANCHOR.search(str(name))
            index = reader.get_destination_page_number(destination) if found else None
            if found and index is not None:
                pages[f"_Toc{found.group(1)}"] = index + 1
    except (PyPdfError, ValueError, KeyError) as error:
        raise LayoutError(f"The PDF LibreOffice made could not be read back: {error}") from error
    return pages
