"""A generated pack N times the size of a real one, that `explainer check` accepts with 0 errors.

Each copy renames every id (`sanctions` → `sanctions-x7`) and every glossary
name (`sanctions` → `sanctions 7`), so the glossary, the link graph and the
search index really are N times larger rather than N times the same entries.
Auto-links of the original become explicit links in the copies, so every term
of every copy is used and every section is reached, as `check` demands.

A pack about a hundred times more has more distinct words too, not the same
words a hundred times: each copy respells a tenth of its words (`missile` →
`missilebq`), so the vocabulary grows about tenfold, as vocabularies do when
text grows a hundredfold (Heaps' law). Search over a vocabulary that did not
grow would be flattered.

    python benchmarks/big_pack.py OUT_DIR [--copies 100] [--content DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from pathlib import Path
from typing import Any

import tomllib

from explainer.locations import default_content_dir
from explainer.pack.load import load_pack

LINK_TARGET = re.compile(r"\]\((term|section|event):([a-z0-9-]+)\)")
PROSE_WORD = re.compile(r"(?<![\w(:/-])[A-Za-z]{4,}(?![\w-])")  # not in link targets, ids or URLs


def generate(source: Path, out: Path, copies: int = 100) -> Path:
    """Write the big pack into `out` (created) and return it."""
    pack = load_pack(source)
    graph = pack.links
    out.mkdir(parents=True, exist_ok=True)
    (out / "sections").mkdir(exist_ok=True)
    meta = _read(source / "pack.toml")
    meta["title"] = f"{meta['title']} (generated, {copies}x)"
    _write(out / "pack.toml", meta)
    lists = {
        name: _read(source / name)
        for name in ("glossary.toml", "quiz.toml", "timeline.toml", "perspectives.toml")
        if (source / name).exists()
    }
    big: dict[str, dict[str, list[Any]]] = {name: {key: [] for key in data} for name, data in lists.items()}
    number = 0
    for copy in range(1, copies + 1):
        suffix = f"-x{copy}"
        for section in pack.sections:
            number += 1
            raw = _read(source / section.file)
            linked = graph.section(section.id)
            raw.update(short_answer=linked.short_answer, body=linked.body, key_points=list(linked.key_points))
            raw["id"] = section.id + suffix
            raw["related"] = [r + suffix for r in raw.get("related", [])]
            for field in ("question", "short_answer", "body", "critical_note"):
                if field in raw:
                    raw[field] = _respell(_relink(raw[field], suffix), copy)
            raw["key_points"] = [_respell(_relink(point, suffix), copy) for point in raw["key_points"]]
            _write(out / "sections" / f"{number:05d}-{raw['id']}.toml", raw)
        for term in lists.get("glossary.toml", {}).get("term", []):
            big["glossary.toml"]["term"].append(
                {
                    **term,
                    "id": term["id"] + suffix,
                    "term": f"{term['term']} {copy}",
                    "aliases": [f"{a} {copy}" for a in term.get("aliases", [])],
                    "see_also": [t + suffix for t in term.get("see_also", [])],
                    "example": _respell(_relink(term.get("example", ""), suffix), copy),
                    "definition": _respell(term["definition"], copy),
                }
            )
        for question in lists.get("quiz.toml", {}).get("question", []):
            big["quiz.toml"]["question"].append(
                {
                    **question,
                    "id": question["id"] + suffix,
                    "section": question["section"] + suffix,
                    "terms": [t + suffix for t in question.get("terms", [])],
                    **({"events": [e + suffix for e in question["events"]]} if "events" in question else {}),
                    "prompt": _respell(question["prompt"], copy),
                    "explanation": _respell(question["explanation"], copy),
                }
            )
        for event in lists.get("timeline.toml", {}).get("event", []):
            big["timeline.toml"]["event"].append(
                {
                    **event,
                    "id": event["id"] + suffix,
                    "section": event["section"] + suffix,
                    "detail": _respell(_relink(event["detail"], suffix), copy),
                    "title": _respell(event["title"], copy),
                }
            )
        for topic in lists.get("perspectives.toml", {}).get("topic", []):
            views = [
                {**view, "section": view["section"] + suffix, "claim": _respell(view["claim"], copy)}
                for view in topic["view"]
            ]
            big["perspectives.toml"]["topic"].append(
                {**topic, "id": topic["id"] + suffix, "view": views, "title": _respell(topic["title"], copy)}
            )
    for name, data in big.items():
        _write(out / name, {key: [_drop_empty(item) for item in items] for key, items in data.items()})
    return out


def _respell(text: str, copy: int) -> str:
    """A tenth of the words of `text` spelt the way copy `copy` spells them, the same each time."""
    tag = "".join("bcdfghjklmnpqrstvwz"[int(digit)] for digit in str(copy))

    def respell(match: re.Match[str]) -> str:
        word = match[0]
        return word + tag if zlib.crc32(f"{copy}:{word.lower()}".encode()) % 10 == 0 else word

    return PROSE_WORD.sub(respell, text)


def _relink(text: str, suffix: str) -> str:
    return LINK_TARGET.sub(lambda m: f"]({m[1]}:{m[2]}{suffix})", text)


def _drop_empty(table: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in table.items() if v != "" or k in ("answer",)}


def _read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(dumps(data), encoding="utf-8")


def dumps(data: dict[str, Any]) -> str:
    """TOML for what packs hold: scalars, lists, and top-level arrays of tables (nested tables inline)."""
    lines = [f"{key} = {_value(value)}" for key, value in data.items() if not _is_tables(value)]
    for key, value in data.items():
        if _is_tables(value):
            for table in value:
                lines += ["", f"[[{key}]]", *(f"{k} = {_value(v)}" for k, v in table.items())]
    return "\n".join(lines) + "\n"


def _is_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _value(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--content", type=Path, default=default_content_dir())
    args = parser.parse_args(argv)
    generate(args.content, args.out, args.copies)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
