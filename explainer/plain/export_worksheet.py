"""`explainer export --quiz worksheet|key`: the pack's own questions on paper, and the answer key to mark them.

Both are one HTML page meant for printing. Options are shuffled as the app
shuffles them, but with a seed made from the pack and the question, so the
worksheet and the key printed from the same pack always agree.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from html import escape

from explainer.pack.labels import section_label
from explainer.pack.model import Pack, Question
from explainer.quiz.questions import QuizItem, letter, right_answer, written_item

SHEETS = ("worksheet", "key")

STYLE = """
body { font: 11pt/1.45 system-ui, sans-serif; max-width: 44rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
h2 { font-size: 1.1rem; margin-top: 2rem; border-bottom: 1px solid #999; }
.who { display: flex; gap: 2rem; margin: 1rem 0 1.5rem; }
.who span { flex: 1; border-bottom: 1px solid #333; padding-bottom: .1rem; }
ol.questions > li { margin-bottom: 1.25rem; break-inside: avoid; page-break-inside: avoid; }
.kind { color: #555; font-size: .9rem; }
ul.options { list-style: none; padding-left: 1rem; }
.blank { display: inline-block; min-width: 2.5rem; border-bottom: 1px solid #333; }
.line { border-bottom: 1px solid #333; height: 1.6rem; margin: .25rem 0 0 1rem; }
.answer { font-weight: bold; }
.explain { color: #333; }
@media print { body { padding: 0; } }
"""


def sheet_items(pack: Pack) -> list[tuple[Question, QuizItem]]:
    """The written questions in the order of the sections that teach them, shuffled reproducibly."""
    order = {s.id: i for i, s in enumerate(pack.sections)}
    questions = sorted(pack.questions, key=lambda q: order.get(q.section, len(order)))
    return [(q, written_item(pack, q, random.Random(f"{pack.id}:{q.id}"))) for q in questions]


def worksheet_document(pack: Pack, sheet: str) -> str:
    """The whole page: `sheet` is 'worksheet' (blanks to fill in) or 'key' (the answers and why)."""
    key = sheet == "key"
    title = f"{'Answer key' if key else 'Worksheet'} — {pack.title}"
    head = f'<meta charset="utf-8">\n<title>{escape(title)}</title>\n<style>{STYLE}</style>'
    body = "\n".join(_body(pack, title, key))
    return f'<!DOCTYPE html>\n<html lang="en">\n<head>\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n'


def _body(pack: Pack, title: str, key: bool) -> Iterator[str]:
    yield f"<h1>{escape(title)}</h1>"
    if not key:
        yield '<p class="who"><span>Name:</span><span>Date:</span></p>'
    items = sheet_items(pack)
    if not items:
        yield "<p>This pack has no questions of its own (quiz.toml).</p>"
        return
    section_id = None
    for number, (question, item) in enumerate(items, start=1):
        if question.section != section_id:
            if section_id is not None:
                yield "</ol>"
            section_id = question.section
            section = pack.section(section_id)
            heading = section_label(pack, section) if section else section_id
            yield f'<h2>{escape(heading)}</h2>\n<ol class="questions" start="{number}">'
        yield f"<li>{_answer(item) if key else _blank(item)}</li>"
    yield "</ol>"


def _prompt(item: QuizItem) -> str:
    return f'<p><span class="kind">({escape(item.type_label)})</span> {escape(item.prompt)}</p>'


def _blank(item: QuizItem) -> str:
    """A question with room for the answer."""
    parts = [_prompt(item)]
    if item.type in ("choice", "true_false"):
        options = "".join(f"<li>{letter(i)}) {escape(o)}</li>" for i, o in enumerate(item.options))
        parts.append(f'<ul class="options">{options}</ul><p>Answer: <span class="blank"></span></p>')
    elif item.type == "match":
        lefts = "".join(
            f'<li>{i + 1}. {escape(left)} → <span class="blank"></span></li>' for i, left in enumerate(item.left)
        )
        rights = "".join(f"<li>{letter(i)}) {escape(o)}</li>" for i, o in enumerate(item.options))
        parts.append(f'<ul class="options">{lefts}</ul><p>Match with:</p><ul class="options">{rights}</ul>')
    elif item.type == "order":
        options = "".join(f"<li>{letter(i)}) {escape(o)}</li>" for i, o in enumerate(item.options))
        slots = " → ".join('<span class="blank"></span>' for _ in item.options)
        parts.append(f'<ul class="options">{options}</ul><p>First to last: {slots}</p>')
    else:
        parts.append('<div class="line"></div>')
    return "\n".join(parts)


def _answer(item: QuizItem) -> str:
    """A question with its answer and why."""
    if item.type == "match":
        letters = ", ".join(f"{n} {letter(i)}" for n, i in enumerate(item.solution, start=1))
        shown = f"{letters} ({right_answer(item)})"
    elif item.type == "order":
        shown = f"{' → '.join(letter(i) for i in item.solution)} ({right_answer(item)})"
    elif item.type == "typed" and len(item.accept) > 1:
        shown = f"{item.accept[0]} (also accepted: {', '.join(item.accept[1:])})"
    else:
        shown = right_answer(item)
    return "\n".join(
        [
            _prompt(item),
            f'<p>Answer: <span class="answer">{escape(shown)}</span></p>',
            f'<p class="explain">{escape(item.explanation)}</p>',
        ]
    )
