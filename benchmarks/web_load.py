"""The browser face under load: N tabs of headless Chromium on `explainer web`, one after another.

    .venv/bin/python benchmarks/web_load.py --tabs 10

It starts its own `explainer web` on a free 127.0.0.1 port and one headless
Chromium (Debian's `chromium` and `chromedriver`, through Selenium), signs in
once, then opens `--tabs` tabs, each its own explainer process. It reports:

- first screen: from asking for the explainer's page to the home screen's words
  arriving in the page's terminal (page, scripts, websocket, process start,
  first paint), per tab: median and worst;
- memory per tab: PSS and RSS of each tab's explainer process, all open at once,
  and the web server's own RSS;
- the load average before and after, since the machine may be shared.

Chromium runs on the same machine, so its CPU counts against the server: the
figures are pessimistic.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from web_harness import NO_BROWSER, RECORD_SCREEN, WebExplainer, chromium, sign_in, wait_for_screen


def descendants(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    found = [int(c) for c in children]
    for child in list(found):
        found += descendants(child)
    return found


def memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in kB, from smaps_rollup."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("Pss", "Rss"):
            values[name] = int(rest.split()[0])
    return values["Pss"], values["Rss"]


def explainer_processes(server_pid: int) -> list[int]:
    found = []
    for pid in descendants(server_pid):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"explainer.web.child" in command and b"/bin/sh" not in command.split(b"\0")[0]:
            found.append(pid)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", type=int, default=10)
    args = parser.parse_args()
    if NO_BROWSER:
        print(f"skipped: {NO_BROWSER}")
        return 1
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="access-web-load-") as scratch:
        served = WebExplainer(
            Path(scratch), "--max-sessions", str(args.tabs + 1), "--max-per-address", str(args.tabs + 1)
        )
        driver = chromium()
        try:
            sign_in(driver, served.url, "bench")
            wait_for_screen(driver, "Walkthrough")  # the first tab: warms the pack cache and the browser
            times = []
            for _ in range(args.tabs):
                driver.switch_to.new_window("tab")
                driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_SCREEN})
                started = time.perf_counter()
                driver.get(served.url + "explainer")
                wait_for_screen(driver, "Walkthrough")
                times.append(time.perf_counter() - started)
            processes = explainer_processes(served.process.pid)
            memory = [memory_kb(pid) for pid in processes]
            server_rss = memory_kb(served.process.pid)[1]
        finally:
            driver.quit()
            served.stop()
    load_after = os.getloadavg()
    mb = lambda kb: f"{kb / 1024:.1f} MB"  # noqa: E731
    print(f"explainer web, {args.tabs} tabs of headless Chromium, one after another (plus one to warm up)")
    print(
        f"  load average before  {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f} ({os.cpu_count()} CPUs)"
    )
    print(f"  first screen         median {statistics.median(times):.2f} s, worst {max(times):.2f} s")
    print(f"  explainer processes  {len(processes)} (one per open tab)")
    pss = [m[0] for m in memory]
    rss = [m[1] for m in memory]
    print(f"  memory per tab       PSS {mb(statistics.mean(pss))}, RSS {mb(statistics.mean(rss))}")
    print(f"  web server           RSS {mb(server_rss)}")
    print(f"  load average after   {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
