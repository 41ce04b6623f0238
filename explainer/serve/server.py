"""`explainer serve`: an SSH server that gives each connection its own explainer and nothing else.

Every connection is counted against the opening limits from its first byte
(per address, in total, a rate per address) and must finish its key exchange
within `BANNER_SECONDS` and log in within the login timeout; once
authenticated it is counted against the session limits, may open one terminal
session (see `session`), and is refused everything else: no exec, no subsystem
(SFTP, SCP), no agent, X11, TCP, socket or tunnel forwarding. Each connect,
refusal and disconnect is one log line (`eventlog`: refusals rate-limited per
address).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import resource
import signal
import socket
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

import asyncssh

from explainer.classroom.hub import ClassHub, Role
from explainer.classroom.link import local_socket
from explainer.serve.auth import AuthorizedKeys, AuthorizedKeysError
from explainer.serve.eventlog import EventLog, log_to_stderr
from explainer.serve.hostkey import (
    HostKeyError,
    default_host_key_path,
    fingerprint,
    load_or_create_host_key,
    loose_permissions,
)
from explainer.serve.limits import MB, OpeningLimits, SessionBudget, SessionLimits
from explainer.serve.log_lines import printable
from explainer.serve.session import ExplainerSession, SessionConfig
from explainer.serve.spawner import Spawner, SpawnError
from explainer.serve.startup import ClassServerOptions, StartError, listen_problem, pack_problem

KEEPALIVE_SECONDS, KEEPALIVE_MISSES = 10, 3  # a silently vanished client is noticed within ~30 s
BANNER_SECONDS = 10.0  # from the TCP connection to the end of key exchange (OpenSSH clients need well under 1 s)
CHANNEL_CLOSE_SECONDS = 5.0  # how long a client may take to close its side after the session ends
SHUTDOWN_MESSAGE = "explainer: the server is shutting down. Your progress is saved."
LOCK_NAME = "serve.lock"
ROOT_WARNING = (
    "explainer: warning: running as root. Serve as an unprivileged user: README, 'Serve a class' → "
    "'Running it for real' has a systemd unit (explainer.service) that does."
)

log = logging.getLogger("explainer.serve")


class ServeError(StartError):
    """`explainer serve` cannot start."""


@dataclass(frozen=True)
class ServeOptions(ClassServerOptions):
    """Everything `explainer serve` is told on the command line: the shared options, and SSH's own."""

    port: int = 2222
    host_key: Path | None = None
    login_timeout: float = 30.0
    max_session_memory: int = 150  # MB
    warm: int = 0  # sessions built ahead of their students (serve/standby.py)
    authorized_keys: Path | None = None
    teachers: Path | None = None

    @property
    def host_key_path(self) -> Path:
        return self.host_key or default_host_key_path(self.data_dir)


def run_server(options: ServeOptions, out: TextIO = sys.stdout) -> int:
    """Serve until SIGTERM or Ctrl+C; raise `ServeError` if the server cannot start."""
    _configure_logging()
    _raise_file_limit()
    os.umask(0o077)  # the host key, progress files and everything else the server or a session writes: 0600/0700
    # Sessions run in "/", so every path they are given must be absolute.
    options = replace(
        options,
        content_dir=options.content_dir.resolve(),
        data_dir=options.data_dir.resolve(),
        host_key=options.host_key_path.resolve(),
        authorized_keys=options.authorized_keys and options.authorized_keys.resolve(),
        teachers=options.teachers and options.teachers.resolve(),
    )
    lock = _lock_data_dir(options.data_dir)  # held until the server exits
    pack_title, problem = pack_problem(options.content_dir)
    if problem:
        raise ServeError(problem)
    authorized = _read_authorized_keys(options)
    try:
        key, created = load_or_create_host_key(options.host_key_path)
    except HostKeyError as error:
        raise ServeError(str(error)) from None
    if not created and loose_permissions(options.host_key_path):
        print(
            (
                f"explainer: warning: host key {options.host_key_path} is readable by others; run: chmod 600 "
                f"{options.host_key_path}"
            ),
            file=sys.stderr,
        )
    classroom = Classroom(options, authorized, _read_teachers(options))
    try:
        return asyncio.run(_serve(classroom, key, created, pack_title, out))
    finally:
        lock.close()


