"""What a teacher writing a pack meets: each friction point of issue 18, through `read_pack` and `explainer check`."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from plain_cli import run_explainer
from quiz_pack import QUIZ

from explainer.pack.load import load_pack, read_pack
from explainer.pack.problems import PackError, plural
from explainer.quiz.questions import glossary_keys


def lines(pack_dir: Path) -> list[str]:
    return [str(p) for p in read_pack(pack_dir)[1]]


def errors_of(pack_dir: Path) -> list[str]:
    return [str(p) for p in read_pack(pack_dir)[1] if not p.is_warning]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


# --- misnamed and stray files


def test_a_misnamed_glossary_is_named_once_with_no_knock_on_errors(pack_copy: Path) -> None:
    (pack_copy / "glossary.toml").rename(pack_copy / "glossery.toml")
    assert errors_of(pack_copy) == ["glossery.toml: not a pack file (did you mean glossary.toml?)"]


def test_a_misnamed_timeline_is_named_once(pack_copy: Path) -> None:
    (pack_copy / "timeline.toml").rename(pack_copy / "timline.toml")
    assert errors_of(pack_copy) == ["timline.toml: not a pack file (did you mean timeline.toml?)"]


def test_a_section_with_the_wrong_extension_is_named_once(pack_copy: Path) -> None:
    sections = pack_copy / "sections"
    (sections / "03-call-agreement.toml").rename(sections / "03-call-agreement.txt")
    assert errors_of(pack_copy) == [
        "sections/03-call-agreement.txt: not a section file (did you mean 03-call-agreement.toml?)"
    ]


def test_stray_files_are_warnings_and_editor_files_are_ignored(pack_copy: Path) -> None:
    (pack_copy / "notes.md").write_text("my notes")
    (pack_copy / ".DS_Store").write_bytes(b"\0")
    (pack_copy / "glossary.toml~").write_text("backup")
    (pack_copy / "sections" / "README").write_text("x")
    found = lines(pack_copy)
    assert [p for p in found if "notes.md" in p] == [
        "notes.md: warning: not part of the pack, ignored (a pack reads pack.toml, glossary.toml, quiz.toml, "
        "timeline.toml, perspectives.toml, sections/)"
    ]
    assert "sections/README: warning: not a section file, ignored (sections are NN-id.toml files)" in found
    assert not [p for p in found if "DS_Store" in p or "~" in p]
    load_pack(pack_copy)  # warnings never block


# --- warnings, --strict, drafts, --content


def test_warnings_exit_0_and_strict_exits_1(pack_copy: Path) -> None:
    (pack_copy / "notes.md").write_text("my notes")
    result = run_explainer("check", str(pack_copy))
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].endswith(", 0 errors, 1 warning")
    assert run_explainer("check", "--strict", str(pack_copy)).returncode == 1


def test_check_takes_content_like_every_other_command(pack_copy: Path) -> None:
    (pack_copy / "glossary.toml").rename(pack_copy / "glossery.toml")
    for args in (["check", "--content", str(pack_copy)], ["--content", str(pack_copy), "check"]):
        result = run_explainer(*args)
        assert result.returncode == 1
        assert result.stdout.splitlines()[0] == "glossery.toml: not a pack file (did you mean glossary.toml?)"


def test_the_summary_says_one_thing_in_the_singular(pack_copy: Path) -> None:
    (pack_copy / "notes.md").write_text("my notes")
    edit(pack_copy / "pack.toml", 'id = "trump-putin-north-korea"', 'id = "Bad Id"')
    last = run_explainer("check", str(pack_copy)).stdout.splitlines()[-1]
    assert last.endswith(", 1 error, 1 warning")
    assert [plural(n, "section") for n in (0, 1, 2)] == ["0 sections", "1 section", "2 sections"]


def test_a_draft_section_is_for_its_author_only(pack_copy: Path) -> None:
    """An unlinked draft blocks nothing; students never see it; the author previews it with --drafts."""
    draft = pack_copy / "sections" / "04-draft-notes.toml"
    draft.write_text(
        'id = "draft-notes"\nsource = "asia-trip"\ndraft = true\nquestion = "Work in progress?"\n'
        'short_answer = "Not yet."\nbody = "Still writing."\nrelated = ["overview"]\n'
    )
    assert errors_of(pack_copy) == []
    assert load_pack(pack_copy).section("draft-notes") is None
    assert load_pack(pack_copy, drafts=True).section("draft-notes") is not None
    check = run_explainer("check", str(pack_copy))
    assert check.returncode == 0 and "4 sections (1 draft, shown with --drafts)" in check.stdout
    assert "Work in progress?" not in run_explainer("--content", str(pack_copy), "read").stdout
    assert "Work in progress?" in run_explainer("--content", str(pack_copy), "read", "--drafts").stdout


# --- link kinds


def test_topic_links_web_addresses_and_images(pack_copy: Path) -> None:
    set_body = pack_copy / "sections" / "03-call-agreement.toml"
    edit(
        set_body,
        'body = """',
        'body = """\nCompare [the two accounts](topic:same-meeting) and the\n'
        "[treaty text](https://www.state.gov/new-start/). ![a map](map.png)\n",
    )
    assert errors_of(pack_copy) == [
        "sections/03-call-agreement.toml: body: ![a map](map.png): images are not supported (the app shows text)"
    ]
    edit(set_body, "![a map](map.png)", "[a page](term:same-meeting)")
    edit(set_body, "[the two accounts](topic:same-meeting)", "[the two accounts](topic:same-meting)")
    assert errors_of(pack_copy) == [
        "sections/03-call-agreement.toml: body: link [the two accounts]: unknown topic 'same-meting' "
        "(did you mean 'same-meeting'?)",
        "sections/03-call-agreement.toml: body: link [a page]: unknown term 'same-meeting'",
    ]
    edit(set_body, "[a page](term:same-meeting)", "")
    edit(set_body, "topic:same-meting", "topic:same-meeting")
    read = run_explainer("--content", str(pack_copy), "read", "3", "--plain").stdout
    assert "the two accounts (see the perspectives)" in " ".join(read.split())
    assert "treaty text (https://www.state.gov/new-start/)" in " ".join(read.split())


