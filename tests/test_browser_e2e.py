"""End to end in a real browser (the distribution's headless Chromium, driven by Playwright): every
page loads without an exception, a drill-down click shows rows, an upload loads, a viewer cannot
upload; and export text written to attack the page (script tags, HTML, markdown links) stays text:
no dialog opens, no such element or link appears. A screenshot of every page goes to
test-artifacts/ (e2e-*.png).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pipelines.load import load_path

from tests.conftest import FIXTURES, scalar
from tests.live_app import (
    NEEDS_CHROMIUM,
    SCRIPT,
    chromium_page,
    open_data_page,
    running_dashboard,
    screenshot,
    wait_for_run,
    write_hostile_exports,
)

pytestmark = NEEDS_CHROMIUM

RANGE = "range=Custom&from=2026-03-01&to=2026-04-30&everyone=1"
PAGES = {"overview": ("", "Overview"), "growth": ("growth", "Growth"), "engagement": ("engagement", "Engagement"),
         "sentiment": ("sentiment", None), "events": ("events", "Events"), "kpis": ("kpis", "KPIs and targets"),
         "members": ("members", "Members"), "data": ("data", "Data")}
# What hostile export text would have become had it been rendered as markup.
INJECTED = ["script:has-text('script tag ran')", "img[src='x']", "img[src*='tracker.invalid']",
            "a[href^='javascript:']", "a[href*='phish.invalid']", "[onerror]"]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """The fixture community, plus exports whose names and texts attack the page."""
    folder = tmp_path_factory.mktemp("e2e")
    db = folder / "data" / "warehouse.duckdb"
    for path in (FIXTURES / "discord" / "help_march_april.json",
                 FIXTURES / "luma" / "Spring Meetup - Guests - 2026-04-21-09-00-00.csv",
                 FIXTURES / "x" / "tweet_activity_metrics_PulseTest_20260401_20260501_en.csv",
                 *write_hostile_exports(folder / "hostile")):
        load_path(db, path)
    return db


@pytest.fixture(scope="module")
def app(warehouse, tmp_path_factory):
    with running_dashboard(warehouse, tmp_path_factory.mktemp("server") / "server.log") as running:
        yield running


@pytest.fixture(scope="module")
def page():
    with chromium_page() as opened:
        dialogs: list[str] = []
        opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        opened.dialogs = dialogs  # every alert() a hostile text managed to run
        yield opened


def visit(page, url: str) -> None:
    page.goto(url)
    wait_for_run(page)


def assert_clean(page, where: str) -> None:
    """No exception on the page, no dialog, and no element a hostile text would have become."""
    assert page.locator("[data-testid=stException]").count() == 0, where
    assert page.dialogs == [], (where, page.dialogs)
    for selector in INJECTED:
        assert page.locator(selector).count() == 0, (where, selector)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_loads_without_an_exception(name, app, page):
    path, title = PAGES[name]
    visit(page, f"{app.url}/{path}?{RANGE}")
    if title:
        page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
    assert_clean(page, name)
    screenshot(page, f"e2e-{name}")


def test_a_profile_named_by_a_script_tag_shows_the_name_as_text(app, page, warehouse):
    member = scalar(warehouse, "SELECT member_id FROM members WHERE display_name = $name", {"name": SCRIPT})
    visit(page, f"{app.url}/members?{RANGE}&member={member}")
    page.get_by_role("heading", name=SCRIPT).wait_for(timeout=30_000)  # the literal text, as a heading
    assert_clean(page, "profile")
    screenshot(page, "e2e-members-hostile-profile")


def test_a_drill_down_click_shows_the_rows(app, page):
    visit(page, f"{app.url}/?{RANGE}")
    assert page.get_by_text("Contributions, ").count() == 0
    point = page.locator("[data-testid=stPlotlyChart] .scatterlayer .points path").first
    point.wait_for(timeout=30_000)
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_text("Contributions, ").first.wait_for(timeout=60_000)
    # The grid is a lazily loaded chunk that can paint after the run has finished: wait for it.
    expect(page.locator("[data-testid=stDataFrame]").first).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Download CSV").first.wait_for(timeout=30_000)  # drawn after the rows
    wait_for_run(page)  # the run is over before checking that nothing went wrong in it
    assert_clean(page, "drill-down")
    page.get_by_text("Contributions, ").first.scroll_into_view_if_needed()
    screenshot(page, "e2e-overview-drill-down")


def test_an_upload_loads(app, page, tmp_path):
    export = tmp_path / "help_overlap.json"
    export.write_bytes((FIXTURES / "discord" / "help_overlap.json").read_bytes())
    batches = scalar(app.db, "SELECT count(*) FROM ingest_batches")
    open_data_page(page, app.url)
    page.locator("input[type=file]").set_input_files(str(export))
    page.get_by_role("button", name="Load 1 file(s)").click()
    page.get_by_text("help_overlap.json: 1 rows new").wait_for(timeout=60_000)
    assert scalar(app.db, "SELECT count(*) FROM ingest_batches") == batches + 1
    assert_clean(page, "upload")
    screenshot(page, "e2e-data-upload")


def test_a_viewer_cannot_upload(warehouse, page, tmp_path):
    with running_dashboard(warehouse, tmp_path / "server.log", role="viewer") as viewer:
        visit(page, f"{viewer.url}/data")
        page.get_by_text("Uploading needs the analyst role.").wait_for(timeout=30_000)
        assert page.locator("input[type=file]").count() == 0
        assert page.get_by_role("button", name="Undo batch").count() == 0
        assert "viewer" in page.get_by_text("You are signed in with the").first.inner_text()
        screenshot(page, "e2e-data-viewer")
