"""Every access function lives in its app's ``access.py`` (docs/where-things-live.md, "Who may do what").

A function whose name says it decides access (``get_<thing>_for_user``, ``<things>_for_user``, ``can_*``,
``may_*``, ``runs_*``, ``manages_*``, ``require_*``, with or without a leading underscore) defined anywhere else
fails here, naming the file and line, so the rules stay where a reader (and the permission matrix) looks.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
ACCESS_NAME = re.compile(r"^_?(get_\w+_for_user|\w+_for_user|can_\w+|may_\w+|runs_\w+|manages_\w+|require_\w+)$")
SKIPPED_PARTS = {"tests", "testing", "migrations"}


def access_like_definitions(root: Path = PACKAGE) -> list[str]:
    """``path:line name`` of each access-like function defined outside an ``access.py``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root.parent)
        if SKIPPED_PARTS & set(relative.parts) or path.name == "access.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and ACCESS_NAME.match(node.name):
                found.append(f"{relative}:{node.lineno} {node.name}")
    return found


def test_access_functions_are_defined_only_in_access_modules() -> None:
    stray = access_like_definitions()
    assert stray == [], "Access functions outside an app's access.py (move them there):\n  " + "\n  ".join(stray)


def test_the_check_finds_an_access_function_outside_access_py(tmp_path: Path) -> None:
    app = tmp_path / "uplift" / "things"
    app.mkdir(parents=True)
    (app / "views.py").write_text("def _can_edit(user, thing):\n    return True\n\ndef detail(request):\n    pass\n")
    (app / "access.py").write_text("def get_thing_for_user(user, pk):\n    pass\n")
    (app / "tests").mkdir()
    (app / "tests" / "helpers.py").write_text("def can_anything():\n    pass\n")
    assert access_like_definitions(tmp_path / "uplift") == ["uplift/things/views.py:1 _can_edit"]