async def _serve(classroom: Classroom, key: asyncssh.SSHKey, created: bool, pack_title: str, out: TextIO) -> int:
    options = classroom.options
    try:
        acceptor = await asyncssh.listen(
            options.host,
            options.port,
            server_factory=classroom.new_connection,
            server_host_keys=[key],
            config=None,
            login_timeout=options.login_timeout,
            keepalive_interval=KEEPALIVE_SECONDS,
            keepalive_count_max=KEEPALIVE_MISSES,
            encoding=None,
            line_editor=False,
            agent_forwarding=False,
            x11_forwarding=False,
            allow_scp=False,
            sftp_factory=None,
            password_auth=False,
            kbdint_auth=classroom.teachers is not None and classroom.authorized is None,  # see get_kbdint_challenge
            host_based_auth=False,
            gss_auth=False,
            gss_kex=False,
            rdns_lookup=False,
            reuse_address=True,
        )
    except OSError as error:
        raise ServeError(
            listen_problem(
                options.host,
                options.port,
                error,
                command="explainer serve",
                low_ports="serve on 2222 and map 22 to it",
            )
        ) from None
    try:
        await classroom.spawner.start()
    except SpawnError as error:
        acceptor.close()
        raise ServeError(str(error)) from None

    problem = await classroom.hub.listen_locally(local_socket(options.data_dir))
    if problem:
        print(f"explainer: warning: {problem}", file=sys.stderr)

    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)

    where = socket.gethostname() if options.host in ("0.0.0.0", "::", "") else options.host
    print(f'explainer: serving "{pack_title}" on {options.host}:{options.port} — {classroom.describe()}', file=out)
    print(
        (
            f"explainer: host key {fingerprint(key)} ({key.get_algorithm()}){' (new)' if created else ''} in "
            f"{options.host_key_path}"
        ),
        file=out,
    )
    print(f"explainer: students connect with: ssh -p {options.port} {where}", file=out, flush=True)
    if os.geteuid() == 0:  # said once it is up, so that a problem starting stays one line
        print(ROOT_WARNING, file=sys.stderr, flush=True)

    await stopping.wait()
    log.info("shutdown   %d session(s) open", len(classroom.connections))
    acceptor.close()
    await classroom.shutdown()
    return 0


def _lock_data_dir(data_dir: Path) -> TextIO:
    """Make the data dir (0700) and hold its lock: a second server on the same progress files refuses to start."""
    path = data_dir / LOCK_NAME
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        lock = open(path, "a+")  # noqa: SIM115 - held open (and locked) for the server's life
    except OSError as error:
        raise ServeError(f"cannot use the data dir {data_dir}: {error.strerror or error}") from None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.seek(0)
        holder = lock.read().strip() or "?"
        lock.close()
        raise ServeError(
            f"another 'explainer serve' (pid {holder}) is using the data dir {data_dir}; "
            "stop it or choose another --data-dir"
        ) from None
    lock.seek(0)
    lock.truncate()
    lock.write(f"{os.getpid()}\n")
    lock.flush()
    return lock


def _read_authorized_keys(options: ServeOptions) -> AuthorizedKeys | None:
    if options.auth == "none":
        return None
    if options.authorized_keys is None:
        raise ServeError("--auth keys needs --authorized-keys FILE (one public key per student, OpenSSH format)")
    try:
        return AuthorizedKeys.read(options.authorized_keys)
    except AuthorizedKeysError as error:
        raise ServeError(str(error)) from None


def _read_teachers(options: ServeOptions) -> AuthorizedKeys | None:
    """The teachers' keys: a connection signed by one of them gets the class view."""
    if options.teachers is None:
        return None
    try:
        return AuthorizedKeys.read(options.teachers)
    except AuthorizedKeysError as error:
        raise ServeError(f"--teachers: {error}") from None


