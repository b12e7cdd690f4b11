"""The Data page (AppTest): history and undo, freshness, merges, flags, and the viewer role.
Uploading through the browser is tested in tests/test_browser.py."""

from __future__ import annotations

import pytest

from pages.ui import actions
from pages.ui.roles import NotAllowed
from pipelines.load import load_path

from tests.conftest import FIXTURES, app_on, scalar, warehouse_contents

DATA_PAGE = "pages/views/data.py"
HELP = FIXTURES / "discord" / "help_march_april.json"
MEETUP = FIXTURES / "luma" / "Spring Meetup - Guests - 2026-04-21-09-00-00.csv"


@pytest.fixture
def two_batches(db_path):
    load_path(db_path, HELP)
    load_path(db_path, MEETUP)
    return db_path


def test_history_and_freshness_are_shown(two_batches, monkeypatch):
    app = app_on(two_batches, monkeypatch, DATA_PAGE)
    history = app.dataframe[0].value
    assert list(history["file_name"]) == [MEETUP.name, HELP.name]
    assert list(history["format"]) == ["luma_guests", "discord_json"]
    freshness = app.dataframe[1].value
    assert set(freshness["platform"]) == {"discord", "luma"}


def test_analyst_undoes_a_batch_from_the_page(two_batches, monkeypatch):
    app = app_on(two_batches, monkeypatch, DATA_PAGE)
    app.selectbox[0].set_value(2)
    app.checkbox(key="undo_confirm").check()
    [b for b in app.button if b.label == "Undo batch"][0].click().run()
    assert not app.exception
    assert scalar(two_batches, "SELECT count(*) FROM source_attendance") == 0
    assert scalar(two_batches, "SELECT undone_by FROM ingest_batches WHERE batch_id = 2") == "dashboard"


def test_viewer_sees_but_cannot_change(two_batches, monkeypatch):
    monkeypatch.setenv("COMMUNITY_PULSE_ROLE", "viewer")
    app = app_on(two_batches, monkeypatch, DATA_PAGE)
    assert "viewer" in app.caption[0].value
    assert any("Uploading needs the analyst role" in info.value for info in app.info)
    assert not [b for b in app.button if b.label in ("Undo batch", "Unmerge", "Save flags")]
    assert not app.get("file_uploader")
    before = warehouse_contents(two_batches)
    # The guard is in the action itself, not only in the layout.
    with pytest.raises(NotAllowed):
        actions.undo(two_batches, 1)
    with pytest.raises(NotAllowed):
        actions.flag(two_batches, ("discord", "1"), is_bot=True, is_staff=None)
    assert warehouse_contents(two_batches) == before


def test_unknown_role_is_a_viewer(monkeypatch):
    from pages.ui.roles import current_role

    monkeypatch.setenv("COMMUNITY_PULSE_ROLE", "admin")
    assert current_role() == "viewer"
    monkeypatch.setenv("COMMUNITY_PULSE_ROLE", "Analyst")
    assert current_role() == "analyst"


def test_merge_a_proposal_from_the_page(db_path, monkeypatch):
    from tests.golden_community import at, build, person, registration
    from pipelines.load.loader import load_parsed
    from pipelines.parse.frames import ATTENDANCE_SCHEMA, IDENTITY_SCHEMA, ParsedExport, frame

    build(db_path)
    load_parsed(db_path, "cleo.csv", "page-cleo", ParsedExport(
        "luma_guests",
        identities=frame([person("cleo@example.com", "Cleo", None, "cleo@example.com", platform="luma")],
                         IDENTITY_SCHEMA),
        attendance=frame([registration("luma:spring", "cleo@example.com", at(4, 9), False)], ATTENDANCE_SCHEMA)))
    app = app_on(db_path, monkeypatch, DATA_PAGE)
    proposals = app.dataframe[2].value
    row = list(proposals["name_a"]).index("Cleo")
    app.session_state["merge_proposals"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    app.run()
    [b for b in app.button if b.label.startswith("Merge 1")][0].click().run()
    assert not app.exception
    assert scalar(db_path, "SELECT count(*) FROM identity_merges WHERE unmerged_at IS NULL") == 1
    assert scalar(db_path, "SELECT platforms FROM members WHERE display_name = 'Cleo'") == ["discord", "luma"]


def test_flag_an_identity_as_staff(two_batches, monkeypatch):
    app = app_on(two_batches, monkeypatch, DATA_PAGE)
    app.text_input(key="flag_search").input("erin").run()
    app.toggle(key="flag_staff").set_value(True).run()
    [b for b in app.button if b.label == "Save flags"][0].click().run()
    assert scalar(two_batches, "SELECT is_staff FROM identities WHERE platform_user_id = '6'") is True
