"""`explainer glossary`: any term by id, name or alias, with its backlinks; every term in order."""

from __future__ import annotations

import itertools

import pytest
from conftest import CONTENT, STARTER
from plain_cli import ESCAPE, assert_one_line_error, flat, run_explainer, run_on_terminal

from explainer.pack.load import load_pack
from explainer.pack.model import Pack, Term


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(CONTENT)


def glossary(*args: str) -> str:
    result = run_explainer("glossary", *args, "--content", str(CONTENT))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def headwords(output: str, pack: Pack) -> list[str]:
    """The headwords printed, in order: a term's name alone on a line, its details on the next."""
    names = {t.term for t in pack.terms}
    lines = output.splitlines()
    return [line for line, after in itertools.pairwise(lines) if line in names and after.startswith(("also:", "id:"))]


def test_every_term_alphabetically_with_definition_and_no_escape_codes(pack: Pack) -> None:
    output = glossary()
    assert ESCAPE not in output
    assert headwords(output, pack) == sorted((t.term for t in pack.terms), key=str.casefold)
    for term in pack.terms:
        assert flat(term.definition) in flat(output)


def entry_check(output: str, pack: Pack, term: Term) -> None:
    """One entry: only this term's headword, its definition, example, see-also and used-in."""
    assert headwords(output, pack) == [term.term]
    text = flat(output)
    assert flat(term.definition) in text
    assert f"id: {term.id}" in text
    if term.example:
        assert "In the articles:" in text
    for other in term.see_also:  # by name, not "engagement (engagement)"
        see_also = text.split("See also:")[1].split("Used in:")[0]
        assert flat(pack.term(other).term) in see_also and f"({other})" not in see_also
    used_in = text.split("Used in:")[1]
    sections = pack.links.used_in(term.id)
    assert sections, f"{term.id} should be used somewhere"
    for section in sections:
        assert f"{pack.section_position(section.id) + 1}. {flat(section.question)} ({section.id})" in used_in


def test_a_term_by_id_and_by_name_in_any_case(pack: Pack) -> None:
    for term in pack.terms[:: max(1, len(pack.terms) // 5)]:
        entry_check(glossary(term.id), pack, term)
    term = max(pack.terms, key=lambda t: len(t.term))
    assert glossary(term.term.upper()) == glossary(term.id)


def test_a_term_by_alias(pack: Pack) -> None:
    aliased = [t for t in pack.terms if t.aliases]
    assert aliased, "the pack should have at least one alias"
    for term in aliased[:3]:
        entry_check(glossary(term.aliases[0].swapcase()), pack, term)


def test_a_name_of_several_words_need_not_be_quoted(pack: Pack) -> None:
    term = next(t for t in pack.terms if " " in t.term)
    entry_check(glossary(*term.term.split()), pack, term)


def test_unknown_term_is_one_line_with_a_suggestion(pack: Pack) -> None:
    term = max(pack.terms, key=lambda t: len(t.id))
    typo = term.id[:-1]
    result = run_explainer("glossary", typo, "--content", str(CONTENT))
    assert_one_line_error(result, 2, f"unknown term '{typo}'", "did you mean")


def test_unknown_term_with_nothing_close_points_to_the_list() -> None:
    result = run_explainer("glossary", "zzzzqqq", "--content", str(CONTENT))
    assert_one_line_error(result, 2, "unknown term 'zzzzqqq'", "explainer glossary")


def test_on_a_terminal_styled_unless_plain_or_no_color() -> None:
    term = load_pack(STARTER).terms[0]
    code, styled, _ = run_on_terminal("glossary", term.id, "--content", str(STARTER))
    assert code == 0 and ESCAPE in styled
    for args, env in [(["--plain"], {}), ([], {"NO_COLOR": "1"})]:
        code, plain, _ = run_on_terminal("glossary", term.id, *args, "--content", str(STARTER), **env)
        assert code == 0
        assert ESCAPE not in plain
        assert flat(term.definition) in flat(plain)


def test_a_bad_pack_is_one_line(tmp_path) -> None:
    result = run_explainer("glossary", "--content", str(tmp_path))
    assert_one_line_error(result, 1, "not a content pack")
