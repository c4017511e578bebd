"""A reviewable outline of a generated charter, read back from the .docx with python-docx.

Golden outlines (`examples/*/outline.txt`) are easier to review than bytes: a change in the
headings, tables, fields, properties or language shows as a readable diff.
"""

from __future__ import annotations

from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _fields(element) -> list[str]:
    return [" ".join(t.text.split()) for t in element.iter(f"{W}instrText") if t.text and t.text.strip()]


def outline(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    props = document.core_properties
    lines = [
        f"title: {props.title}",
        f"subject: {props.subject}",
        f"author: {props.author}",
        f"keywords: {props.keywords}",
        f"created: {props.created.isoformat() if props.created else None}",
        f"language: {props.language}",
    ]
    styles_root = document.styles.element
    default_lang = styles_root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    lines.append(f"proofing: {default_lang.get(f'{W}val') if default_lang is not None else None}")
    section = document.sections[-1]
    lines.append(f"header: {' | '.join(p.text for p in section.header.paragraphs if p.text)}")
    footer = section.footer
    lines.append(
        f"footer: {' | '.join(p.text for p in footer.paragraphs if p.text)} {_fields(footer._element)}"
    )
    lines.append("")
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.removeprefix(W)
        if tag == "p":
            from docx.text.paragraph import Paragraph

            paragraph = Paragraph(child, document)
            style = paragraph.style.name if paragraph.style is not None else ""
            fields = _fields(child)
            page_break = any(br.get(f"{W}type") == "page" for br in child.iter(f"{W}br"))
            text = paragraph.text.strip()
            if fields and any(f.startswith("TOC") for f in fields):
                lines.append(f"[field {fields[0]}]")
            if style.lower().startswith("heading"):
                indent = "  " * (int(style.split()[-1]) - 1)
                lines.append(f"{indent}{style}: {text}")
            elif style.lower().startswith("toc") and style.lower() != "toc heading":
                lines.append(f"  [{style}] {text}")
            elif style in ("Title",):
                lines.append(f"{style}: {text}")
            if page_break:
                lines.append("[page break]")
        elif tag == "tbl":
            from docx.table import Table

            table = Table(child, document)
            rows = table.rows
            header = " | ".join(c.text for c in rows[0].cells)
            lines.append(
                f"[table {len(rows)}x{len(table.columns)} {table.style.name if table.style else ''}: {header}]"
            )
    return "\n".join(lines) + "\n"
