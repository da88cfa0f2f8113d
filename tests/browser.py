"""Headless Chromium for the tests that open what gradanim writes in a browser (the lesson
page, the slide deck): where it is, and a visit that records every network request."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

# The Debian package chromium-headless-shell (installed by `make test` where apt is available),
# else a full chromium.
CHROMIUM = shutil.which("chromium-headless-shell") or shutil.which("chromium") or shutil.which("chromium-browser")


def network_urls(net_log: Path) -> set[str]:
    """Every http(s) address in a Chromium NetLog (each request the browser made or tried)."""
    events = json.loads(net_log.read_text(encoding="utf-8"))["events"]
    found = set()
    for event in events:
        for value in (event.get("params") or {}).values():
            if isinstance(value, str) and re.match(r"(https?|wss?)://", value):
                found.add(value)
    return found


def browse(page: Path, net_log: Path, *flags: str) -> subprocess.CompletedProcess:
    """Load ``page`` in headless Chromium (with ``flags`` besides), recording its network
    requests in ``net_log``; its stdout is the page's DOM once loaded."""
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
                           f"--log-net-log={net_log}", "--virtual-time-budget=10000", *flags, "--dump-dom",
                           page.as_uri()],
                          capture_output=True, text=True, timeout=120)
