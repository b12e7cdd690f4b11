"""The dashboard as a real server, for the tests that talk to it over the network:
- running_dashboard(): `streamlit run app.py` on a warehouse of its own, on a free local port,
  with its log kept (tests/test_security.py reads it);
- chromium_page(): a page of the distribution's headless Chromium driven by Playwright
  (tests/test_browser.py, tests/test_browser_e2e.py), wait_for_run(), and screenshots into
  test-artifacts/;
- AppSession: one dashboard session spoken to as the browser's JavaScript does, over the
  websocket with Streamlit's protobuf messages, without a browser (tests/test_many_sessions.py:
  twenty of them cost little more than the server's own work);
- write_hostile_exports(): exports whose names and texts are script tags, HTML, markdown links
  and spreadsheet formulas, for the tests that check they stay text.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAS_CHROMIUM = Path(CHROMIUM).exists()
NEEDS_CHROMIUM = pytest.mark.skipif(not HAS_CHROMIUM,
                                    reason="no Chromium here (CI installs the distribution's chromium package)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Dashboard:
    url: str
    db: Path
    log: Path
    process: subprocess.Popen = field(repr=False)


@contextlib.contextmanager
def running_dashboard(db: Path, log: Path, *, role: str = "analyst", extra_args: tuple[str, ...] = (),
                      env: dict[str, str] | None = None) -> Iterator[Dashboard]:
    """streamlit run app.py on `db`, on a free local port, its output written to `log`."""
    port = free_port()
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", *extra_args],
            cwd=PROJECT, stdout=output, stderr=subprocess.STDOUT,
            env={**os.environ, "COMMUNITY_PULSE_DB": str(db), "COMMUNITY_PULSE_ROLE": role, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url)
        yield Dashboard(url, db, log, server)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=20)


def wait_until_healthy(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@contextlib.contextmanager
def chromium_page(viewport: dict | None = None) -> Iterator:
    """A page of the distribution's headless Chromium (Playwright never downloads a browser here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"])
        try:
            yield chromium.new_page(viewport=viewport or {"width": 1400, "height": 1000})
        finally:
            chromium.close()


