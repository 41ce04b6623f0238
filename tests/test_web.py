"""`explainer web` end to end: a real server, real HTTP and websocket clients, and a real headless Chromium.

The browser signs in, sees the home screen, opens a section with keys typed in the page, and the section is
in the student's real progress store. Sign-in, limits, isolation and the idle timeout are checked with real
clients too; nothing is mocked.
"""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

import pytest
from conftest import CONTENT
from serve_harness import environ, gone
from web_harness import NO_BROWSER, WebExplainer, chromium, sign_in, type_keys, wait_for_screen

from explainer.pack.load import load_pack
from explainer.progress.store import ProgressStore

aiohttp = pytest.importorskip("aiohttp", reason="needs the web extra: pip install '.[web]'")
pytest.importorskip("textual_serve", reason="needs the web extra: pip install '.[web]'")


@pytest.fixture
def own_web(tmp_path: Path):
    """A web server with options of the test's choosing: `own_web("--max-per-address", "1")`."""
    started: list[WebExplainer] = []

    def start(*options: str, **kwargs) -> WebExplainer:
        started.append(WebExplainer(tmp_path, *options, **kwargs))
        return started[-1]

    yield start
    for served in started:
        assert served.stop() == 0, served.log()


@pytest.mark.skipif(NO_BROWSER is not None, reason=NO_BROWSER or "")
def test_in_chromium_the_home_screen_appears_keys_open_a_section_and_progress_is_saved(own_web) -> None:
    served = own_web()
    pack = load_pack(CONTENT)
    driver = chromium()
    try:
        sign_in(driver, served.url, "ada")
        home = wait_for_screen(driver, f"Progress: 0/{len(pack.sections)} sections read")
        type_keys(driver, "\n")  # Enter on the first way in: the walkthrough, at its first section
        wait_for_screen(driver, pack.sections[0].question[:40], after=len(home))
        # a section counts as read once the student has stayed on it a few seconds (tui/reading_places.py)
        store = ProgressStore(served.data_dir, "ada", pack_id=pack.id)
        deadline = time.monotonic() + 30
        while not store.sections_read() and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        driver.quit()
    served.wait_for_log(r"connect +127\.0\.0\.1 user=ada size=\d+x\d+ pid=\d+")
    served.wait_for_log(r"disconnect 127\.0\.0\.1 user=ada duration=\d+s reason=closed")
    assert ProgressStore(served.data_dir, "ada", pack_id=pack.id).sections_read() == {pack.sections[0].id}


async def signed_in_session(served: WebExplainer, name: str, password: str | None = None):
    """An HTTP client that has signed in as `name`; raises for a refused sign-in."""
    session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    form = {"name": name} if password is None else {"name": name, "password": password}
    async with session.post(served.url + "sign-in", data=form, allow_redirects=False) as response:
        assert response.status == 303, await response.text()
    return session


async def first_bytes(websocket, timeout: float = 60) -> bytes:
    async def receive() -> bytes:
        async for message in websocket:
            if message.type == aiohttp.WSMsgType.BINARY:
                return message.data
        return b""

    return await asyncio.wait_for(receive(), timeout)


async def test_a_page_or_websocket_without_signing_in_is_refused(own_web) -> None:
    served = own_web()
    async with aiohttp.ClientSession() as client:
        async with client.get(served.url + "explainer", allow_redirects=False) as response:
            assert response.status == 303 and response.headers["Location"] == "./"
        async with client.ws_connect(served.url + "ws") as websocket:
            assert b"Please sign in first" in await first_bytes(websocket)
    served.wait_for_log(r'refuse +127\.0\.0\.1 reason="not signed in"')


