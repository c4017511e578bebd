"""The answers format as JSON Schema (draft 2020-12), each key described by its question type."""

from __future__ import annotations

from typing import Any

from charter.model import questions
from charter.model.questions import Question
from charter.model.types import type_of


def _for_question(q: Question) -> dict[str, Any]:
    schema = type_of(q).schema(q)
    if q.default is None and not q.required and q.type != "format":
        schema = {"anyOf": [schema, {"type": "null"}]}
    if q.max_items is not None:
        schema["maxItems"] = q.max_items
    prompt = q.prompt["en"]
    stop = "" if prompt.endswith(("?", ".", "!", ":")) else "."  # "Head count. A whole…", "…staff? Each…"
    schema["description"] = prompt + (f"{stop} {q.help['en']}" if q.help.get("en") else "")
    if q.default is not None or (not q.required and q.type != "format"):
        schema["default"] = q.default
    return schema


def json_schema() -> dict[str, Any]:
    """Format 1 as JSON Schema, derived from the questionnaire."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    for q in questions.questionnaire().questions:
        if len(q.path) == 1:
            properties[q.key] = _for_question(q)
            if q.required:
                required.append(q.key)
        else:
            group = properties.setdefault(
                q.path[0], {"type": "object", "properties": {}, "additionalProperties": False}
            )
            group["properties"][q.path[1]] = _for_question(q)
            if q.required:
                group.setdefault("required", []).append(q.path[1])
                if q.path[0] not in required:
                    required.append(q.path[0])
    properties["extends"] = {
        "type": "string",
        "minLength": 1,
        "description": "Another answers file (relative to this one) that gives every key this file "
        "does not set.",
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "charter answers file, format 1",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
        # A charter needs at least one network: a public platform or an internal one.
        "anyOf": [
            {"properties": {"platforms": {"minItems": 1}}},
            {"required": ["enterprise_networks"], "properties": {"enterprise_networks": {"minItems": 1}}},
        ],
    }