def wait_for_run(page, timeout_ms: int = 90_000) -> None:
    """Until the app is connected and its script run has finished (Streamlit marks both on stApp)."""
    page.locator("[data-testid=stApp][data-test-connection-state=CONNECTED]").wait_for(timeout=timeout_ms)
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(timeout=timeout_ms)


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def open_data_page(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("link", name="Data").click()
    page.get_by_text("Export files").first.wait_for(timeout=60_000)


# --- a session without a browser ---------------------------------------------------------------


class AppSession:
    """One dashboard session over Streamlit's websocket protocol.

    run() asks for a script run (a page, a URL query, widget values) and returns the elements the
    run drew once it finished; upload() does what the file uploader's JavaScript does (asks for an
    upload URL, PUTs the file, then reruns with the uploader's new value). Every byte the server
    sent is kept in `received`, so a test can search all of it.
    """

    RUN_TIMEOUT = 180.0

    def __init__(self, url: str):
        import requests
        from websockets.sync.client import connect

        self.url = url
        self.http = requests.Session()
        # The health check, as the frontend calls it before connecting, sets the XSRF cookie uploads need.
        self.http.get(f"{url}/_stcore/health", timeout=30).raise_for_status()
        self.xsrf = self.http.cookies.get("_streamlit_xsrf", "")
        cookie = "; ".join(f"{name}={value}" for name, value in self.http.cookies.items())
        self._open = contextlib.ExitStack()
        self.socket = self._open.enter_context(connect(
            url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
            additional_headers={"Cookie": cookie}, max_size=None, open_timeout=30))
        self.session_id = ""
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.received: list[bytes] = []
        self.widgets: list = []  # the uploader's state, kept across runs as a browser would

    def close(self) -> None:
        self._open.close()

    def run(self, page: str = "", query: str = "", widgets: list | None = None) -> RunResult:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        if page and page not in self.pages:
            self.run()  # the first run tells the session which pages there are
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_script_hash = self.pages.get(page, "")
        message.rerun_script.page_name = page
        message.rerun_script.widget_states.widgets.extend([*self.widgets, *(widgets or [])])
        self.socket.send(message.SerializeToString())
        return self._until_finished()

    def upload(self, page: str, uploader_label: str, name: str, content: bytes, query: str = "") -> RunResult:
        """Choose a file in the uploader labelled `uploader_label`, as a user would."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.Common_pb2 import FileUploaderState, UploadedFileInfo
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        uploader = self.run(page, query).widget("file_uploader", uploader_label)
        request = BackMsg()
        request.file_urls_request.request_id = f"request-{name}"
        request.file_urls_request.file_names.append(name)
        request.file_urls_request.session_id = self.session_id
        self.socket.send(request.SerializeToString())
        urls = self._next_of("file_urls_response").file_urls_response.file_urls[0]
        put = self.http.put(self.url + urls.upload_url, files={"file": (name, content)},
                            headers={"X-Xsrftoken": self.xsrf}, timeout=120)
        put.raise_for_status()
        state = FileUploaderState(uploaded_file_info=[UploadedFileInfo(name=name, size=len(content),
                                                                       file_id=urls.file_id, file_urls=urls)])
        self.widgets = [WidgetState(id=uploader.id, file_uploader_state_value=state)]
        return self.run(page, query)

    def click(self, result: RunResult, label: str, page: str = "", query: str = "") -> RunResult:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        button = result.widget("button", label)
        return self.run(page, query, [WidgetState(id=button.id, trigger_value=True)])

    def _receive(self):
        """The server's next message, kept in `received` and noted for the session."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        raw = self.socket.recv(timeout=self.RUN_TIMEOUT)
        self.received.append(raw)
        message = ForwardMsg()
        message.ParseFromString(raw)
        self._note_session(message)
        return message

    def _next_of(self, kind: str):
        deadline = time.monotonic() + self.RUN_TIMEOUT
        while time.monotonic() < deadline:
            message = self._receive()
            if message.WhichOneof("type") == kind:
                return message
        raise TimeoutError(f"no {kind} from the server")

    def _until_finished(self) -> RunResult:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        result = RunResult()
        deadline = time.monotonic() + self.RUN_TIMEOUT
        while time.monotonic() < deadline:
            message = self._receive()
            kind = message.WhichOneof("type")
            if kind == "new_session":
                result = RunResult()  # a new run (a rerun the script asked for starts afresh)
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                path = tuple(message.metadata.delta_path)
                result.elements[path] = message.delta.new_element
            elif kind == "script_finished":
                if message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                    return result
                if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise AssertionError("the app failed to compile")
        raise TimeoutError("the script run did not finish")

    def _note_session(self, message) -> None:
        if message.WhichOneof("type") == "new_session":
            if message.new_session.initialize.session_id:
                self.session_id = message.new_session.initialize.session_id
            for page in message.new_session.app_pages:
                self.pages[page.url_pathname] = page.page_script_hash
        elif message.WhichOneof("type") == "navigation":
            for page in message.navigation.app_pages:
                self.pages[page.url_pathname] = page.page_script_hash


@dataclass
class RunResult:
    """The elements one script run drew, by their place on the page."""

    elements: dict = field(default_factory=dict)

    def of(self, kind: str) -> list:
        return [getattr(e, kind) for _, e in sorted(self.elements.items()) if e.WhichOneof("type") == kind]

    def metrics(self) -> dict[str, str]:
        return {metric.label: metric.body for metric in self.of("metric")}

    def exceptions(self) -> list[str]:
        return [f"{e.type}: {e.message}" for e in self.of("exception")]

    def alerts(self, kind: str | None = None) -> list[str]:
        from streamlit.proto.Alert_pb2 import Alert

        wanted = getattr(Alert, kind) if kind else None
        return [alert.body for alert in self.of("alert") if wanted is None or alert.format == wanted]

    def texts(self) -> list[str]:
        return [e.body for e in self.of("markdown")] + self.alerts()

    def widget(self, kind: str, label: str):
        found = [w for w in self.of(kind) if w.label == label]
        assert found, f"no {kind} labelled {label!r}: {[w.label for w in self.of(kind)]}"
        return found[0]


# --- exports written by someone hostile --------------------------------------------------------

SCRIPT = "<script>alert('script tag ran')</script>"
IMG = "<img src=x onerror=alert('img onerror ran')>"
MD_LINK = "[click me](javascript:alert('markdown link ran'))"
MD_IMAGE = "![tracker](https://tracker.invalid/pixel.png)"
HTML_LINK = "<a href='https://phish.invalid/login'>log in again</a>"
BOLD = "**shouting** _and_ `code`"
FORMULAS = ('=HYPERLINK("https://phish.invalid","open")', "+1+2", "-3+4", "@SUM(1,2)", "\t=1+1")
HOSTILE_TEXTS = (SCRIPT, IMG, MD_LINK, MD_IMAGE, HTML_LINK, BOLD, *FORMULAS)
# Pieces that only appear if a hostile text was rendered as markup (or not escaped where escaping
# is due): none of them may reach a page's DOM or a markdown field unescaped.
RAW_MARKUP = ("<script", "<img", "](javascript:", "![tracker]", "<a href", "**shouting**")
EVENT_FILE = f"{IMG} - Guests - 2026-04-21-09-00-00.csv"  # Luma titles the event from the file name
TOKEN = "xoxe-1-CANARY-SLACK-FILE-TOKEN-0123456789"


def write_hostile_exports(folder: Path) -> list[Path]:
    """A Discord channel, a Luma guest list and an X export, all in April 2026, whose people,
    channel, event and texts are the strings above."""
    folder.mkdir(parents=True, exist_ok=True)
    return [_hostile_discord(folder), _hostile_luma(folder), _hostile_tweets(folder)]


def _hostile_discord(folder: Path) -> Path:
    authors = [{"id": str(n + 1), "name": name, "nickname": name, "isBot": False}
               for n, name in enumerate((SCRIPT, MD_LINK, FORMULAS[0], IMG))]
    messages = []
    for n, text in enumerate(HOSTILE_TEXTS):
        message = {"id": str(5000 + n), "type": "Default", "timestamp": f"2026-04-{2 + n:02d}T10:00:00.000+00:00",
                   "content": text, "author": authors[n % len(authors)], "reactions": []}
        if n % 3 == 1:  # some replies, so threads and response times have rows too
            message |= {"type": "Reply", "reference": {"messageId": str(5000 + n - 1)}}
        messages.append(message)
    path = folder / "hostile-channel.json"
    path.write_text(json.dumps({"guild": {"id": "66", "name": SCRIPT},
                                "channel": {"id": "67", "name": MD_LINK, "category": HTML_LINK},
                                "messages": messages}))
    return path


def _hostile_luma(folder: Path) -> Path:
    rows = [["api_id", "name", "first_name", "last_name", "email", "created_at", "approval_status", "checked_in_at"]]
    for n, name in enumerate((SCRIPT, MD_LINK, FORMULAS[0])):
        rows.append([f"gst-{n}", name, name, "", f"guest{n}@hostile.invalid", "2026-04-01T10:00:00Z", "approved",
                     "2026-04-20T17:00:00Z" if n else ""])
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path = folder / EVENT_FILE
    path.write_text(buffer.getvalue())
    return path


def _hostile_tweets(folder: Path) -> Path:
    header = ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements", "retweets",
              "replies", "likes"]
    rows = [header] + [[str(1790000000000000000 + n), f"https://twitter.com/Hostile/status/{1790000000000000000 + n}", text,
                        f"2026-04-{3 + n:02d} 12:00 +0000", "100", "5", "1", "1", "3"]
                       for n, text in enumerate(HOSTILE_TEXTS)]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path = folder / "tweet_activity_metrics_hostile_20260401_20260501_en.csv"
    path.write_text(buffer.getvalue())
    return path
