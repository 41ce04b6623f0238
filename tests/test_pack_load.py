"""The loader and `explainer check`: good packs load, bad ones say what and where."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTENT, STARTER

from explainer.pack.load import load_pack, read_pack
from explainer.pack.problems import PackError

SUMMARY = re.compile(
    r"^(\d+) sections?(?: \([^)]*\))?, (\d+) terms?, (\d+) questions?, (\d+) links?, (\d+) errors?"
    r"(?:, (\d+) warnings?)?$"
)


def problems_of(directory: Path) -> list[str]:
    return [str(p) for p in read_pack(directory)[1]]


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "explainer", "check", *args], capture_output=True, text=True, timeout=60
    )


def test_starter_pack_loads_in_reading_order() -> None:
    pack = load_pack(STARTER)
    assert [s.id for s in pack.sections] == ["overview", "why-meet", "call-agreement"]
    assert pack.section("why-meet").sources == ("asia-trip",)
    assert pack.term("new-start").aliases == ("New Strategic Arms Reduction Treaty",)
    assert {s.id for s in pack.sources} == {"asia-trip", "korea-times"}


def test_check_on_the_real_pack_passes_with_the_summary_line() -> None:
    result = run_check(str(CONTENT))
    assert result.returncode == 0, result.stdout
    last = result.stdout.strip().splitlines()[-1]
    match = SUMMARY.match(last)
    assert match, last
    pack = load_pack(CONTENT)
    assert int(match[1]) == len(pack.sections) and int(match[2]) == len(pack.terms)
    assert int(match[5]) == 0


def test_check_without_a_directory_checks_the_built_in_pack() -> None:
    result = run_check()
    assert result.returncode == 0
    assert SUMMARY.match(result.stdout.strip().splitlines()[-1])


def test_invalid_toml_names_file_and_line(pack_copy: Path) -> None:
    (pack_copy / "glossary.toml").write_text('[[term]]\nid = "x"\nterm = \n')
    (problem,) = [p for p in problems_of(pack_copy) if p.startswith("glossary.toml")]
    assert problem.startswith("glossary.toml: line 3, column 8: invalid TOML")


def test_binary_file_is_one_problem(pack_copy: Path) -> None:
    (pack_copy / "sections" / "02-why-meet.toml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    problems = problems_of(pack_copy)
    assert problems == ["sections/02-why-meet.toml: byte 0: not a UTF-8 text file"]


def test_missing_field(pack_copy: Path) -> None:
    path = pack_copy / "sections" / "01-overview.toml"
    path.write_text(re.sub(r"(?m)^question = .*\n", "", path.read_text()))
    assert "sections/01-overview.toml: question: missing field" in problems_of(pack_copy)


def test_unknown_field_suggests_the_right_one(pack_copy: Path) -> None:
    path = pack_copy / "sections" / "01-overview.toml"
    path.write_text(path.read_text().replace("key_points =", "keypoints ="))
    assert "sections/01-overview.toml: keypoints: unknown field (did you mean 'key_points'?)" in problems_of(pack_copy)


def test_duplicate_term_id(pack_copy: Path) -> None:
    glossary = pack_copy / "glossary.toml"
    glossary.write_text(glossary.read_text() + '\n[[term]]\nid = "g7"\nterm = "G-7"\ndefinition = "again"\n')
    assert "glossary.toml: term 'g7' (line 102): duplicate id (first defined in glossary.toml, line 52)" in problems_of(
        pack_copy
    )


def test_unknown_link_target_gets_a_did_you_mean(pack_copy: Path) -> None:
    path = pack_copy / "sections" / "02-why-meet.toml"
    path.write_text(path.read_text().replace("(term:ballistic-missile)", "(term:balistic-missile)"))
    assert (
        "sections/02-why-meet.toml: body: link [ballistic missile]: unknown term 'balistic-missile' "
        "(did you mean 'ballistic-missile'?)"
    ) in problems_of(pack_copy)


def test_unknown_related_section(pack_copy: Path) -> None:
    path = pack_copy / "sections" / "01-overview.toml"
    path.write_text(path.read_text().replace('related = ["why-meet"', 'related = ["why-meat"'))
    assert (
        "sections/01-overview.toml: related[0]: unknown section 'why-meat' (did you mean 'why-meet'?)"
        in problems_of(pack_copy)
    )


def test_a_term_nobody_uses_is_reported(pack_copy: Path) -> None:
    glossary = pack_copy / "glossary.toml"
    glossary.write_text(
        glossary.read_text() + '\n[[term]]\nid = "zeppelin"\nterm = "zeppelin"\ndefinition = "An airship."\n'
    )
    assert "glossary.toml: term 'zeppelin': warning: no section uses this term" in problems_of(pack_copy)


def test_a_section_nobody_links_to_is_reported(pack_copy: Path) -> None:
    for name in ("01-overview.toml", "02-why-meet.toml"):
        path = pack_copy / "sections" / name
        path.write_text(path.read_text().replace('"call-agreement"', '"overview"').replace(', "overview"]', "]"))
    problems = problems_of(pack_copy)
    assert any(
        p.startswith("sections/03-call-agreement.toml: id: warning: no other section links to") for p in problems
    ), problems


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda d: d, "no such directory"),
        (lambda d: d.mkdir(), "not a content pack (no pack.toml and no sections/)"),
    ],
    ids=["missing", "empty"],
)
def test_missing_and_empty_directories(tmp_path: Path, setup, expected: str) -> None:
    target = tmp_path / "nowhere"
    setup(target)
    assert problems_of(target) == [f"{target}: {expected}"]
    with pytest.raises(PackError):
        load_pack(target)


def test_check_on_a_broken_pack_prints_lines_and_exits_1(pack_copy: Path) -> None:
    (pack_copy / "glossary.toml").write_bytes(b"\x00\x01binary junk\xff")
    result = run_check(str(pack_copy))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("glossary.toml: ")
    assert SUMMARY.match(lines[-1]) and " 0 errors" not in lines[-1]
    assert "Traceback" not in result.stdout + result.stderr


def test_the_app_refuses_a_broken_pack_in_one_line(pack_copy: Path) -> None:
    (pack_copy / "pack.toml").write_text("title = [unclosed\n")
    result = subprocess.run(
        [sys.executable, "-m", "explainer", "--content", str(pack_copy)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("explainer: pack.toml: line 1")
    assert "Traceback" not in result.stderr


def test_invalid_toml_at_the_end_of_a_file_says_so(pack_copy: Path) -> None:
    """An unclosed table runs to the end of the file; that is where TOML notices."""
    (pack_copy / "glossary.toml").write_text('[[term]]\nid = "x"\nsee_also = ["a",\n')
    (problem,) = [p for p in problems_of(pack_copy) if p.startswith("glossary.toml")]
    assert problem.startswith("glossary.toml: end of file (line 3): invalid TOML:")