# --- messages


def test_true_false_answers_as_a_number_or_as_text(pack_copy: Path) -> None:
    quiz = pack_copy / "quiz.toml"
    quiz.write_text(QUIZ.replace('section = "overview"\nanswer = true', 'section = "overview"\nanswer = 0'))
    assert errors_of(pack_copy) == [
        "quiz.toml: question 'trip-asia'.answer: should be true or false "
        "(answer = true or answer = false, without quotes), not a number"
    ]
    quiz.write_text(QUIZ.replace('section = "overview"\nanswer = true', 'section = "overview"\nanswer = "false"'))
    assert errors_of(pack_copy) == []
    assert (
        "quiz.toml: question 'trip-asia'.answer: warning: \"false\" is text: write answer = false (without quotes)"
        in (lines(pack_copy))
    )
    assert load_pack(pack_copy).question("trip-asia").answer == "false"


def test_a_text_field_given_a_number_says_to_quote_it(pack_copy: Path) -> None:
    edit(pack_copy / "pack.toml", 'title = "Trump, Putin and North Korea\'s Bomb"', "title = 2019")
    assert errors_of(pack_copy) == ['pack.toml: title: should be text, not a number (put it in quotes: title = "2019")']


def test_a_byte_order_mark_is_accepted(pack_copy: Path) -> None:
    path = pack_copy / "glossary.toml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert errors_of(pack_copy) == []


def test_an_unclosed_multi_line_string_is_reported_where_it_opens(pack_copy: Path) -> None:
    path = pack_copy / "sections" / "02-why-meet.toml"
    text = path.read_text()
    opened = text[: text.index('body = """')].count("\n") + 1
    edit(path, 'as an example of meetings that shape international policy.\n"""', "as an example.\n")
    assert errors_of(pack_copy) == [
        f'sections/02-why-meet.toml: line {opened}: invalid TOML: the """ string opened here is never closed '
        '(end it with """)'
    ]


