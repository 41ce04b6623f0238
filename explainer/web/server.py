"""`explainer web`: the explainer in a browser, one process per tab, with `serve`'s limits.

Built on textual-serve (Textualize's server for Textual apps): each browser tab
opens a websocket, and the app runs for it in a process of its own through
Textual's web driver. Around that, this module adds what a class needs: a
sign-in page (who the student is, see `signin`; wrong passwords throttled per
address, see `throttle`), sessions counted in total and per address before any
process starts, an idle timeout with a warning first,
an allow-listed environment for every process, and one log line per sign-in,
connect, refusal and disconnect.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import secrets
import shlex
import signal
import socket
import sys
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from explainer.serve.eventlog import EventLog, log_to_stderr
from explainer.serve.limits import SessionLimits
from explainer.serve.log_lines import printable
from explainer.serve.startup import ClassServerOptions, StartError, listen_problem, pack_problem
from explainer.serve.terminal import MAX_COLUMNS, MAX_ROWS, base_environment
from explainer.web.signin import Passwords, PasswordsError, clean_name, notice_page, sign_in_page
from explainer.web.throttle import KNOWN_COOKIE, KnownBrowsers, SignInThrottle, seconds_to_say

COOKIE = "explainer_session"
HEARTBEAT_SECONDS = 15.0  # a closed laptop's websocket is noticed within about this long
# What Textual's web driver needs from textual-serve's environment; nothing else of the server's passes.
DRIVER_VARIABLES = ("TEXTUAL_DRIVER", "TEXTUAL_FPS", "TEXTUAL_COLOR_SYSTEM", "TERM_PROGRAM", "TERM_PROGRAM_VERSION")

THIRD_PARTY_FONT = re.compile(r'<link\s+rel="stylesheet"\s+href="https://fonts\.googleapis\.com/[^"]*"\s*/>\s*')

log = logging.getLogger("explainer.web")


@dataclass(frozen=True)
class WebOptions(ClassServerOptions):
    """Everything `explainer web` is told on the command line: the shared options, and the browser's own."""

    port: int = 8000
    passwords: Path | None = None
    behind_proxy: bool = False  # the client's address and scheme come from X-Forwarded-For / -Proto


@dataclass(frozen=True)
class Student:
    """Who signed in: the identity progress is kept under, and the name they typed."""

    identity: str
    signed_in: float = field(default_factory=time.time)


def run_web(options: WebOptions, out: TextIO = sys.stdout) -> int:
    """Serve until SIGTERM or Ctrl+C; raise `StartError` if the server cannot start."""
    options = replace(options, content_dir=options.content_dir.resolve(), data_dir=options.data_dir.resolve())
    title, problem = pack_problem(options.content_dir)
    if problem:
        raise StartError(problem)
    passwords = _read_passwords(options)
    classroom = WebClassroom(options, title, passwords, out)
    try:
        classroom.serve()
    except OSError as error:
        raise StartError(
            listen_problem(
                options.host,
                options.port,
                error,
                command="explainer web",
                low_ports="put a reverse proxy in front",
            )
        ) from None
    return 0


def _read_passwords(options: WebOptions) -> Passwords | None:
    if options.auth == "none":
        return None
    if options.passwords is None:
        raise StartError(f"--auth {options.auth} needs --passwords FILE")
    try:
        return Passwords.read(options.passwords, per_student=options.auth == "passwords")
    except PasswordsError as error:
        raise StartError(str(error)) from None


