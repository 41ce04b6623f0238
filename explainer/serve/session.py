"""One student's session: the explainer in its own process on its own pseudo-terminal
(or, when the client asks for no terminal, the line-based explainer on a socket pair: `plain`).

Bytes are copied both ways between the SSH channel and the pty master (the
client's through `StudentInput`: valid UTF-8 only, at a bounded rate),
resizes are passed on (coalesced), an idle timer warns and then ends the
session, a memory check ends a session that outgrows its budget, and however
the session ends (the student quits, the client vanishes, idle, memory, server
shutdown) the child's whole process group is ended and reaped.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import asyncssh

from explainer.serve import plain
from explainer.serve.channel import guard_channel
from explainer.serve.limits import MB, InputLimits, SessionBudget, idle_warning
from explainer.serve.log_lines import printable
from explainer.serve.spawner import Spawner, SpawnError
from explainer.serve.student_input import StudentInput
from explainer.serve.terminal import RESET_TERMINAL, Terminal, child_environment, open_pty, set_size

READ_CHUNK = 65536
MAX_EARLY_INPUT = 65536
OUTPUT_DRAIN_SECONDS = 1.0
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


class SessionHost(Protocol):
    """What a session reports to its connection, which logs and keeps count."""

    def session_began(self, session: ExplainerSession) -> None: ...

    def session_refused(self, session: ExplainerSession, reason: str) -> None: ...

    def session_ended(self, session: ExplainerSession, reason: str) -> None: ...

    def request_refused(self, session: ExplainerSession, reason: str) -> None: ...

    async def open_class_link(self, session: ExplainerSession) -> int: ...


@dataclass(frozen=True)
class SessionConfig:
    """What every session of one server shares."""

    content_dir: Path
    data_dir: Path
    port: int
    idle_timeout: float = 900.0  # seconds without input; 0 never ends a session
    stop_grace: float = 3.0  # from SIGTERM to SIGKILL
    login_timeout: float = 30.0  # for a session channel to ask for a terminal (0: no limit)
    input_limits: InputLimits = field(default_factory=InputLimits)
    budget: SessionBudget = field(default_factory=SessionBudget)

    @property
    def idle_warning(self) -> float:
        return idle_warning(self.idle_timeout)


class ExplainerSession(asyncssh.SSHServerSession):
    """An SSH session channel that runs the explainer, or explains in one line why not."""

    def __init__(
        self,
        config: SessionConfig,
        user: str,
        host: SessionHost,
        spawner: Spawner,
        display_name: str = "",
        keyed: bool = False,
        role: str = "student",
    ) -> None:
        self.config = config
        self.user = user
        self.keyed = keyed  # `user` is a key fingerprint: progress in the key namespace
        self.display_name = display_name
        self.role = role  # "teacher": the class view instead of the explainer
        self.host = host
        self.spawner = spawner
        self.terminal: Terminal | None = None
        self.plain = False  # no terminal asked for: the line-based explainer (serve/plain.py)
        self._input_ended = False
        self.started_at = time.monotonic()
        self._chan: asyncssh.SSHServerChannel | None = None
        self._command: str | None = None
        self._subsystem: str | None = None
        self._pid: int | None = None
        self._exited = False
        self._master = -1
        self._reading = False
        self._output_paused = False
        self._output_closed = asyncio.Event()
        self._input = bytearray()
        self._student_input = StudentInput(config.input_limits, time.monotonic())
        self._env_requests = 0
        self._request_handle: asyncio.TimerHandle | None = None
        self._resize_handle: asyncio.TimerHandle | None = None
        self._resize_pending = False
        self._memory_handle: asyncio.TimerHandle | None = None
        self._input_blocked = False
        self._end_reason: str | None = None
        self._farewell: str | None = None
        self._client_gone = False
        self._kill_handle: asyncio.TimerHandle | None = None
        self._idle_handle: asyncio.TimerHandle | None = None
        self._last_input = 0.0
        self._warned = False
        self.task: asyncio.Task[None] | None = None

    # What the client asked for.

    def connection_made(self, chan: asyncssh.SSHServerChannel) -> None:
        self._chan = chan
        guard_channel(chan, self.config.budget, lambda reason: self.host.request_refused(self, reason))
        if self.config.login_timeout > 0:
            self._request_handle = asyncio.get_running_loop().call_later(self.config.login_timeout, self._asked_nothing)

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], term_modes) -> bool:
        self.terminal = Terminal.requested(term_type, term_size)
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        # Accepted only so that the client can be told, in words, that nothing runs here.
        self._command = command
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        # Accepted, like exec, so that the refusal in words reaches the client (sftp shows what ssh prints).
        self._subsystem = subsystem
        return True

    def session_started(self) -> None:
        if self._request_handle is not None:
            self._request_handle.cancel()
            self._request_handle = None
        if self._subsystem is not None:
            self._refuse(
                f"subsystem {printable(self._subsystem, 40)}",
                "explainer: no file transfer or subsystems here, only the explainer.",
            )
        elif self._command is not None:
            self._refuse(
                f"exec {self._command[:60]!r}",
                f"explainer: this server runs no commands. Connect with: ssh -p {self.config.port} <host>",
            )
        else:
            self.plain = self.terminal is None
            self.task = asyncio.get_running_loop().create_task(self._run())

    def break_received(self, msec: int) -> bool:
        return False

    def signal_received(self, signal: str) -> None:
        pass  # the student's process gets no signals from outside

    def eof_received(self) -> bool:
        # A full-screen session lasts until the student quits; a plain one reads the end of its input.
        self._input_ended = self.plain
        self._write_input()
        return True

    # Bytes, sizes and flow control.

    def data_received(self, data: bytes, datatype: int | None) -> None:
        if datatype is not None or self._end_reason is not None:
            return
        self._note_input()
        # A terminal session never queues typing behind what the app has not read yet: it is dropped instead
        # (a plain session's piped input is held back, by flow control, and nothing of it lost).
        data = self._student_input.feed(data, time.monotonic(), behind=self._input_blocked and not self.plain)
        if not data or (self._master < 0 and len(self._input) + len(data) > MAX_EARLY_INPUT):
            return
        self._input += data
        self._write_input()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        """Passed on at once, then at most once per `resize_seconds` (the latest size); not activity for idle."""
        if self.terminal is None:
            return
        self.terminal = self.terminal.resized(width, height, pixwidth, pixheight)
        if self._resize_handle is None:
            self._pass_size_on()
        else:
            self._resize_pending = True

    def _pass_size_on(self) -> None:
        self._resize_pending = False
        if self._master >= 0 and self.terminal is not None:
            with contextlib.suppress(OSError):
                set_size(self._master, self.terminal)
        self._resize_handle = asyncio.get_running_loop().call_later(
            self.config.budget.resize_seconds, self._resize_window_ended
        )

    def _resize_window_ended(self) -> None:
        self._resize_handle = None
        if self._resize_pending:
            self._pass_size_on()

    def pause_writing(self) -> None:
        self._output_paused = True
        self._stop_reading()

    def resume_writing(self) -> None:
        self._output_paused = False
        self._start_reading()

    def connection_lost(self, exc: Exception | None) -> None:
        self._client_gone = True
        self.stop("client left" if exc is None else "connection lost")

    # Ending.

    def stop(self, reason: str, farewell: str | None = None) -> None:
        """End the session: the child is asked to leave, then killed if it has not within the grace period."""
        if self._end_reason is None:
            self._end_reason, self._farewell = reason, farewell
        if self._client_gone:
            self._close_master()  # the pty hangs up: the child gets SIGHUP
        if self._pid is None or self._exited:
            return
        self._signal_group(signal.SIGTERM)
        if self._kill_handle is None:
            self._kill_handle = asyncio.get_running_loop().call_later(
                self.config.stop_grace, self._signal_group, signal.SIGKILL
            )

    async def wait_closed(self) -> None:
        """Until the channel is closed on both sides, so that everything written has been delivered."""
        if self._chan is not None:
            await self._chan.wait_closed()

    def dropped(self) -> dict[str, str]:
        """For the disconnect line: how much input was dropped over the limits, if any."""
        counts = self._student_input.counts
        return {
            name: f"{count}B"
            for name, count in (("typed_dropped", counts.typed_dropped), ("paste_dropped", counts.paste_dropped))
            if count
        }

    @property
    def pid(self) -> int | None:
        return self._pid

    @property
    def idle_seconds(self) -> float:
        """Since the last key (or resize), for the class view."""
        return asyncio.get_running_loop().time() - self._last_input if self._last_input else self.duration

    @property
    def duration(self) -> float:
        return time.monotonic() - self.started_at

    def _refuse(self, reason: str, message: str) -> None:
        self.host.session_refused(self, reason)
        chan = self._chan
        if chan is None or self._client_gone:
            return
        newline = "\r\n" if self.terminal else "\n"
        try:
            chan.write_stderr((message + newline).encode())
            chan.exit(1)
        except (OSError, asyncssh.Error):
            pass

    async def _run(self) -> None:
        try:
            pid = await self._start_child()
        except (OSError, SpawnError) as error:
            self._close_master()
            problem = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            self._refuse(
                f"could not start: {problem}",
                "explainer: the server could not start your session. Please tell your teacher.",
            )
            return
        self.host.session_began(self)
        self._check_memory()
        self._note_input()
        self._write_input()
        if self._end_reason is not None:
            self.stop(self._end_reason, self._farewell)  # the client left while the child was starting
        code = await self.spawner.wait(pid)  # reaped, and what it left in its group killed, by the fork server
        self._exited = True
        self._cancel_timers()
        returncode = 0 if code is None else code  # None: the fork server was lost; assume an orderly end
        if not self._client_gone:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._output_closed.wait(), OUTPUT_DRAIN_SECONDS)
        self._close_master()
        self._finish(returncode)

    async def _start_child(self) -> int:
        """A session process on a fresh pty (its own session leader, the pty its controlling terminal), or, for a
        plain session, on a socket pair."""
        assert self._chan is not None
        if self.terminal is None:
            master, slave = plain.open_channel()
            env = plain.child_environment()
        else:
            master, slave = open_pty(self.terminal)
            env = child_environment(self.terminal, self._chan.get_environment())
        self._master = master
        link = -1
        try:
            if not self.plain:  # the line-based explainer takes no part in the class view (yet)
                link = await self.host.open_class_link(self)
            self._pid = await self.spawner.spawn(
                slave, self.user, env, self.display_name, plain=self.plain, keyed=self.keyed, role=self.role, link=link
            )
        finally:
            os.close(slave)
            if link >= 0:
                os.close(link)  # the child has its own copy; the hub notices when that one closes
        self._start_reading()
        return self._pid

    def _finish(self, returncode: int) -> None:
        ended_by_server = self._end_reason is not None
        reason = self._end_reason or ("quit" if returncode == 0 else f"failed ({_exit_status(returncode)})")
        chan = self._chan
        if chan is not None and not self._client_gone:
            farewell = self._farewell
            if returncode != 0 and not ended_by_server:
                farewell = (
                    "explainer: the explainer stopped unexpectedly. Your progress is saved; connect again to go on."
                )
            try:
                if returncode != 0 and not self.plain:
                    chan.write(RESET_TERMINAL)
                if farewell:
                    chan.write_stderr(f"\r\n{farewell}\r\n".encode())
                chan.exit(0 if returncode == 0 or ended_by_server else 1)
            except (OSError, asyncssh.Error):
                pass
        self.host.session_ended(self, reason)

    # The child and its process group.

    def _signal_group(self, sig: int) -> None:
        if self._pid is None or self._exited:
            return  # reaped: its group id may no longer be ours to signal
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._pid, sig)

    def _signal_child(self, sig: int) -> None:
        if self._pid is not None and not self._exited:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, sig)

    def _cancel_timers(self) -> None:
        for handle in (self._kill_handle, self._idle_handle, self._resize_handle, self._memory_handle):
            if handle is not None:
                handle.cancel()
        self._kill_handle = self._idle_handle = self._resize_handle = self._memory_handle = None

    # What the session may use.

    def _asked_nothing(self) -> None:
        """A channel that never asks for a terminal (or anything) would hold a place in the class for ever."""
        self._request_handle = None
        if self.task is None and self._end_reason is None:
            self._refuse(
                "session asked for nothing",
                f"explainer: nothing was asked for in time. Connect with: ssh -p {self.config.port} <host>",
            )

    def _check_memory(self) -> None:
        self._memory_handle = None
        if self._pid is None or self._exited or self._end_reason is not None:
            return
        used = anonymous_memory(self._pid)
        cap = self.config.budget.max_memory
        if used is not None and used > cap:
            self.stop(
                f"memory over {cap // MB} MB",
                f"explainer: this session used more memory than the server allows ({cap // MB} MB) and was closed. "
                "Your progress is saved; connect again to go on.",
            )
            return
        self._memory_handle = asyncio.get_running_loop().call_later(
            self.config.budget.memory_check_seconds, self._check_memory
        )

    # The pty master: output to the client, input from it.

    def _start_reading(self) -> None:
        if self._master >= 0 and not self._reading and not self._output_paused and not self._output_closed.is_set():
            asyncio.get_running_loop().add_reader(self._master, self._read_output)
            self._reading = True

    def _stop_reading(self) -> None:
        if self._reading:
            asyncio.get_running_loop().remove_reader(self._master)
            self._reading = False

    def _read_output(self) -> None:
        try:
            data = os.read(self._master, READ_CHUNK)
        except BlockingIOError:
            return
        except OSError:
            data = b""  # EIO: every process on the terminal side has gone
        if not data:
            self._stop_reading()
            self._output_closed.set()
            return
        if self._chan is not None and not self._client_gone:
            with contextlib.suppress(OSError, asyncssh.Error):
                self._chan.write(data)

    def _write_input(self) -> None:
        if self._master < 0:
            return
        while self._input:
            try:
                written = os.write(self._master, self._input)
            except BlockingIOError:
                break
            except OSError:
                self._input.clear()
                break
            del self._input[:written]
        if not self._input and self._input_ended:
            self._input_ended = False
            plain.end_input(self._master)
        loop = asyncio.get_running_loop()
        if self._input and not self._input_blocked:
            self._input_blocked = True
            loop.add_writer(self._master, self._write_input)
            if self._chan is not None and self.plain:
                self._chan.pause_reading()
        elif not self._input and self._input_blocked:
            self._input_blocked = False
            loop.remove_writer(self._master)
            if self._chan is not None and not self._client_gone and self.plain:
                self._chan.resume_reading()

    def _close_master(self) -> None:
        if self._master < 0:
            return
        self._stop_reading()
        if self._input_blocked:
            asyncio.get_running_loop().remove_writer(self._master)
            self._input_blocked = False
        self._input.clear()
        os.close(self._master)
        self._master = -1

    # Idle: warn first, then end. Checked lazily, not re-armed on every key.

    def _note_input(self) -> None:
        loop = asyncio.get_running_loop()
        self._last_input = loop.time()
        if self._warned:
            self._warned = False
            self._signal_child(signal.SIGUSR2)
        if self._idle_handle is None and self.config.idle_timeout > 0 and self._pid is not None:
            self._idle_handle = loop.call_at(
                self._last_input + self.config.idle_timeout - self.config.idle_warning, self._check_idle
            )

    def _check_idle(self) -> None:
        self._idle_handle = None
        if self._end_reason is not None or self._pid is None or self._exited:
            return
        loop = asyncio.get_running_loop()
        timeout, warning = self.config.idle_timeout, self.config.idle_warning
        idle = loop.time() - self._last_input
        if idle >= timeout:
            self.stop(
                "idle",
                f"explainer: session closed after {_spoken(timeout)} without a key press. Your progress is saved.",
            )
            return
        if idle >= timeout - warning:
            if not self._warned and warning > 0:
                self._warned = True
                self._signal_child(signal.SIGUSR1)
            due = self._last_input + timeout
        else:
            due = self._last_input + timeout - warning
        self._idle_handle = loop.call_at(due, self._check_idle)


def anonymous_memory(pid: int) -> int | None:
    """Bytes of resident anonymous memory of `pid` (its heap and stacks; the pages it still shares with the
    fork server count too), or None if unknown. From /proc/PID/statm, a counter: reading smaps would walk
    the page tables and, fifty sessions every few seconds, slow every session's key echo several times over."""
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return None
    return (int(fields[1]) - int(fields[2])) * PAGE_SIZE


def _exit_status(returncode: int) -> str:
    """70 → 'exit 70'; -11 → 'signal SIGSEGV'."""
    if returncode < 0:
        try:
            return f"signal {signal.Signals(-returncode).name}"
        except ValueError:
            return f"signal {-returncode}"
    return f"exit {returncode}"


def _spoken(seconds: float) -> str:
    """900 → '15 minutes', 1 → '1 second'."""
    if seconds >= 120 and seconds % 60 == 0:
        amount, unit = int(seconds // 60), "minute"
    else:
        amount, unit = round(seconds), "second"
    return f"{amount} {unit}{'' if amount == 1 else 's'}"
