"""The serve parts that need no SSH client: limits, host key, authorized keys,
the child's environment, log lines, and one-line errors at start."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import asyncssh
import pytest

from explainer.serve.auth import AuthorizedKeys, AuthorizedKeysError
from explainer.serve.hostkey import HostKeyError, fingerprint, load_or_create_host_key
from explainer.serve.limits import SessionLimits
from explainer.serve.log_lines import log_line as _line
from explainer.serve.log_lines import printable
from explainer.serve.session import SessionConfig, _spoken
from explainer.serve.terminal import DEFAULT_TERM, Terminal, child_environment, safe_term


class TestLimits:
    def test_total_limit_then_room_again(self) -> None:
        limits = SessionLimits(max_sessions=2, max_per_address=5)
        assert limits.admit("10.0.0.1") is None
        assert limits.admit("10.0.0.2") is None
        refusal = limits.admit("10.0.0.3")
        assert refusal is not None and refusal.reason == "class full"
        assert "The class is full (2 sessions running)" in refusal.message
        limits.release("10.0.0.1")
        assert limits.admit("10.0.0.3") is None
        assert limits.active == 2

    def test_per_address_limit(self) -> None:
        limits = SessionLimits(max_sessions=10, max_per_address=1)
        assert limits.admit("10.0.0.1") is None
        refusal = limits.admit("10.0.0.1")
        assert refusal is not None and "Too many sessions from your address (1 session at most)" in refusal.message
        assert limits.admit("10.0.0.2") is None
        assert limits.active == 2  # a refusal counts nothing

    def test_release_never_goes_negative(self) -> None:
        limits = SessionLimits(1, 1)
        limits.release("10.0.0.9")
        assert limits.active == 0
        assert limits.admit("10.0.0.9") is None


class TestHostKey:
    def test_made_once_private_and_reused(self, tmp_path: Path) -> None:
        path = tmp_path / "keys" / "host_key"
        key, created = load_or_create_host_key(path)
        assert created and key.get_algorithm() == "ssh-ed25519"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        again, created_again = load_or_create_host_key(path)
        assert not created_again
        assert fingerprint(again) == fingerprint(key)
        assert fingerprint(key).startswith("SHA256:")
        assert not list(path.parent.glob(".*tmp"))

    def test_garbage_is_one_clear_error(self, tmp_path: Path) -> None:
        path = tmp_path / "host_key"
        path.write_text("not a key\n")
        with pytest.raises(HostKeyError, match="is not a usable private key"):
            load_or_create_host_key(path)
        assert path.read_text() == "not a key\n"  # never overwritten

    def test_a_directory_is_one_clear_error(self, tmp_path: Path) -> None:
        with pytest.raises(HostKeyError, match="is a directory"):
            load_or_create_host_key(tmp_path)


def public_key_line(comment: str) -> str:
    key = asyncssh.generate_private_key("ssh-ed25519", comment=comment)
    return key.export_public_key().decode().strip()


class TestAuthorizedKeys:
    def test_keys_with_options_comments_and_blank_lines(self, tmp_path: Path) -> None:
        alice, bob = public_key_line("alice@laptop"), public_key_line("bob")
        path = tmp_path / "authorized_keys"
        path.write_text(f'# the class\n\n{alice}\ncommand="echo hi",no-pty {bob}\n')
        keys = AuthorizedKeys.read(path)
        assert len(keys) == 2
        assert sorted(keys.comments.values()) == ["alice@laptop", "bob"]
        assert keys.allows(asyncssh.import_public_key(alice))
        assert not keys.allows(asyncssh.generate_private_key("ssh-ed25519").convert_to_public())

    def test_a_bad_line_names_file_and_line(self, tmp_path: Path) -> None:
        path = tmp_path / "authorized_keys"
        path.write_text(f"{public_key_line('a')}\nssh-ed25519 nonsense\n")
        with pytest.raises(AuthorizedKeysError, match=r"authorized_keys:2: not a public key"):
            AuthorizedKeys.read(path)

    def test_empty_or_missing(self, tmp_path: Path) -> None:
        empty = tmp_path / "empty"
        empty.write_text("# nobody yet\n")
        with pytest.raises(AuthorizedKeysError, match="lists no keys"):
            AuthorizedKeys.read(empty)
        with pytest.raises(AuthorizedKeysError, match="cannot read authorized keys"):
            AuthorizedKeys.read(tmp_path / "missing")


class TestTerminal:
    def test_term_names(self) -> None:
        assert safe_term("xterm-256color") == "xterm-256color"
        assert safe_term("screen.xterm-256color") == "screen.xterm-256color"
        for bad in ("", "x" * 100, "xterm;rm -rf /", "../../etc", "xterm\n"):
            assert safe_term(bad) == DEFAULT_TERM

    def test_sizes_are_drawable(self) -> None:
        assert Terminal.requested("xterm", (0, 0, 0, 0)).size == "80x24"
        assert Terminal.requested("xterm", (99999, 99999, 1, 1)).size == "1000x500"
        assert Terminal().resized(120, 40).size == "120x40"

    def test_environment_is_an_allow_list(self) -> None:
        client = {
            "COLORTERM": "truecolor",
            "PATH": "/evil",
            "LD_PRELOAD": "x.so",
            "TEXTUAL": "devtools",
            "COLUMNS": "80",
            "NO_COLOR": "1",
        }
        env = child_environment(Terminal("xterm-256color"), client)
        assert env == {
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "LC_CTYPE": "C.UTF-8",
            "COLORTERM": "truecolor",
            "NO_COLOR": "1",
        }
        assert child_environment(Terminal(), {"COLORTERM": "$(reboot)"}).get("COLORTERM") is None


class TestWords:
    def test_idle_warning_and_durations(self) -> None:
        assert SessionConfig(Path("/c"), Path("/d"), 2222, idle_timeout=900).idle_warning == 60
        assert SessionConfig(Path("/c"), Path("/d"), 2222, idle_timeout=10).idle_warning == 2
        assert SessionConfig(Path("/c"), Path("/d"), 2222, idle_timeout=0).idle_warning == 0
        assert _spoken(900) == "15 minutes"
        assert _spoken(1) == "1 second"
        assert _spoken(90) == "90 seconds"

    def test_log_lines_cannot_be_forged(self) -> None:
        line = _line("refuse", "10.0.0.1", user="eve\nfake line", reason="class full")
        assert "\n" not in line
        assert line == 'refuse     10.0.0.1 user="eve\\nfake line" reason="class full"'
        assert printable("a\x1b[31mb\x00c") == "a[31mbc"


def serve(*arguments: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "explainer", "serve", *arguments],
        capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def assert_one_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]


class TestStartProblems:
    def test_busy_port(self, tmp_path: Path) -> None:
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen()
            port = str(busy.getsockname()[1])
            assert_one_line(
                serve("--port", port, "--data-dir", str(tmp_path)),
                f"cannot listen on 127.0.0.1:{port}",
                "already in use",
            )

    def test_unreadable_host_key(self, tmp_path: Path) -> None:
        key = tmp_path / "key"
        key.write_text("garbage")
        assert_one_line(
            serve("--port", "1", "--host-key", str(key), "--data-dir", str(tmp_path)),
            f"host key {key}",
            "not a usable private key",
        )

    @pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
    def test_host_key_without_permission(self, tmp_path: Path) -> None:
        key = tmp_path / "key"
        key.write_text("x")
        key.chmod(0)
        assert_one_line(serve("--host-key", str(key), "--data-dir", str(tmp_path)), "permission denied")

    def test_keys_without_a_keys_file(self, tmp_path: Path) -> None:
        assert_one_line(serve("--auth", "keys", "--data-dir", str(tmp_path)), "--authorized-keys")

    def test_bad_arguments(self, tmp_path: Path) -> None:
        assert_one_line(serve("--port", "70000"), "not a port number")
        assert_one_line(serve("--idle-timeout", "-5"), "0 or more seconds")
        assert_one_line(serve("--max-sessions", "0"), "1 or more")


def test_the_child_does_not_load_the_ssh_library() -> None:
    """Each session's process carries only the app; asyncssh stays in the server."""
    code = "import sys, explainer.serve.child, explainer.serve.forkserver; print('asyncssh' in sys.modules)"
    result = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_without_asyncssh_serve_says_how_to_get_it() -> None:
    code = "import sys; sys.modules['asyncssh'] = None; from explainer.cli import main; sys.exit(main(['serve']))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert_one_line(result, "pip install 'explainer[serve]'")