async def test_passwords_let_in_only_the_listed_student_and_progress_follows_the_listed_name(
    own_web, tmp_path: Path
) -> None:
    passwords = tmp_path / "passwords"
    passwords.write_text("# one student a line\nAda Lovelace: correct horse\nBen: battery staple\n")
    served = own_web("--auth", "passwords", "--passwords", str(passwords))
    assert "auth: passwords (2 students listed)" in served.banner
    async with (
        aiohttp.ClientSession() as client,
        client.post(served.url + "sign-in", data={"name": "ada lovelace", "password": "battery staple"}) as r,
    ):
        assert r.status == 403
        assert "That name and password do not match." in await r.text()
    served.wait_for_log(r'refuse +127\.0\.0\.1 user="ada lovelace" reason="wrong name or password"')
    client = await signed_in_session(served, "ada lovelace", "correct horse")
    async with client, client.ws_connect(served.url + "ws?width=100&height=30") as websocket:
        assert await first_bytes(websocket)
    served.wait_for_log(r'sign-in +127\.0\.0\.1 user="Ada Lovelace"')
    served.wait_for_log(r'connect +127\.0\.0\.1 user="Ada Lovelace" size=100x30 pid=\d+')


async def test_the_page_asks_nothing_of_any_other_server(own_web) -> None:
    served = own_web()
    client = await signed_in_session(served, "fay")
    async with client, client.get(served.url + "explainer") as page:
        html = await page.text()
    assert "xterm.css" in html and "textual.js" in html  # textual-serve's page, from this server
    assert not re.findall(r'(?:href|src)="https?://(?!127\.0\.0\.1:)', html), html


async def test_over_the_per_address_limit_the_student_is_told_and_nothing_starts(own_web) -> None:
    served = own_web("--max-per-address", "1")
    client = await signed_in_session(served, "cy")
    async with client, client.ws_connect(served.url + "ws") as first:
        assert await first_bytes(first)
        async with client.get(served.url + "explainer") as page:
            assert page.status == 503
            assert "Too many sessions from your address (1 session at most)." in await page.text()
        async with client.ws_connect(served.url + "ws") as second:
            assert b"Too many sessions from your address" in await first_bytes(second)
    served.wait_for_log(r'refuse +127\.0\.0\.1 user=cy reason="too many from address"')


async def test_each_tab_gets_its_own_process_with_none_of_the_servers_environment(own_web) -> None:
    served = own_web(env={"TEACHERS_SECRET": "hunter2"})
    client = await signed_in_session(served, "dee")
    async with client, client.ws_connect(served.url + "ws") as websocket:
        assert await first_bytes(websocket)
        pid = int(served.wait_for_log(r"connect +127\.0\.0\.1 user=dee .*pid=(\d+)")[1])
        env = environ(pid)
        assert "TEACHERS_SECRET" not in env and "PATH" not in env and "HOME" not in env
        assert env["EXPLAINER_WEB_USER"] == "dee"
        assert env["TEXTUAL_DRIVER"] == "textual.drivers.web_driver:WebDriver"
    served.wait_for_log(r"disconnect 127\.0\.0\.1 user=dee duration=\d+s reason=closed")
    assert gone(pid)


async def test_an_idle_tab_is_warned_then_closed(own_web) -> None:
    served = own_web("--idle-timeout", "5")
    client = await signed_in_session(served, "eli")
    async with client, client.ws_connect(served.url + "ws") as websocket:
        received = b""
        async for message in websocket:  # until the server closes it
            if message.type == aiohttp.WSMsgType.BINARY:
                received += message.data
        assert b"Still there?" in received
    served.wait_for_log(r"disconnect 127\.0\.0\.1 user=eli duration=\d+s reason=idle")


def test_wrong_sign_ins_past_the_burst_wait_their_turn_and_each_address_has_its_own() -> None:
    from explainer.web.throttle import SignInThrottle

    throttle = SignInThrottle.for_class(max_per_address=5)  # 10 at once, then one every 30 s
    assert [throttle.wrong("10.0.0.5", now=0.0) for _ in range(10)] == [False] * 9 + [True]
    assert throttle.wait("10.0.0.5", now=0.0) == pytest.approx(30.0)
    assert throttle.wait("10.0.0.6", now=0.0) == 0.0  # another address is not held up
    assert throttle.wait("10.0.0.5", now=29.0) == pytest.approx(1.0)
    assert throttle.wait("10.0.0.5", now=30.0) == 0.0  # one more try has come back
    assert throttle.wrong("10.0.0.5", now=30.0)  # and, wrong, it is the last for now again
    assert throttle.wait("10.0.0.5", now=30.0 + 300.0) == 0.0
    assert SignInThrottle.for_class(max_per_address=30).burst == 60  # a class behind one NAT-ed address


