"""Starting codebooks kept as YAML (msp/coding/data/codebook<wave>.yaml), read as ThemeSpecs."""

from __future__ import annotations

from pathlib import Path

import yaml

from msp.coding.services import ThemeSpec

DATA = Path(__file__).resolve().parent / "data"


class CodebookFileError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def codebook_path(wave_code: str) -> Path:
    return DATA / f"codebook{wave_code}.yaml"


def build_codebook(source: str, *, where: str = "codebook") -> dict[str, list[ThemeSpec]]:
    """Parse {question code: [{name, description, keywords: [...]}]}; report every problem at once."""
    data = yaml.safe_load(source) or {}
    if not isinstance(data, dict):
        raise CodebookFileError([f"{where}: expected question codes, each with a list of themes"])
    problems: list[str] = []
    books: dict[str, list[ThemeSpec]] = {}
    for question_code, themes in data.items():
        if not isinstance(themes, list):
            problems.append(f"{where}, {question_code}: expected a list of themes")
            continue
        names: set[str] = set()
        for number, theme in enumerate(themes, start=1):
            at = f"{where}, {question_code}, theme {number}"
            if not isinstance(theme, dict) or not str(theme.get("name") or "").strip():
                problems.append(f"{at}: every theme needs a name")
                continue
            name = str(theme["name"]).strip()
            if name in names:
                problems.append(f"{at}: '{name}' appears twice; give each theme its own name")
            names.add(name)
            keywords = theme.get("keywords") or []
            if not isinstance(keywords, list) or not all(isinstance(k, str) and k.strip() for k in keywords):
                problems.append(f"{at} ('{name}'): keywords must be a list of words or phrases")
                keywords = []
            books.setdefault(str(question_code), []).append(
                ThemeSpec(
                    name=name, description=str(theme.get("description") or "").strip(), keywords=keywords
                )
            )
    if problems:
        raise CodebookFileError(problems)
    return books


def read_codebook(path: Path) -> dict[str, list[ThemeSpec]]:
    return build_codebook(path.read_text(encoding="utf-8"), where=path.name)
