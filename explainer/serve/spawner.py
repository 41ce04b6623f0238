"""How the server gets a process for each session: it asks the fork server.

The fork server (`forkserver`) is started once, warm, with an allow-listed
environment and no terminal. `Spawner.spawn` hands it a pty's slave end and
gets back the pid of a new session leader on that terminal; `Spawner.wait`
says when (and how) that process ended. If the fork server dies it is started
again for the next session; sessions already running are watched through /proc.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
import socket
import sys
from pathlib import Path

from explainer.serve.terminal import base_environment

READY_SECONDS = 60.0
SPAWN_SECONDS = 15.0
POLL_SECONDS = 0.25

log = logging.getLogger("explainer.serve")


class SpawnError(Exception):
    """No session process could be made; the message is one line."""


class Spawner:
    """The server's handle on the fork server."""

    def __init__(
        self, content_dir: Path, data_dir: Path, idle_warning: int, warm: int = 0, max_sessions: int = 50
    ) -> None:
        self.content_dir, self.data_dir, self.idle_warning = content_dir, data_dir, idle_warning
        self.warm, self.max_sessions = warm, max_sessions  # sessions built ahead (serve/standby.py), at most
        self.process: asyncio.subprocess.Process | None = None
        self._channel: socket.socket | None = None
        self._ready: asyncio.Future[None] | None = None
        self._starting: asyncio.Lock | None = None
        self._ids = itertools.count(1)
        self._spawns: dict[int, asyncio.Future[int]] = {}
        self._waits: dict[int, asyncio.Future[int | None]] = {}
        self._ended: dict[int, int | None] = {}
        self._watched: set[int] = set()
        self._pollers: set[asyncio.Task[None]] = set()
        self._closing = False

    async def start(self) -> None:
        """Start the fork server and wait until it is warm; raise `SpawnError` if it cannot be."""
        if self._starting is None:
            self._starting = asyncio.Lock()
        async with self._starting:
            if self._channel is not None:
                return
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            try:
                self.process = await asyncio.create_subprocess_exec(
                    sys.executable, "-I", "-B", "-X", "utf8", "-m", "explainer.serve.forkserver",
                    f"--content={self.content_dir}", f"--data-dir={self.data_dir}",
                    f"--idle-warning={self.idle_warning}", f"--socket-fd={theirs.fileno()}",
                    f"--warm={self.warm}", f"--max-sessions={self.max_sessions}",
                    stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
                    env=base_environment(), cwd="/", start_new_session=True,
                    pass_fds=(theirs.fileno(),),
                )  # fmt: skip
            finally:
                theirs.close()
            ours.setblocking(False)
            self._channel = ours
            loop = asyncio.get_running_loop()
            self._ready = loop.create_future()
            loop.add_reader(ours.fileno(), self._receive)
            try:
                await asyncio.wait_for(asyncio.shield(self._ready), READY_SECONDS)
            except (asyncio.TimeoutError, SpawnError):
                self._lost()
                raise SpawnError("the session fork server did not start (see the lines above)") from None

    async def spawn(
        self,
        slave: int,
        user: str,
        env: dict[str, str],
        name: str = "",
        *,
        plain: bool = False,
        keyed: bool = False,
        role: str = "student",
        link: int = -1,
    ) -> int:
        """A new session process on the terminal `slave`, for `user` (shown as `name`; a key fingerprint if
        `keyed`), with exactly `env`; `plain`: `slave` is a socket, and the session is the line-based explainer
        (serve/plain.py); `link` (if given) is its socket to the class hub, `role` what it may do there."""
        if self._channel is None:
            await self.start()
        assert self._channel is not None
        request_id = next(self._ids)
        reply: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._spawns[request_id] = reply
        message = {
            "id": request_id,
            "user": user,
            "name": name,
            "keyed": keyed,
            "role": role,
            "env": env,
            "plain": plain,
        }
        encoded = json.dumps(message).encode()
        try:
            socket.send_fds(self._channel, [encoded], [slave] if link < 0 else [slave, link])
        except BlockingIOError:
            self._spawns.pop(request_id, None)
            raise SpawnError("the session fork server is too busy") from None
        except OSError as error:
            self._spawns.pop(request_id, None)
            self._lost()
            raise SpawnError(f"the session fork server has gone ({error.strerror or error})") from None
        try:
            pid = await asyncio.wait_for(reply, SPAWN_SECONDS)
        except asyncio.TimeoutError:
            raise SpawnError("the session fork server did not answer") from None
        finally:
            self._spawns.pop(request_id, None)
        return pid

    async def wait(self, pid: int) -> int | None:
        """How the session process `pid` ended: its exit code, minus the signal that killed it, or None if unknown."""
        if pid in self._ended:
            self._watched.discard(pid)
            return self._ended.pop(pid)
        waiter = self._waits.get(pid)
        if waiter is None:
            waiter = self._waits[pid] = asyncio.get_running_loop().create_future()
        try:
            return await waiter
        finally:
            self._waits.pop(pid, None)
            self._watched.discard(pid)

    async def close(self) -> None:
        """Stop the fork server (sessions still running are not its to end)."""
        self._closing = True
        self._lost()
        process = self.process
        if process is not None and process.returncode is None:
            try:
                await asyncio.wait_for(process.wait(), 5)
            except asyncio.TimeoutError:
                process.kill()
                await process.wait()
        for poller in list(self._pollers):
            poller.cancel()

    # Messages from the fork server.

    def _receive(self) -> None:
        channel = self._channel
        while channel is not None:
            try:
                data = channel.recv(65536)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                self._lost()
                return
            self._handle(json.loads(data))

    def _handle(self, message: dict) -> None:
        if message.get("ready") and self._ready is not None and not self._ready.done():
            self._ready.set_result(None)
        elif "exited" in message:
            self._ended_with(int(message["exited"]), int(message["code"]))
        elif "id" in message:
            reply = self._spawns.get(message["id"])
            if reply is not None and not reply.done():
                if "pid" in message:
                    self._watched.add(int(message["pid"]))  # before its exit, which may be in this same read
                    reply.set_result(int(message["pid"]))
                else:
                    reply.set_exception(
                        SpawnError(f"could not start a session: {message.get('error', 'unknown error')}")
                    )

    def _ended_with(self, pid: int, code: int | None) -> None:
        waiter = self._waits.get(pid)
        if waiter is not None:
            if not waiter.done():
                waiter.set_result(code)
        elif pid in self._watched:
            self._ended[pid] = code

    def _lost(self) -> None:
        """The fork server is gone (or being stopped): fail what waits on it, watch its orphans through /proc."""
        channel, self._channel = self._channel, None
        if channel is not None:
            asyncio.get_running_loop().remove_reader(channel.fileno())
            channel.close()
            if not self._closing and self._ready is not None and self._ready.done():
                log.warning(
                    "forkserver stopped (%d session(s) running go on); a new one starts with the next session",
                    len(self._watched),
                )
        if self._ready is not None and not self._ready.done():
            self._ready.set_exception(SpawnError("the session fork server stopped"))
            self._ready.exception()  # retrieved: nobody else may be waiting
        for reply in self._spawns.values():
            if not reply.done():
                reply.set_exception(SpawnError("the session fork server stopped"))
        for pid in list(self._watched):
            if pid not in self._ended:
                self._poll(pid)

    def _poll(self, pid: int) -> None:
        async def poll() -> None:
            while _running(pid):
                await asyncio.sleep(POLL_SECONDS)
            self._ended_with(pid, None)

        task = asyncio.get_running_loop().create_task(poll())
        self._pollers.add(task)
        task.add_done_callback(self._pollers.discard)


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's reaper may be slow or absent)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")
