"""Generic CSV: map the columns once, and later files of the same shape load without asking."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from pipelines.errors import ExportError
from pipelines.load.mappings import save_mapping, saved_mappings
from pipelines.parse import ParseOptions, parse_file
from pipelines.parse.mapped_csv import header_signature, new_mapping

from tests.conftest import scalar

PROJECT = Path(__file__).resolve().parent.parent
FORUM = (
    "Posted At,Member,Body,Space,Post ID\n"
    "2026-04-01 09:30,Ann,\"Hello, all\",General,p1\n"
    "2026-04-02 10:00,Bo,Welcome!,General,p2\n"
    "2026-04-02 10:00,Bo,Welcome!,General,p2\n"
)


def forum_mapping():
    return new_mapping(["Posted At", "Member", "Body", "Space", "Post ID"], source="Circle forum", platform="circle",
                       date="Posted At", author="Member", text="Body", channel="Space", id="Post ID")


def test_unknown_shape_is_refused_until_mapped():
    with pytest.raises(ExportError, match="map its columns once"):
        parse_file("forum.csv", FORUM.encode())
    parsed = parse_file("forum.csv", FORUM.encode(), ParseOptions(local_zone="Europe/Paris",
                                                                  csv_mappings=(forum_mapping(),)))
    assert parsed.format == "mapped_csv"
    assert parsed.activities["activity_id"].to_list() == ["circle:p1", "circle:p2"]  # the repeated row once
    first = parsed.activities.row(0, named=True)
    assert first["occurred_at"] == datetime(2026, 4, 1, 7, 30, tzinfo=timezone.utc)  # Paris, UTC+2
    assert (first["text"], first["channel"], first["platform_user_id"]) == ("Hello, all", "General", "ann")


def test_shape_ignores_column_order_and_case():
    assert header_signature(["Posted At", "Member"]) == header_signature(["member", " posted at "])
    reordered = "Member,Posted At,Body,Space,Post ID\nAnn,2026-04-01 09:30,Hi,General,p9\n"
    parsed = parse_file("again.csv", reordered.encode(), ParseOptions(csv_mappings=(forum_mapping(),)))
    assert parsed.activities["activity_id"].to_list() == ["circle:p9"]


def test_mapping_names_real_columns_only():
    with pytest.raises(ValueError, match="not columns of this file: when"):
        new_mapping(["a", "b"], source="x", platform="x", date="when", author="a")


def test_bad_date_in_a_mapped_file_names_row_and_field():
    bad = FORUM.replace("2026-04-02 10:00,Bo,Welcome!", "yesterday,Bo,Welcome!", 1)
    with pytest.raises(ExportError, match=r"data row 2, field 'posted at'"):
        parse_file("forum.csv", bad.encode(), ParseOptions(csv_mappings=(forum_mapping(),)))


def test_semicolon_csv_from_excel_is_refused():
    data = "Tweet id;Tweet permalink;Tweet text;time;impressions;engagements\n1;x;y;z;1;1\n".encode()
    with pytest.raises(ExportError, match="';' between fields"):
        parse_file("resaved.csv", data)


def test_saved_mapping_loads_next_file_through_the_cli(db_path, tmp_path):
    sample = tmp_path / "forum-april.csv"
    sample.write_text(FORUM)
    run = lambda *args: subprocess.run([sys.executable, "-m", "pipelines", *args, "--db", str(db_path)],  # noqa: E731
                                       cwd=PROJECT, capture_output=True, text=True)
    refused = run("ingest", str(sample))
    assert refused.returncode == 1 and "map its columns once" in refused.stderr
    saved = run("mappings", "add", str(sample), "--source", "Circle forum", "--platform", "circle",
                "--date", "Posted At", "--author", "Member", "--text", "Body", "--channel", "Space", "--id", "Post ID")
    assert saved.returncode == 0, saved.stderr
    loaded = run("ingest", str(sample))
    assert loaded.returncode == 0, loaded.stderr
    assert "mapped_csv, 2 rows new" in loaded.stdout
    assert scalar(db_path, "SELECT count(*) FROM activities WHERE platform = 'circle'") == 2
    assert [m.source for m in saved_mappings(db_path)] == ["Circle forum"]
    save_mapping(db_path, forum_mapping())  # saving the same shape again replaces, never duplicates
    assert len(saved_mappings(db_path)) == 1