def _raise_file_limit() -> None:
    """Each session holds a socket and a pty: allow as many descriptors as the system lets us."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _configure_logging() -> None:
    log_to_stderr(log)
    logging.getLogger("asyncssh").setLevel(logging.ERROR)


@dataclass
class Classroom:
    """What every connection of one server shares: options, keys, limits, and who is connected."""

    options: ServeOptions
    authorized: AuthorizedKeys | None
    teachers: AuthorizedKeys | None = None
    limits: SessionLimits = field(init=False)
    opening_limits: OpeningLimits = field(init=False)
    events: EventLog = field(init=False)
    session_config: SessionConfig = field(init=False)
    spawner: Spawner = field(init=False)
    hub: ClassHub = field(default_factory=ClassHub, init=False)
    connections: set[ClassroomConnection] = field(default_factory=set, init=False)
    shutting_down: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        options = self.options
        self.limits = SessionLimits(options.max_sessions, options.max_per_address)
        self.opening_limits = OpeningLimits.for_class(options.max_sessions, options.max_per_address)
        self.events = EventLog(log)
        self.session_config = SessionConfig(
            options.content_dir,
            options.data_dir,
            options.port,
            options.idle_timeout,
            options.stop_grace,
            options.login_timeout,
            budget=SessionBudget(max_memory=options.max_session_memory * MB),
        )
        self.spawner = Spawner(
            options.content_dir,
            options.data_dir,
            round(self.session_config.idle_warning),
            warm=options.warm,
            max_sessions=options.max_sessions,
        )

    def new_connection(self) -> ClassroomConnection:
        return ClassroomConnection(self)

    def describe(self) -> str:
        options = self.options
        auth = f"auth: keys ({len(self.authorized)} listed)" if self.authorized else "auth: none (anyone may enter)"
        if self.teachers:
            auth += f", {len(self.teachers)} teacher key{'' if len(self.teachers) == 1 else 's'}"
        idle = f"idle timeout {options.idle_timeout:g}s" if options.idle_timeout > 0 else "no idle timeout"
        return f"{auth}, at most {options.max_sessions} sessions, {options.max_per_address} per address, {idle}"

    async def shutdown(self) -> None:
        """Tell every session, end its explainer, close every connection."""
        self.shutting_down = True
        sessions = [c.session for c in self.connections if c.session is not None]
        for session in sessions:
            session.stop("server shutdown", SHUTDOWN_MESSAGE)
        tasks = [s.task for s in sessions if s.task is not None]
        if tasks:
            await asyncio.wait(tasks, timeout=self.options.stop_grace + 2)
        # Closing a connection drops what is still queued on it: let the farewells arrive first.
        closing = [asyncio.ensure_future(s.wait_closed()) for s in sessions]
        if closing:
            await asyncio.wait(closing, timeout=2)
        for connection in list(self.connections):
            connection.close()
        await self.spawner.close()
        self.events.flush()
        self.hub.close()
        await asyncio.sleep(0.1)  # let the disconnects reach the wire


class ClassroomConnection(asyncssh.SSHServer):
    """One client connection: admitted or refused, authenticated, allowed one explainer and nothing else."""

    def __init__(self, classroom: Classroom) -> None:
        self.classroom = classroom
        self.conn: asyncssh.SSHServerConnection | None = None
        self.address = "?"
        self.user = ""
        self.identity = ""
        self.admitted = False
        self.opening = False
        self.session: ExplainerSession | None = None
        self._offered_key: str | None = None
        self._teacher_key = False  # the offered key is a teacher's
        self.role: Role = "student"
        self._key_refused = False
        self._no_session_timer: asyncio.TimerHandle | None = None
        self._banner_timer: asyncio.TimerHandle | None = None
        self._closing: asyncio.Task[None] | None = None

    # The connection and who is on it.

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername")
        self.address = str(peer[0]) if peer else "?"
        self.classroom.connections.add(self)
        loop = asyncio.get_running_loop()
        # Until it has logged in a connection holds a descriptor and a place: bound them per address.
        dropped = self.classroom.opening_limits.open(self.address, loop.time())
        if dropped is not None:
            self._refused(dropped)
            loop.call_soon(conn.abort)
            return
        self.opening = True
        self._banner_timer = loop.call_later(BANNER_SECONDS, self._no_banner)

    def begin_auth(self, username: str) -> bool:
        self.user = printable(username)
        if self._banner_timer is not None:
            self._banner_timer.cancel()
            self._banner_timer = None
        if self.classroom.shutting_down:
            raise asyncssh.DisconnectError(asyncssh.DISC_BY_APPLICATION, "The server is shutting down.")
        return self._keys_asked()  # False: no authentication, anyone enters

    def _keys_asked(self) -> bool:
        """Keys are asked for when students need one, or when a teacher might offer one."""
        return self.classroom.authorized is not None or self.classroom.teachers is not None

    def _no_banner(self) -> None:
        self._banner_timer = None
        self._refused(f"no key exchange within {BANNER_SECONDS:g}s")
        if self.conn is not None:
            self.conn.abort()

    def _stop_opening(self) -> None:
        if self.opening:
            self.opening = False
            self.classroom.opening_limits.close(self.address)

    def public_key_auth_supported(self) -> bool:
        return self._keys_asked()

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        # Called for each key offered and again for the one signed: the last call is the key that logged in.
        teachers, authorized = self.classroom.teachers, self.classroom.authorized
        self._teacher_key = teachers is not None and teachers.allows(key)
        if self._teacher_key or (authorized is not None and authorized.allows(key)):
            self._offered_key = key.get_fingerprint("sha256")
            return True
        self._offered_key = None
        self._key_refused = self.classroom.authorized is not None
        return False

    def kbdint_auth_supported(self) -> bool:
        # Teachers' keys are asked for even with --auth none: everyone else comes in this way, with no prompt.
        return self.classroom.authorized is None

    def get_kbdint_challenge(self, username: str, lang: str, submethods: str) -> bool:
        self._offered_key, self._teacher_key = None, False  # no key logged in on this way
        return self.classroom.authorized is None

    def auth_completed(self) -> None:
        # Counted against the session limits only now: a client stalled in key authentication holds an opening
        # place of its own address, never a session place of the class.
        self._stop_opening()
        refusal = self.classroom.limits.admit(self.address)
        if refusal is not None:
            self._refused(refusal.reason)
            if self.conn is not None:
                self.conn.disconnect(asyncssh.DISC_TOO_MANY_CONNECTIONS, refusal.message)
            return
        self.admitted = True
        # With keys, progress follows the key (the last one validated is the one whose signature was checked).
        if self._offered_key and self._teacher_key:
            self.role = "teacher"
        self.identity = (
            self._offered_key
            if self._offered_key and (self._teacher_key or self.classroom.authorized)
            else self.user or "student"
        )
        if self.classroom.options.login_timeout > 0:
            loop = asyncio.get_running_loop()
            self._no_session_timer = loop.call_later(self.classroom.options.login_timeout, self._no_session)

    def connection_lost(self, exc: Exception | None) -> None:
        for timer in (self._no_session_timer, self._banner_timer):
            if timer is not None:
                timer.cancel()
        if self.opening and self._key_refused:
            self._refused("key not authorized")
        self._stop_opening()
        if self.admitted:
            self.classroom.limits.release(self.address)
            self.admitted = False
        self.classroom.connections.discard(self)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()

    # The one thing allowed: a session.

    def session_requested(self) -> ExplainerSession | bool:
        if not self.admitted:
            return False  # refused at auth_completed; its disconnect is on the way
        if self.session is not None:
            self._refused("second session on one connection")
            return False
        if self._no_session_timer is not None:
            self._no_session_timer.cancel()
        self.session = ExplainerSession(
            self.classroom.session_config,
            self.identity,
            self,
            self.classroom.spawner,
            self._display_name(),
            keyed=self.classroom.authorized is not None,
            role=self.role,
        )
        return self.session

    async def open_class_link(self, session: ExplainerSession) -> int:
        """The session's end of its link to the class hub, as the role this connection logged in with."""
        who = self._who()
        name = str(who.get("name") or who.get("user") or "student")
        return await self.classroom.hub.open_link(self.role, name, lambda: session.idle_seconds)

    def _display_name(self) -> str:
        """With keys, `explainer scores` shows the key's comment by its fingerprint; progress still follows the key."""
        who = self._who()
        if who.get("key") and who.get("name"):
            return f"{who['name']} ({str(who['key'])[:15]})"  # enough of the fingerprint to tell two keys apart
        return ""

    def _no_session(self) -> None:
        if self.session is None:
            self._refused("no session opened")
            self.close()

    # Everything else is refused.

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str, orig_port: int) -> bool:
        self._refused(f"local forwarding to {printable(dest_host)}:{dest_port}")
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        self._refused(f"remote forwarding from {printable(listen_host)}:{listen_port}")
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        self._refused("socket forwarding")
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        self._refused("remote socket forwarding")
        return False

    def tun_requested(self, unit: int | None) -> bool:
        self._refused("tunnel")
        return False

    def tap_requested(self, unit: int | None) -> bool:
        self._refused("tunnel")
        return False

    # What the session reports (SessionHost).

    def session_began(self, session: ExplainerSession) -> None:
        terminal = session.terminal
        self.classroom.events.event(
            "connect",
            self.address,
            **self._who(),
            term=terminal and terminal.term,
            size=terminal and terminal.size,
            pid=session.pid,
        )

    def session_refused(self, session: ExplainerSession, reason: str) -> None:
        self._refused(reason)
        self._close_soon(session)

    def session_ended(self, session: ExplainerSession, reason: str) -> None:
        terminal = session.terminal
        self.classroom.events.event(
            "disconnect", self.address, **self._who(),
            term=terminal and terminal.term, size=terminal and terminal.size,
            duration=f"{session.duration:.0f}s", reason=reason, **session.dropped(),
        )  # fmt: skip
        self._close_soon(session)

    def request_refused(self, session: ExplainerSession, reason: str) -> None:
        self._refused(reason)

    def _close_soon(self, session: ExplainerSession) -> None:
        """One session per connection: once its channel has closed (all delivered), so does the connection."""

        async def close_after_channel() -> None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(session.wait_closed(), CHANNEL_CLOSE_SECONDS)
            self.close()

        self._closing = asyncio.get_running_loop().create_task(close_after_channel())

    def _refused(self, reason: str) -> None:
        self.classroom.events.limited("refuse", self.address, **self._who(), reason=reason)

    def _who(self) -> dict[str, str | None]:
        who: dict[str, str | None] = {"user": self.user or None}
        if self._offered_key and self.identity:
            keys = self.classroom.teachers if self.role == "teacher" else self.classroom.authorized
            who["key"] = self._offered_key
            who["name"] = (keys.comments.get(self._offered_key) if keys else None) or None
        if self.role == "teacher":
            who["role"] = "teacher"
        return who
