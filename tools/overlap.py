"""Find runs of 12+ words the pack copies from the articles outside quotation marks (a dev tool, not shipped).

The project does not ship the articles, so this reads them from ../shared/sources/ (or the directory given
with --sources) and exits quietly when they are absent. It also lists every quotation in the pack that is
not found word for word in either article, and quotations of 12 words or more.

    .venv/bin/python tools/overlap.py [--content content] [--sources ../shared/sources]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from explainer.pack.load import read_pack
from explainer.pack.model import Pack

RUN = 12
QUOTE = re.compile("\"([^\"]+)\"|\u201c([^\u201d]+)\u201d|(?<!\\w)'([^']+)'(?!\\w)")
# A person's name with their title may be copied whole (the content rule's one exception).
NAMES_WITH_TITLES = [
    "Victor Cha, Korea Chair at the Center for Strategic and International Studies",
    "Patrick Cronin, Chair for Asia-Pacific Security at the Hudson Institute",
]


def words(text: str) -> list[str]:
    """Lower-case words, apostrophes and dashes folded, every other mark dropped."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("–", "-").replace("—", " ").lower()
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # Markdown links: keep the words
    return re.findall(r"[a-z0-9]+(?:['.,-][a-z0-9]+)*", text)


def fields(pack: Pack) -> Iterator[tuple[str, str]]:
    """Every piece of text a student can read, named by where it is."""
    yield "pack.toml summary", pack.summary
    for src in pack.sources:
        yield f"pack.toml source {src.id} note", src.note
    for s in pack.sections:
        for name in ("question", "short_answer", "body", "critical_note"):
            yield f"{s.file} {name}", getattr(s, name)
        for i, point in enumerate(s.key_points):
            yield f"{s.file} key_points[{i}]", point
    for t in pack.terms:
        yield f"glossary {t.id} definition", t.definition
        yield f"glossary {t.id} example", t.example
    for e in pack.events:
        yield f"timeline {e.id}", f"{e.title}\n\n{e.detail}"
    for topic in pack.topics:
        yield f"perspectives {topic.id} question+note", f"{topic.title}\n\n{topic.question}\n\n{topic.note}"
        for i, v in enumerate(topic.views):
            yield f"perspectives {topic.id} view[{i}]", f"{v.who}\n\n{v.role}\n\n{v.claim}\n\n{v.basis}"
    for q in pack.questions:
        yield f"quiz {q.id} prompt", q.prompt
        yield f"quiz {q.id} answer", q.answer
        yield f"quiz {q.id} explanation", q.explanation
        for i, w in enumerate(q.wrong):
            yield f"quiz {q.id} wrong[{i}]", f"{w.choice}\n\n{w.why}"
        for i, (left, right) in enumerate(q.pairs):
            yield f"quiz {q.id} pairs[{i}]", f"{left}\n\n{right}"
        for i, item in enumerate(q.items):
            yield f"quiz {q.id} items[{i}]", item


def grams(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1)}


def copied_runs(text: str, article: set[tuple[str, ...]]) -> list[str]:
    """Maximal runs of RUN+ words shared with an article, quotations and names with titles cut out first."""
    names = [" ".join(words(name)) for name in NAMES_WITH_TITLES]
    runs = []
    for chunk in re.split(r"\n\s*\n", QUOTE.sub(" | ", text)):  # paragraphs and quotes break a run
        for piece in chunk.split("|"):
            flat = " ".join(words(piece))
            for name in names:
                flat = flat.replace(name, "|")
            tokens = [w for w in flat.replace("|", " | ").split()]
            tokens = [w if w != "|" else "\0" for w in tokens]
            i = 0
            while i + RUN <= len(tokens):
                if tuple(tokens[i : i + RUN]) in article:
                    j = i + RUN
                    while j < len(tokens) and tuple(tokens[j - RUN + 1 : j + 1]) in article:
                        j += 1
                    runs.append(" ".join(tokens[i:j]))
                    i = j
                else:
                    i += 1
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parent.parent
    parser.add_argument("--content", type=Path, default=here / "content")
    parser.add_argument("--sources", type=Path, default=here.parent / "shared" / "sources")
    args = parser.parse_args()
    articles = sorted(args.sources.glob("*.txt")) if args.sources.is_dir() else []
    if not articles:
        print(f"skipped: no articles in {args.sources}")
        return 0
    pack, problems = read_pack(args.content)
    if pack is None:
        print("\n".join(map(str, problems)))
        return 1
    texts = {path.name[:3]: " ".join(words(path.read_text())) for path in articles}
    article_grams = set().union(*(grams(words(path.read_text())) for path in articles))
    copied = unfound = long_quotes = 0
    for where, text in fields(pack):
        for run in copied_runs(text, article_grams):
            copied += 1
            print(f"COPIED  {where}: {len(run.split())} words: {run}")
        for match in QUOTE.finditer(text):
            said = match[1] or match[2] or match[3]
            quoted = " ".join(words(said))
            n = len(quoted.split())
            if n >= 3 and not any(quoted in body for body in texts.values()):
                unfound += 1
                print(f'NOT IN AN ARTICLE  {where}: "{said}"')
            if n >= RUN:
                long_quotes += 1
                print(f"LONG QUOTE  {where}: {n} words")
    print(f"{copied} copied runs of {RUN}+ words, {unfound} quotations not found, {long_quotes} long quotations")
    return 1 if copied or unfound or long_quotes else 0


if __name__ == "__main__":
    sys.exit(main())