async def test_guessing_the_class_password_is_refused_for_a_while_and_logged(own_web, tmp_path: Path) -> None:
    from explainer.web.throttle import SignInThrottle

    passwords = tmp_path / "password"
    passwords.write_text("correct horse\n")
    served = own_web("--auth", "password", "--passwords", str(passwords))
    burst = SignInThrottle.for_class(max_per_address=5).burst  # the default --max-per-address

    async def sign_in_from(address: str, password: str) -> tuple[int, str, dict]:
        connector = aiohttp.TCPConnector(local_addr=(address, 0))  # another loopback address, another client
        async with (
            aiohttp.ClientSession(connector=connector) as client,
            client.post(served.url + "sign-in", data={"name": "eve", "password": password}, allow_redirects=False) as r,
        ):
            return r.status, await r.text(), dict(r.headers)

    statuses = [(await sign_in_from("127.0.0.1", f"guess {n}"))[0] for n in range(burst)]
    assert statuses == [403] * burst
    status, page, headers = await sign_in_from("127.0.0.1", "correct horse")  # right, but too late
    assert status == 429 and int(headers["Retry-After"]) > 0
    assert "Too many wrong sign-ins from your address. Please wait" in page
    served.wait_for_log(r'throttle +127\.0\.0\.1 reason="too many wrong sign-ins" wait=\d+s')
    served.wait_for_log(r'refuse +127\.0\.0\.1 user=eve reason="too many wrong sign-ins" wait=\d+s')
    assert (await sign_in_from("127.0.0.2", "correct horse"))[0] == 303  # another address signs in
    served.wait_for_log(r"sign-in +127\.0\.0\.2 user=eve")


async def test_guessing_one_students_password_from_many_addresses_is_throttled_per_name_without_locking_them_out(
    own_web, tmp_path: Path
) -> None:
    """`--auth passwords`: ten wrong tries at one name, each from another address, and browsers new to that name
    wait a minute a try; the student's own browser, where they signed in before, and other names are not held up."""
    from explainer.web.throttle import SignInThrottle

    passwords = tmp_path / "passwords"
    passwords.write_text("Ada: correct horse\nBen: battery staple\n")
    served = own_web("--auth", "passwords", "--passwords", str(passwords))
    ada = await signed_in_session(served, "Ada", "correct horse")  # her browser: it has signed in as Ada before

    async def sign_in_from(address: str, name: str, password: str, client=None) -> tuple[int, str, dict]:
        own = client is None
        if own:  # another loopback address, another browser
            client = aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(address, 0)))
        try:
            form = {"name": name, "password": password}
            async with client.post(served.url + "sign-in", data=form, allow_redirects=False) as r:
                return r.status, await r.text(), dict(r.headers)
        finally:
            if own:
                await client.close()

    burst = SignInThrottle.for_names().burst
    guesses = [(await sign_in_from(f"127.0.1.{n + 1}", "ada", f"guess {n}"))[0] for n in range(burst)]
    assert guesses == [403] * burst  # each address has tries left: only the name's own count is spent
    served.wait_for_log(r'throttle +127\.0\.1\.\d+ user=Ada reason="too many wrong sign-ins" wait=\d+s')
    status, page, headers = await sign_in_from("127.0.2.1", "Ada", "correct horse")  # a new browser, right password
    assert status == 429 and int(headers["Retry-After"]) > 30
    assert "Too many wrong sign-ins for this name" in page
    served.wait_for_log(r'refuse +127\.0\.2\.1 user=Ada reason="too many wrong sign-ins for this name"')
    async with ada:
        assert (await sign_in_from("127.0.0.1", "Ada", "correct horse", client=ada))[0] == 303  # never locked out
        assert (await sign_in_from("127.0.0.1", "Ada", "a slip", client=ada))[0] == 403  # a slip: not a lockout
    assert (await sign_in_from("127.0.2.2", "Ben", "battery staple"))[0] == 303  # another name is not held up
