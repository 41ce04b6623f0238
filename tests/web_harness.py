"""A real `explainer web` on 127.0.0.1, and the clients that drive it: HTTP, websockets, headless Chromium.

The browser is Debian's `chromium` with its `chromedriver`, driven by Selenium: nothing is downloaded when a
test runs. What the page's terminal receives is read from its websocket (a listener added before the page's
own scripts run), since textual-serve's terminal paints on a canvas.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from serve_harness import ServerProcess

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
NO_BROWSER = (
    None
    if CHROMIUM and CHROMEDRIVER
    else "needs Debian's chromium and chromium-driver packages (.ci/run installs them with apt-get)"
)
# Collects, as text, every binary frame the page's terminal is sent: what it paints.
RECORD_SCREEN = """
window.__screen = "";
const RealWebSocket = window.WebSocket;
window.WebSocket = function (url, protocols) {
  const socket = new RealWebSocket(url, protocols);
  socket.addEventListener("message", async (event) => {
    if (typeof event.data === "string") return;
    const bytes = event.data instanceof Blob ? await event.data.arrayBuffer() : event.data;
    window.__screen += new TextDecoder().decode(bytes);
  });
  return socket;
};
window.WebSocket.prototype = RealWebSocket.prototype;
"""


class WebExplainer(ServerProcess):
    """`explainer web` (the server itself: serve_harness.ServerProcess)."""

    command = "web"
    ready = b"students open"
    data_name = "web-data"

    def __init__(self, base: Path, *options: str, env: dict[str, str] | None = None) -> None:
        super().__init__(base, *options, env=env)
        self.url = f"http://127.0.0.1:{self.port}/"


def chromium(width: int = 1200, height: int = 800):
    """Headless Chromium under Selenium, from the Debian packages; the page's terminal recorded."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
        f"--window-size={width},{height}",
    ):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER or ""), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_SCREEN})
    return driver


def wait_for_screen(driver, words: str, timeout: float = 60, after: int = 0) -> str:
    """What the page's terminal has been sent, once `words` are among it (past the first `after` characters)."""
    deadline = time.monotonic() + timeout
    while True:
        screen = driver.execute_script("return window.__screen || ''")
        if words in _text(screen[after:]) or time.monotonic() > deadline:
            assert words in _text(screen[after:]), (
                f"{words!r} never reached the page; it got: {_text(screen)[-2000:]!r}"
            )
            return screen
        time.sleep(0.05)


def _text(screen: str) -> str:
    """Escape codes out; each run of text the terminal was sent joined by spaces."""
    return " ".join(re.sub(r"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b[()][A-Z0-9]|\x1b[=>]", " ", screen).split())


def sign_in(driver, url: str, name: str, password: str | None = None) -> None:
    from selenium.webdriver.common.by import By

    driver.get(url)
    driver.find_element(By.ID, "name").send_keys(name)
    if password is not None:
        driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


def type_keys(driver, keys: str) -> None:
    """Keys typed into the page's terminal, as a student types them."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys(keys)
