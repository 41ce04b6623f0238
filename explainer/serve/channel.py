"""What a session channel may be asked that asyncssh offers no hook for: environment, X11 and agent requests.

asyncssh 2.24 dispatches each channel request to `SSHServerChannel._process_<name>_request` and keeps every
environment request a client sends (in `_env`, unbounded: thousands of large ones grow the server by hundreds
of MB), while X11 and agent requests are refused without a word to us. `guard_channel` wraps those three
methods on one channel: only allow-listed names are kept, at most `max_env` requests are read, values are
bounded, and every refusal is reported (one log line each, rate-limited per address by the server).
tests/test_serve_abuse.py notices when asyncssh stops dispatching through these methods: the refusal lines
would be missing.
"""

from __future__ import annotations

from collections.abc import Callable

import asyncssh
from asyncssh.packet import SSHPacket

from explainer.serve.limits import SessionBudget
from explainer.serve.log_lines import printable
from explainer.settings import SCREEN_READER_VARIABLE

# `terminal.child_environment` uses all but LANG
KEPT_ENV = ("COLORTERM", "NO_COLOR", SCREEN_READER_VARIABLE, "LANG")
KEPT_ENV_PREFIXES = ("LC_",)  # OpenSSH sends LANG and LC_* by default: kept (bounded), not logged


def guard_channel(chan: asyncssh.SSHServerChannel, budget: SessionBudget, refused: Callable[[str], None]) -> None:
    """Bound `chan`'s environment and report every env, X11 and agent request it refuses through `refused`."""
    env: dict[bytes, bytes] = chan._env
    process_env = chan._process_env_request
    process_x11 = chan._process_x11_req_request
    process_agent = chan._process_auth_agent_req_at_openssh_dot_com_request
    requests = 0

    def env_request(packet: SSHPacket) -> bool:
        nonlocal requests
        requests += 1
        before = dict(env)
        process_env(packet)
        kept = True
        for name in [name for name in env if env[name] != before.get(name)]:
            text = name.decode(errors="replace")
            if requests > budget.max_env:
                why = "too many"
            elif not (text in KEPT_ENV or text.startswith(KEPT_ENV_PREFIXES)):
                why = "not allowed"
            elif len(env[name]) > budget.max_env_value:
                why = "too long"
            else:
                continue
            kept = False
            if name in before:
                env[name] = before[name]
            else:
                del env[name]
            refused(f"env {printable(text, 40)} ({why})")
        return kept

    def x11_request(packet: SSHPacket) -> bool | None:
        refused("X11 forwarding")
        return process_x11(packet)  # asyncssh refuses it: the server listens with x11_forwarding=False

    def agent_request(packet: SSHPacket) -> None:
        refused("agent forwarding")
        return process_agent(packet)  # refused likewise (agent_forwarding=False)

    # asyncssh has no hook for these requests: its own handlers are replaced on this one channel, on purpose.
    chan._process_env_request = env_request  # type: ignore[method-assign]  # see the comment above
    chan._process_x11_req_request = x11_request  # type: ignore[method-assign]  # see the comment above
    chan._process_auth_agent_req_at_openssh_dot_com_request = agent_request  # type: ignore[method-assign]  # as above
