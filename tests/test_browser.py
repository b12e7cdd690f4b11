"""A real browser (the distribution's headless Chromium, driven by Playwright) against a running
dashboard: upload a real export on the Data page and see its rows on the dashboard; upload a
broken file and see the error, with the warehouse unchanged. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import REAL_EXPORTS, scalar, warehouse_contents
from tests.live_app import NEEDS_CHROMIUM, PROJECT, chromium_page, open_data_page, running_dashboard, screenshot

X_EXPORT = REAL_EXPORTS / "x" / "tweet_activity_metrics_rOpenSci_20170101_20170201_en.csv"

pytestmark = NEEDS_CHROMIUM


@pytest.fixture
def dashboard(tmp_path):
    """streamlit run app.py on an empty warehouse of its own: (url, warehouse path)."""
    with running_dashboard(tmp_path / "browser.duckdb", tmp_path / "server.log") as running:
        yield running.url, running.db


@pytest.fixture
def browser():
    with chromium_page() as page:
        yield page


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
    contributions = page.locator("[data-testid=stMetric]").filter(has_text="Contributions")
    expect(contributions).to_contain_text("37", timeout=60_000)
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
