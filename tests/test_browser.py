"""A real browser (the distribution's headless Chromium, driven by Playwright) against a running
dashboard: upload a real export on the Data page and see its rows on the dashboard; upload a
broken file and see the error, with the warehouse unchanged. Screenshots go to test-artifacts/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REAL_EXPORTS, scalar, warehouse_contents

PROJECT = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
X_EXPORT = REAL_EXPORTS / "x" / "tweet_activity_metrics_rOpenSci_20170101_20170201_en.csv"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="no Chromium here (CI installs the distribution's chromium package)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dashboard(tmp_path):
    """streamlit run app.py on an empty warehouse of its own, on a free local port."""
    db = tmp_path / "browser.duckdb"
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=PROJECT, env={**os.environ, "COMMUNITY_PULSE_DB": str(db), "COMMUNITY_PULSE_ROLE": "analyst"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                break
        except OSError:
            time.sleep(0.3)
    yield url, db
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"])
        yield chromium.new_page(viewport={"width": 1400, "height": 1000})
        chromium.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def open_data_page(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("link", name="Data").click()
    page.get_by_text("Export files").first.wait_for(timeout=60_000)


@pytest.mark.skipif(not X_EXPORT.exists(), reason="the shared real exports are not beside this checkout")
def test_upload_a_real_export_and_see_it_on_the_dashboard(dashboard, browser):
    url, db = dashboard
    page = browser
    open_data_page(page, url)
    page.locator("input[type=file]").set_input_files(str(X_EXPORT))
    page.get_by_text("x_tweet_activity").first.wait_for(timeout=60_000)
    screenshot(page, "data-preview")
    page.get_by_role("button", name="Load 1 file(s)").click()
    page.get_by_text("37 rows new").wait_for(timeout=60_000)
    assert scalar(db, "SELECT count(*) FROM activities WHERE platform = 'x'") == 37
    # The rows on the dashboard: January 2017, bots and staff included (the account is the community's own).
    page.goto(f"{url}/?range=Custom&from=2017-01-01&to=2017-01-31&everyone=1")
    page.locator("[data-testid=stMetric]").first.wait_for(timeout=60_000)
    contributions = page.locator("[data-testid=stMetric]").filter(has_text="Contributions")
    assert "37" in contributions.inner_text()
    assert not page.locator("[data-testid=stException]").count()
    screenshot(page, "overview-after-upload")


def test_a_broken_upload_says_why_and_changes_nothing(dashboard, browser, tmp_path):
    url, db = dashboard
    page = browser
    first = tmp_path / "Spring Meetup - Guests - 2026-04-21-09-00-00.csv"
    first.write_bytes((PROJECT / "tests" / "fixtures" / "luma" / first.name).read_bytes())
    open_data_page(page, url)
    page.locator("input[type=file]").set_input_files(str(first))
    page.get_by_role("button", name="Load 1 file(s)").click()
    page.get_by_text("rows new").first.wait_for(timeout=60_000)
    before = warehouse_contents(db)
    broken = tmp_path / "truncated.json"
    broken.write_text('{"guild": {"id": "1"}, "channel": {"id": "2"}, "messages": [')
    page.locator("input[type=file]").set_input_files(str(broken))
    page.get_by_text("truncated.json (line 1): the JSON is malformed").wait_for(timeout=60_000)
    screenshot(page, "data-broken-upload")
    assert page.get_by_role("button", name="Load 0 file(s)").count() == 0
    assert warehouse_contents(db) == before
