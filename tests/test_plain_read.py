"""`explainer read`: the walkthrough on stdout, plain wherever colour could not be seen."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTENT, STARTER
from plain_cli import ESCAPE, assert_one_line_error, clean_env, flat, run_explainer, run_on_terminal

from explainer.pack.load import load_pack
from explainer.pack.model import Pack

POSITION = re.compile(r"^Section (\d+) of (\d+) \(([a-z0-9-]+)\)$", re.MULTILINE)


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(CONTENT)


@pytest.fixture(scope="module")
def walkthrough() -> str:
    result = run_explainer("read", "--content", str(CONTENT))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def chunks_by_section(output: str) -> dict[str, str]:
    """The output cut at each 'Section i of N (id)' line, keyed by section id."""
    starts = list(POSITION.finditer(output))
    ends = [m.start() for m in starts[1:]] + [len(output)]
    return {m[3]: output[m.start() : end] for m, end in zip(starts, ends, strict=True)}


def test_piped_walkthrough_is_every_section_in_order_without_escape_codes(pack: Pack, walkthrough: str) -> None:
    assert ESCAPE not in walkthrough
    found = POSITION.findall(walkthrough)
    total = str(len(pack.sections))
    assert found == [(str(i), total, s.id) for i, s in enumerate(pack.sections, 1)]
    assert flat(pack.title) in flat(walkthrough)
    chunks = chunks_by_section(walkthrough)
    for i, section in enumerate(pack.sections, 1):
        assert flat(chunks[section.id]).startswith(
            f"Section {i} of {total} ({section.id}) {flat(section.question)} Source"  # or Sources
        )


def test_each_section_names_its_source_answer_points_and_related(pack: Pack, walkthrough: str) -> None:
    chunks = chunks_by_section(walkthrough)
    for section in pack.sections:
        text = flat(chunks[section.id])
        named = [pack.source(source_id) for source_id in section.sources]
        assert f"{'Sources' if len(named) > 1 else 'Source'}: {flat(named[0].short)} — {flat(named[0].title)}" in text
        assert all(f"{flat(source.short)} — {flat(source.title)}" in text for source in named)
        assert "In short:" in text
        assert ("Key points:" in text) == bool(section.key_points)
        assert ("Read critically:" in text) == bool(section.critical_note)
        related = text.split("Related sections:")[1] if section.related else ""
        for other in section.related:
            assert f"({other})" in related


def test_terms_are_defined_after_the_section_and_carry_no_mark_a_screen_reader_reads_out(
    pack: Pack, walkthrough: str
) -> None:
    """A star after each term was read out as "star" (NVDA, VoiceOver, JAWS at their default punctuation): in
    plain text a term is its bare words, and the section's list of terms after the text says which they are."""
    chunks = chunks_by_section(walkthrough)
    defined_somewhere = 0
    for section in pack.sections:
        term_links = [link for link in pack.links.section(section.id).links if link.kind == "term"]
        if not term_links:
            continue
        text, _, defined = flat(chunks[section.id]).partition("Terms in this section:")
        for link in term_links:
            term = pack.term(link.target)
            assert f"{flat(term.term)}: {flat(term.shown_definition)}" in defined
            assert flat(link.text).strip("*_") in text, link
            defined_somewhere += 1
    assert defined_somewhere, "the pack should link at least one term"
    assert "*" not in walkthrough


def test_one_section_by_id_or_by_number(pack: Pack) -> None:
    last = pack.sections[-1]
    by_id = run_explainer("read", last.id, "--content", str(CONTENT))
    by_number = run_explainer("read", str(len(pack.sections)), "--content", str(CONTENT))
    assert by_id.returncode == by_number.returncode == 0
    assert by_id.stdout == by_number.stdout
    assert POSITION.findall(by_id.stdout) == [(str(len(pack.sections)), str(len(pack.sections)), last.id)]
    assert flat(last.question) in flat(by_id.stdout)
    assert flat(pack.title) not in flat(by_id.stdout.split("\n", 3)[3])


def test_on_a_terminal_the_output_is_styled() -> None:
    code, output, _ = run_on_terminal("read", "1", "--content", str(STARTER))
    assert code == 0
    assert ESCAPE in output


@pytest.mark.parametrize(("args", "env"), [(["--plain"], {}), ([], {"NO_COLOR": "1"})], ids=["--plain", "NO_COLOR"])
def test_plain_flag_and_no_color_mean_no_escape_codes_even_on_a_terminal(args: list[str], env: dict[str, str]) -> None:
    code, output, _ = run_on_terminal("read", "1", *args, "--content", str(STARTER), **env)
    assert code == 0
    assert ESCAPE not in output
    assert "Section 1 of" in output
    assert "Terms in this section" in output


def test_content_option_works_before_or_after_the_command() -> None:
    before = run_explainer("--content", str(STARTER), "read", "1")
    after = run_explainer("read", "1", "--content", str(STARTER))
    assert before.returncode == after.returncode == 0
    assert before.stdout == after.stdout
    assert flat(load_pack(STARTER).sections[0].question) in flat(after.stdout)


def test_unknown_section_is_one_line_with_a_suggestion(pack: Pack) -> None:
    typo = pack.sections[-1].id[:-1]
    result = run_explainer("read", typo, "--content", str(CONTENT))
    assert_one_line_error(result, 2, f"unknown section '{typo}'", f"did you mean '{pack.sections[-1].id}'?")


def test_out_of_range_number_lists_what_there_is(pack: Pack) -> None:
    result = run_explainer("read", str(len(pack.sections) + 1), "--content", str(CONTENT))
    assert_one_line_error(result, 2, "unknown section", pack.sections[0].id, f"1-{len(pack.sections)}")


def test_a_missing_pack_is_one_line(tmp_path: Path) -> None:
    result = run_explainer("read", "--content", str(tmp_path / "nowhere"))
    assert_one_line_error(result, 1, "no such directory", "explainer check")


def test_a_broken_pack_is_one_line(tmp_path: Path) -> None:
    broken = Path(shutil.copytree(STARTER, tmp_path / "pack"))
    (broken / "glossary.toml").write_text("[[term]\nid = ", encoding="utf-8")
    result = run_explainer("read", "--content", str(broken))
    assert_one_line_error(result, 1, "glossary.toml", "invalid TOML")


def test_a_closed_pipe_ends_quietly() -> None:
    """`explainer read | head -1` must not end in a BrokenPipeError traceback."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before the first line is written
    command = [sys.executable, "-m", "explainer", "read", "--content", str(CONTENT)]
    try:
        writer = subprocess.run(
            command, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120, env=clean_env()
        )
    finally:
        os.close(write_end)
    assert writer.stderr == ""
    assert writer.returncode == 141


def test_a_stdout_that_is_not_utf8_gets_question_marks_not_a_traceback() -> None:
    result = run_explainer("read", "1", "--content", str(STARTER), PYTHONIOENCODING="ascii")
    assert result.returncode == 0, result.stderr
    assert "Section 1 of" in result.stdout
