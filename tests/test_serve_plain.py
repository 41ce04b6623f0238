"""Plain sessions over SSH: `ssh -T`, or a pipe, gets the line-based explainer from a real server.

The real OpenSSH client sends a script on stdin with no terminal; the answers and
the sections read are in the student's real store, under the same identity a
full-screen session uses. Commands are still refused, and nothing is left behind.
"""

from __future__ import annotations

import subprocess

import pytest
from conftest import CONTENT
from serve_harness import SSH, ServedExplainer, client_env

from explainer.pack.load import load_pack
from explainer.progress.store import ProgressStore

PACK_ID = load_pack(CONTENT).id

pytestmark = pytest.mark.skipif(SSH is None, reason="needs the OpenSSH client (.ci/run installs it)")


def piped(server: ServedExplainer, script: str, *arguments: str, user: str) -> subprocess.CompletedProcess[str]:
    """`printf SCRIPT | ssh -T -p PORT user@127.0.0.1`, as a screen-reader user's shell would run it."""
    return subprocess.run(
        server.ssh("-T", *arguments, user=user),
        input=script,
        capture_output=True,
        text=True,
        timeout=60,
        env=client_env(),
        check=False,
    )


def test_a_piped_script_reads_a_section_and_answers_a_quiz_into_the_store(server: ServedExplainer) -> None:
    pack = load_pack(CONTENT)
    question = pack.question("ov-where")
    seeded = ProgressStore(server.data_dir, "ada", pack_id=PACK_ID)
    seeded.record_answer(question.id, question.section, False, mode="full")  # one mistake to review
    seeded.close()

    result = piped(server, "2\n1\nm\n5\nB\nq\n", user="ada")

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{pack.title}: the explainer, line by line."
    assert "\x1b" not in result.stdout and "\r" not in result.stdout  # lines, not a screen
    assert pack.sections[0].question in lines
    assert question.prompt in lines
    assert any(line.startswith(("Right", "Not quite")) for line in lines)
    assert lines[-1] == "Goodbye. Your progress is saved."
    store = ProgressStore(server.data_dir, "ada", pack_id=PACK_ID)
    assert store.sections_read() == {pack.sections[0].id}
    answers = store.answers()
    assert [(a.item_id, a.mode) for a in answers] == [("ov-where", "full"), ("ov-where", "mistakes")]
    server.wait_for_log(r"connect +127\.0\.0\.1 user=ada pid=\d+")
    server.wait_for_log(r"disconnect 127\.0\.0\.1 user=ada duration=\d+s reason=quit")
    server.wait_for_no_sessions()


def test_the_end_of_the_input_ends_the_session_and_keeps_what_was_read(server: ServedExplainer) -> None:
    result = piped(server, "w\n", user="ben")  # the first section, then the pipe ends
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "Goodbye. Your progress is saved."
    assert ProgressStore(server.data_dir, "ben", pack_id=PACK_ID).sections_read() == {load_pack(CONTENT).sections[0].id}
    server.wait_for_no_sessions()


def test_a_command_without_a_terminal_is_still_refused(server: ServedExplainer) -> None:
    result = subprocess.run(
        [*server.ssh("-T", user="eve"), "id"],
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        env=client_env(),
        check=False,
    )
    assert result.returncode == 1
    assert "uid=" not in result.stdout
    assert result.stderr.strip().splitlines() == [
        f"explainer: this server runs no commands. Connect with: ssh -p {server.port} <host>"
    ]
    server.wait_for_log(r'refuse +127\.0\.0\.1 user=eve reason="exec \'id\'"')


def test_idle_plain_sessions_are_warned_in_words_then_closed(tmp_path) -> None:
    served = ServedExplainer(tmp_path, "--idle-timeout", "5")
    try:
        client = subprocess.Popen(
            served.ssh("-T", user="sleepy"),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=client_env(),
        )
        assert client.stdout and client.stderr and client.stdin
        out = client.stdout.read()  # until the server ends the session; stdin stays open, nothing typed
        err = client.stderr.read()
        client.stdin.close()
        assert client.wait(timeout=30) == 0
    finally:
        served.stop()
    assert "No key pressed for a while: this session closes in 1 second unless you type something." in out
    assert "explainer: session closed after 5 seconds without a key press. Your progress is saved." in err
