"""`msp.core` is the base every app stands on: it imports no other MSP app (demo data: msp/demo)."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "msp" / "core"


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_imports_no_other_msp_app():
    above = {
        f"{path.relative_to(CORE)}: {name}"
        for path in CORE.rglob("*.py")
        for name in imported_modules(path)
        if name.startswith("msp.") and not name.startswith("msp.core")
    }
    assert above == set()


def test_the_check_sees_core_modules():
    assert len(list(CORE.rglob("*.py"))) > 10
