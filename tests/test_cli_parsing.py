"""The command line's help and argument errors, with each command's options built only once it is given."""

from __future__ import annotations

import argparse
import re

import pytest

from explainer import __version__
from explainer.cli import build_parser, main

COMMANDS = ("check", "new", "read", "glossary", "export", "quiz", "scores", "plain", "serve", "class", "web")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`explainer ARGV` as far as its arguments go: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exit:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(exit.value.code or 0), out, err


def test_help_lists_every_command_with_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    for help_first in (["--help"], ["--help", "check"], ["-h", "quiz", "--count", "x"]):
        code, out, _ = run(capsys, *help_first)
        assert code == 0 and out.startswith("usage: explainer [-h] [--version]")
        assert re.findall(r"^    (\S+) ", out, re.MULTILINE) == list(COMMANDS)
        assert "check          validate a content pack" in out
        assert "web            serve the explainer to a class's browsers" in out


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_s_help_is_its_own(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0 and out.startswith(f"usage: explainer {command} [-h]")
    assert "--content DIR" in out or command == "new"


def test_an_option_s_value_is_not_taken_for_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--content", "check", "read", "--help")
    assert code == 0 and out.startswith("usage: explainer read [-h] [--plain]")


ALL = ", ".join(map(repr, COMMANDS))


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (
            ["chek"],
            f"explainer: error: argument COMMAND: invalid choice: 'chek' (choose from {ALL}) (see explainer --help)",
        ),
        (["check", "--bogus"], "explainer: error: unrecognized arguments: --bogus (see explainer --help)"),
        (["quiz", "--count", "x"], "explainer quiz: error: argument --count: 'x' is not a whole number (see explainer"),
        (["quiz", "--mistakes", "--due"], "explainer quiz: error: argument --due: not allowed with argument"),
        (["export"], "explainer export: error: the following arguments are required: -o/--output"),
        (["serve", "--port", "0"], "explainer serve: error: argument --port: '0' is not a port number (1-65535)"),
    ],
)
def test_bad_arguments_are_one_line_naming_the_command(
    capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.splitlines() == [err.strip()] and err.startswith(says)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"explainer {__version__}\n", "")


def test_only_the_command_given_has_its_parser_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building all eleven was 3-10 ms of every launch (benchmarks/README.md, "Launch, fourth round")."""
    built: list[str] = []
    make = argparse.ArgumentParser.__init__

    def counted(parser: argparse.ArgumentParser, *args, **kwargs) -> None:
        make(parser, *args, **kwargs)
        built.append(parser.prog)

    monkeypatch.setattr(argparse.ArgumentParser, "__init__", counted)
    assert build_parser().parse_args(["--content", "here"]).command is None
    assert built == ["explainer"]
    built.clear()
    assert build_parser().parse_args(["--content", "check", "read", "1"]).section == "1"
    assert built == ["explainer", "explainer read"]
