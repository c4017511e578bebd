"""Writing back an answers file reopened with `charter new --from`: the user's file, not a new one.

The file is loaded with ruamel.yaml's round-trip mode, and only the answers that changed in the
interview are set (or removed, for a question that no longer applies): the user's comments, key
order and quoting stay as they wrote them.
"""

from __future__ import annotations

import io
from typing import Any

from charter.model import questions
from charter.model.paths import get_path

MISSING = object()


def rewrite(source: str, before: dict[str, Any], after: dict[str, Any]) -> str:
    """``source`` (an answers file whose checked answers are ``before``) holding ``after``, changed
    only where an answer changed."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    yaml = YAML()
    yaml.preserve_quotes = True
    document = yaml.load(source)
    for q in questions.questionnaire().questions:
        old, new = get_path(before, q.key, MISSING), get_path(after, q.key, MISSING)
        if old == new:
            continue
        *parents, last = q.path
        node = document
        for part in parents:
            if part not in node or not isinstance(node[part], dict):
                if new is MISSING:
                    break
                node[part] = CommentedMap()
            node = node[part]
        else:
            if new is MISSING:
                node.pop(last, None)
            else:
                node[last] = new
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()
