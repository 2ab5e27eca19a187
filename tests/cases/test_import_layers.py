"""The case services import the selectors and each other one way only: no import cycle among them."""

import ast
from pathlib import Path

CASES = Path(__file__).resolve().parents[2] / "msp" / "cases"


def module_files() -> dict[str, Path]:
    files = {f"msp.cases.services.{p.stem}": p for p in (CASES / "services").glob("*.py")}
    files["msp.cases.services"] = files.pop("msp.cases.services.__init__")
    files["msp.cases.selectors"] = CASES / "selectors.py"
    return files


def imports() -> dict[str, set[str]]:
    """Every import, at the top of a module or inside a function (a deferred import hides a cycle too)."""
    files = module_files()
    found = {name: set() for name in files}
    for name, path in files.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module in files and node.module != name:
                found[name].add(node.module)
                # Importing msp.cases.services.x runs the package's __init__ first, which imports them all.
                package = "msp.cases.services"
                if node.module.startswith(package + ".") and not name.startswith(package):
                    found[name].add(package)
    return found


def test_no_service_module_is_part_of_an_import_cycle():
    edges = imports()
    cycles = []
    for start in edges:
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in edges[node]:
                if nxt == start:
                    cycles.append(" -> ".join([*path, start]))
                elif nxt not in path:
                    stack.append((nxt, [*path, nxt]))
    assert cycles == []


def test_the_check_sees_the_services():
    assert {"msp.cases.services.concerns", "msp.cases.services.outcomes"} <= set(imports())