def test_a_key_after_a_sub_table_is_one_error_with_a_hint(pack_copy: Path) -> None:
    moved = QUIZ.replace(
        'explanation = "Article 000 says they meet during the APEC summit in Vietnam."\nterms = ["apec"]\n', ""
    ).replace(
        'why = "Seoul comes up as a worried neighbour, not as the meeting place."',
        'why = "Seoul comes up as a worried neighbour, not as the meeting place."\n'
        'explanation = "Article 000 says they meet during the APEC summit in Vietnam."',
    )
    (pack_copy / "quiz.toml").write_text(moved)
    assert errors_of(pack_copy) == [
        "quiz.toml: question 'meet-where'.explanation: 'explanation' is written after [[question.wrong]], so TOML "
        "reads it as part of that table: move it above the first [[question.wrong]]"
    ]


def test_a_key_after_the_sources_of_pack_toml_is_one_error(pack_copy: Path) -> None:
    path = pack_copy / "pack.toml"
    text = path.read_text()
    start, end = text.index('summary = """'), text.index('"""\n', text.index('summary = """') + 12) + 4
    path.write_text(text[:start] + text[end:] + "\n" + text[start:end])
    assert errors_of(pack_copy) == [
        "pack.toml: summary: 'summary' is written after [[source]], so TOML reads it as part of that table: "
        "move it above the first [[source]]"
    ]


def test_duplicates_name_both_lines(pack_copy: Path) -> None:
    repeated = QUIZ[QUIZ.index('[[question]]\nid = "trip-asia"') :]
    text = QUIZ + repeated
    (pack_copy / "quiz.toml").write_text(text)
    first, second = [i + 1 for i, line in enumerate(text.splitlines()) if line == 'id = "trip-asia"']
    found = [p for p in errors_of(pack_copy) if "duplicate" in p]
    assert found[0] == (
        f"quiz.toml: question 'trip-asia' (line {second}): duplicate id (first defined in quiz.toml, line {first})"
    )
    assert len(found) == repeated.count("[[question]]")  # each repeated question once


def test_two_terms_claiming_one_alias(pack_copy: Path) -> None:
    edit(pack_copy / "glossary.toml", 'aliases = ["ballistic missiles"]', 'aliases = ["ballistic missiles", "g7"]')
    assert errors_of(pack_copy) == [
        "glossary.toml: term 'g7': 'g7' is also a name of term 'ballistic-missile': "
        "a mention could mean either; keep it on one term"
    ]


# --- generated questions


def test_a_definition_that_names_its_term_is_a_warning(pack_copy: Path) -> None:
    edit(pack_copy / "glossary.toml", 'term = "G7"\n', 'term = "G7"\ndefinition = "The G7 is a group of seven."\n')
    text = (pack_copy / "glossary.toml").read_text()
    first = text.index('definition = "The G7')
    second = text.index("definition =", first + 10)
    end = text.index("\n", second)
    (pack_copy / "glossary.toml").write_text(text[:second] + text[end + 1 :])
    assert (
        "glossary.toml: term 'g7'.definition: warning: says 'G7', which gives the answer away in matching questions: "
        "reword it, or add quiz = false to leave the term out of them"
    ) in lines(pack_copy)


def test_a_term_can_be_left_out_of_generated_questions(pack_copy: Path) -> None:
    pack = load_pack(pack_copy)
    assert any("g7" in key for key in glossary_keys(pack, random.Random(1)))
    edit(pack_copy / "glossary.toml", 'term = "G7"\n', 'term = "G7"\nquiz = false\n')
    pack = load_pack(pack_copy)
    assert not any("g7" in key for key in glossary_keys(pack, random.Random(1)))
    edit(pack_copy / "glossary.toml", "quiz = false", 'quiz = "false"')
    assert errors_of(pack_copy) == [
        "glossary.toml: term 'g7'.quiz: should be true or false, not text: write quiz = false, without quotes"
    ]
    with pytest.raises(PackError):
        load_pack(pack_copy)