class ExplainerService(AppService):
    """One tab's explainer process: textual-serve's, with an environment built from an allow-list."""

    def __init__(self, *args: Any, session_env: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session_env = session_env
        self.exited = False  # the student quit (the app said so), rather than closing the tab
        self.painted = asyncio.Event()  # the app's first output has arrived: it is up, its signal handlers too

    async def on_data(self, payload: bytes) -> None:
        self.painted.set()
        await super().on_data(payload)

    async def on_meta(self, data: bytes) -> None:
        if json.loads(data).get("type") == "exit":
            self.exited = True
        await super().on_meta(data)

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        driver = super()._build_environment(width, height)
        env = {name: driver[name] for name in DRIVER_VARIABLES if name in driver}
        env.update(base_environment(), COLUMNS=str(width), ROWS=str(height), **self.session_env)
        return env

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None


class WebClassroom(Server):
    """textual-serve's server, with sign-in, limits, idle timeout and the class's log lines."""

    def __init__(self, options: WebOptions, title: str, passwords: Passwords | None, out: TextIO) -> None:
        python = shlex.quote(sys.executable)
        super().__init__(f"exec {python} -I -B -m explainer.web.child", options.host, options.port, title=title)
        self.options, self.passwords, self.out = options, passwords, out
        self.limits = SessionLimits(options.max_sessions, options.max_per_address)
        self.throttle = SignInThrottle.for_class(options.max_per_address)
        self.name_throttle = SignInThrottle.for_names()  # --auth passwords: one student's name, from new browsers
        self.known = KnownBrowsers()
        self.events = EventLog(log)  # refusals a client can cause at will are rate-limited per address
        self.students: OrderedDict[str, Student] = OrderedDict()  # sign-in token -> who
        self.sockets: set[web.WebSocketResponse] = set()

    # Start and stop.

    def initialize_logging(self) -> None:
        log_to_stderr(log)

    async def _make_app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024)
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_sign_in_page, name="sign_in_page"),
                web.post("/sign-in", self.handle_sign_in, name="sign_in"),
                web.get("/explainer", self.handle_explainer, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_shutdown.append(self.on_shutdown)
        return app

    def serve(self, debug: bool = False) -> None:
        """textual-serve's `serve`, but the banner comes once the port is listening (run_app's `print`)."""
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            access_log=None,
            print=lambda _: self._banner(),
        )

    def _banner(self) -> None:
        options = self.options
        where = socket.gethostname() if options.host in ("0.0.0.0", "::", "") else options.host
        listening = f"http://{options.host}:{options.port}/"
        print(f'explainer: serving "{self.title}" to browsers on {listening} — {self.describe()}', file=self.out)
        print(f"explainer: students open: http://{where}:{options.port}/", file=self.out, flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        self.events.flush()
        log.info("shutdown   %d session(s) open", len(self.sockets))
        for websocket in list(self.sockets):
            await websocket.close(message=b"server shutdown")

    def describe(self) -> str:
        options = self.options
        auth = {
            "none": "auth: none (anyone may enter; progress per name typed)",
            "password": "auth: class password",
            "passwords": f"auth: passwords ({len(self.passwords or ())} students listed)",
        }[options.auth]
        idle = f"idle timeout {options.idle_timeout:g}s" if options.idle_timeout > 0 else "no idle timeout"
        return f"{auth}, at most {options.max_sessions} sessions, {options.max_per_address} per address, {idle}"

    # Who the client is.

    def address(self, request: web.Request) -> str:
        """The student's address: behind a reverse proxy, the one it saw (the last X-Forwarded-For entry)."""
        if self.options.behind_proxy and (forwarded := request.headers.get("X-Forwarded-For")):
            return printable(forwarded.split(",")[-1].strip()) or "?"
        return request.remote or "?"

    def _secure(self, request: web.Request) -> bool:
        if self.options.behind_proxy:
            return request.headers.get("X-Forwarded-Proto", "").lower() == "https"
        return request.secure

    def student(self, request: web.Request) -> Student | None:
        return self.students.get(request.cookies.get(COOKIE, ""))

    # Pages.

    async def handle_sign_in_page(self, request: web.Request) -> web.StreamResponse:
        if self.student(request) is not None:
            raise web.HTTPSeeOther("explainer")
        return _html(sign_in_page(self.title, self.options.auth))

    def _guarded_name(self, request: web.Request, typed: str) -> str | None:
        """The listed student a sign-in names, if its browser has not signed in as them before: such tries have
        that name's own, slower count (web/throttle.py), so no student can lock another out."""
        listed = self.passwords.listed(typed) if self.passwords is not None else None
        if listed is None or self.known.knows(request.cookies.get(KNOWN_COOKIE, ""), listed):
            return None
        return listed

    async def handle_sign_in(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        typed = clean_name(str(form.get("name", "")))
        address = self.address(request)
        if not typed:
            return _html(sign_in_page(self.title, self.options.auth, "Please type your name."), status=400)
        identity = typed
        if self.passwords is not None:
            wait = self.throttle.wait(address, time.monotonic())
            if wait > 0:  # not even read: the right password too waits its turn
                seconds = seconds_to_say(wait)
                self.events.limited("refuse", address, user=typed, reason="too many wrong sign-ins", wait=f"{seconds}s")
                problem = f"Too many wrong sign-ins from your address. Please wait {seconds} seconds and try again."
                page = sign_in_page(self.title, self.options.auth, problem, typed)
                return _html(page, status=429, headers={"Retry-After": str(seconds)})
            guarded = self._guarded_name(request, typed)
            wait = self.name_throttle.wait(guarded, time.monotonic()) if guarded is not None else 0.0
            if wait > 0:
                seconds = seconds_to_say(wait)
                self.events.limited("refuse", address, user=typed, reason="too many wrong sign-ins for this name")
                problem = (
                    f"Too many wrong sign-ins for this name from browsers it has not used. Please wait {seconds} "
                    "seconds and try again, or sign in from a browser you have used before."
                )
                page = sign_in_page(self.title, self.options.auth, problem, typed)
                return _html(page, status=429, headers={"Retry-After": str(seconds)})
            checked = self.passwords.identity(typed, str(form.get("password", "")))
            if checked is None:
                self.events.limited("refuse", address, user=typed, reason="wrong name or password")
                if self.throttle.wrong(address, time.monotonic()):
                    wait = seconds_to_say(self.throttle.wait(address, time.monotonic()))
                    self.events.event("throttle", address, reason="too many wrong sign-ins", wait=f"{wait}s")
                if guarded is not None and self.name_throttle.wrong(guarded, time.monotonic()):
                    wait = seconds_to_say(self.name_throttle.wait(guarded, time.monotonic()))
                    self.events.event(
                        "throttle", address, user=guarded, reason="too many wrong sign-ins", wait=f"{wait}s"
                    )
                problem = "That name and password do not match." if self.passwords.per_student else "Wrong password."
                return _html(sign_in_page(self.title, self.options.auth, problem, typed), status=403)
            identity = checked
        token = secrets.token_urlsafe(32)
        self.students[token] = Student(identity)
        while len(self.students) > 10 * self.options.max_sessions + 1000:
            self.students.popitem(last=False)  # the oldest sign-ins go first: memory stays bounded
        self.events.event("sign-in", address, user=identity)
        response = web.HTTPSeeOther("explainer")
        response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", secure=self._secure(request))
        if self.passwords is not None and self.passwords.per_student:
            known = self.known.remember(request.cookies.get(KNOWN_COOKIE, ""), identity)
            response.set_cookie(
                KNOWN_COOKIE,
                known,
                max_age=365 * 24 * 3600,
                httponly=True,
                samesite="Strict",
                secure=self._secure(request),
            )
        raise response

    async def handle_explainer(self, request: web.Request) -> web.StreamResponse:
        """textual-serve's page for the app, once the student has signed in and there is room."""
        if self.student(request) is None:
            raise web.HTTPSeeOther("./")
        address = self.address(request)
        refusal = self.limits.admit(address)  # asked now, to say why on a page; counted for real at the websocket
        if refusal is not None:
            return _html(notice_page(self.title, refusal.message), status=503)
        self.limits.release(address)
        scheme = "https" if self._secure(request) else "http"
        host = request.headers.get("X-Forwarded-Host", request.host) if self.options.behind_proxy else request.host
        base = f"{scheme}://{host}"
        context = {
            "font_size": 16,
            "app_websocket_url": f"{'wss' if scheme == 'https' else 'ws'}://{host}/ws",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }
        page = aiohttp_jinja2.render_template("app_index.html", request, context)
        # textual-serve 1.1's page asks Google for a web font: a student's browser contacts no one but this server
        # (the terminal falls back to the browser's own monospace font). tests/test_web.py notices if it changes.
        page.text = THIRD_PARTY_FONT.sub("", page.text or "")
        return page

    # One tab's session.

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT_SECONDS, max_msg_size=64 * 1024)
        await websocket.prepare(request)
        address, student = self.address(request), self.student(request)
        if student is None:
            self.events.limited("refuse", address, reason="not signed in")
            await _tell_and_close(websocket, "Please sign in first: reload the page.")
            return websocket
        refusal = self.limits.admit(address)
        if refusal is not None:
            self.events.limited("refuse", address, user=student.identity, reason=refusal.reason)
            await _tell_and_close(websocket, refusal.message)
            return websocket
        try:
            await self._run_session(websocket, request, address, student)
        finally:
            self.limits.release(address)
        return websocket

    async def _run_session(
        self, websocket: web.WebSocketResponse, request: web.Request, address: str, student: Student
    ) -> None:
        width = _bounded(request.query.get("width", ""), 80, MAX_COLUMNS)
        height = _bounded(request.query.get("height", ""), 24, MAX_ROWS)
        service = ExplainerService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            session_env=self._session_env(student),
        )
        started = time.monotonic()
        self.sockets.add(websocket)
        idle = IdleWatch(self.options, websocket)
        reason = "closed"
        try:
            await service.start(width, height)
            self.events.event("connect", address, user=student.identity, size=f"{width}x{height}", pid=service.pid)
            idle.start(service)
            reason = await self._relay(websocket, service, idle)
        except asyncio.CancelledError:
            reason = "server shutdown"
        finally:
            idle.stop()
            self.sockets.discard(websocket)
            await _stop(service, self.options.stop_grace)
            if not websocket.closed:
                await websocket.close()
            duration = f"{time.monotonic() - started:.0f}s"
            self.events.event("disconnect", address, user=student.identity, duration=duration, reason=reason)

    def _session_env(self, student: Student) -> dict[str, str]:
        """What the tab's process is told: the pack, the data dir, who, and the idle warning (web/child.py)."""
        return {
            "EXPLAINER_WEB_CONTENT": str(self.options.content_dir),
            "EXPLAINER_WEB_DATA_DIR": str(self.options.data_dir),
            "EXPLAINER_WEB_USER": student.identity,
            "EXPLAINER_WEB_IDLE_WARNING": str(round(self.options.idle_warning)),
        }

    async def _relay(self, websocket: web.WebSocketResponse, service: ExplainerService, idle: IdleWatch) -> str:
        """The browser's keys and sizes to the process until the tab goes; why it went."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, data = message.json()
            except (ValueError, TypeError):
                continue  # not textual-serve's protocol: ignored, like any stray input
            if kind == "stdin" and isinstance(data, str):
                idle.touch()
                await service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                idle.touch()
                width = _bounded(str(data.get("width", "")), 80, MAX_COLUMNS)
                height = _bounded(str(data.get("height", "")), 24, MAX_ROWS)
                await service.set_terminal_size(width, height)
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()
        if idle.expired:
            return "idle"
        return "quit" if service.exited else "closed"


class IdleWatch:
    """Warns the tab's explainer (SIGUSR1, as `serve` does) and then closes the tab, once idle."""

    def __init__(self, options: WebOptions, websocket: web.WebSocketResponse) -> None:
        self.timeout, self.warning = options.idle_timeout, options.idle_warning
        self.websocket = websocket
        self.last = time.monotonic()
        self.expired = False
        self._warned = False
        self._pid: int | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self, service: ExplainerService) -> None:
        self._pid = service.pid
        if self.timeout > 0:
            self._task = asyncio.get_running_loop().create_task(self._watch(service.painted))

    def touch(self) -> None:
        self.last = time.monotonic()
        if self._warned:
            self._warned = False
            self._signal(signal.SIGUSR2)

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _watch(self, painted: asyncio.Event) -> None:
        await painted.wait()  # the clock starts once the app is up (a cold start may take seconds)
        self.last = time.monotonic()
        while True:
            idle = time.monotonic() - self.last
            if idle >= self.timeout:
                self.expired = True
                await self.websocket.close(message=b"idle")
                return
            if idle >= self.timeout - self.warning and not self._warned and self.warning > 0:
                self._warned = True
                self._signal(signal.SIGUSR1)
            due = self.timeout - self.warning if not self._warned and self.warning > 0 else self.timeout
            await asyncio.sleep(max(due - idle, 0.05))

    def _signal(self, sig: int) -> None:
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, sig)


async def _stop(service: ExplainerService, grace: float) -> None:
    """Ask the process to quit (textual-serve's way); end it if it has not within the grace period."""
    try:
        await asyncio.wait_for(service.stop(), grace)
    except (asyncio.TimeoutError, ConnectionError, RuntimeError):
        pid = service.pid
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    process = service._process
    if process is not None and process.returncode is None:
        await process.wait()


async def _tell_and_close(websocket: web.WebSocketResponse, message: str) -> None:
    """A refusal in words, on the page's terminal, then the end of the session."""
    await websocket.send_bytes(f"\r\n  {message}\r\n".encode())
    await websocket.close()


def _bounded(text: str, default: int, most: int) -> int:
    return min(int(text), most) if text.isdigit() and int(text) > 0 else default


def _html(page: str, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    headers = {"Cache-Control": "no-store", **(headers or {})}
    return web.Response(text=page, content_type="text/html", status=status, headers=headers)
