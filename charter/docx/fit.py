"""Fitting a reference with python-docx into the master every charter is copied from (``master``).

The one way into python-docx when writing: it is imported only when no master is kept for a
reference (its first use, a new version of charter, a reference that changed), and what it makes
is kept as bytes.
"""

from __future__ import annotations

from contextlib import suppress

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from charter.docx.headers import header_roles, prepare_header_footer
from charter.docx.master import Master
from charter.docx.package import clear_body, open_package, package_members
from charter.docx.styles import StyleFitter


def fit_reference(data: bytes, where: str) -> Master:
    """The master of clean reference bytes: styles fitted, body cleared, header and footer parts
    made, and the settings and core properties parts made when the reference has none (every
    charter writes its own). Raises ReferenceDocError when the reference cannot be used."""
    document = open_package(data, where)
    styles = StyleFitter(document).fit()
    clear_body(document)
    prepare_header_footer(document)
    _ = document.settings, document.core_properties  # python-docx makes the parts that are missing
    part = document.part
    roles = {
        "document": part.partname.membername,
        "styles": part.part_related_by(RT.STYLES).partname.membername,
        "settings": part.part_related_by(RT.SETTINGS).partname.membername,
        "core": part.package.part_related_by(RT.CORE_PROPERTIES).partname.membername,
        **header_roles(document),
    }
    with suppress(KeyError):  # none: a reference without lists or numbered headings, none to add
        roles["numbering"] = part.part_related_by(RT.NUMBERING).partname.membername
    return Master(package_members(document), roles, styles)
