"""YouTube Studio Table data.csv adapter."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone

import pytest

from pipelines.errors import ExportError
from pipelines.load import load_path
from pipelines.load.sources import expand, expand_zip
from pipelines.parse import ParseOptions, detect, parse_file
from pipelines.parse.youtube_studio import FORMAT

from tests.conftest import FIXTURES, scalar

TABLE = FIXTURES / "youtube" / "Table data.csv"
LOS_ANGELES = ParseOptions(local_zone="America/Los_Angeles")


def test_fixture_videos_skip_the_total_row():
    parsed = parse_file(TABLE.name, TABLE.read_bytes(), LOS_ANGELES)
    assert parsed.format == "youtube_studio"
    videos = parsed.activities
    assert videos.height == 3  # the Total row is not a video
    assert videos["impressions"].sum() == 61000
    # likes + comments + shares: (120 + 18 + 7) + (60 + 8 + 4) + (10 + 1 + 1)
    assert videos["engagements"].to_list() == [145, 72, 12]
    assert (videos["reactions"].sum(), videos["replies"].sum(), videos["shares"].sum()) == (190, 27, 12)
    # Studio's leading space before an id starting with '-' is not part of the id.
    assert videos["activity_id"].to_list() == ["youtube:aB3dEfGh1jK", "youtube:-x9YzPq_2Lm", "youtube:Zz_9-kLmNoP"]
    assert videos.row(1, named=True)["url"] == "https://www.youtube.com/watch?v=-x9YzPq_2Lm"
    assert videos.row(1, named=True)["text"] == "Live Q&A, part 2"
    # "Nov 3, 2024" is midnight in Los Angeles, still PDT (UTC-7) that night.
    assert videos.row(0, named=True)["occurred_at"] == datetime(2024, 11, 3, 7, 0, tzinfo=timezone.utc)
    assert parsed.identities.rows() == [
        ("youtube", "youtube-channel", "YouTube channel", "YouTube channel", None, False, True, None)]


def test_channel_name_comes_from_studios_zip():
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("Table data.csv", TABLE.read_bytes())
    zip_name = "Content 2024-09-01_2024-11-30 Pulse Community.zip"
    members = list(expand_zip(zip_name, bundle.getvalue()))
    parsed = parse_file(members[0].name, members[0].data)
    assert parsed.identities["display_name"].to_list() == ["Pulse Community"]
    assert set(parsed.activities["platform_user_id"]) == {"pulse-community"}


def test_chart_data_is_not_this_format():
    chart = b"Date,Content,Video title,Video publish time,Duration,Views\n2024-11-03,aB3dEfGh1jK,Call,\"Nov 3, 2024\",3605,40\n"
    with pytest.raises(ExportError, match="not a supported export"):
        detect("Chart data.csv", chart)


def test_bad_video_id_names_file_row_and_field(tmp_path):
    bad = tmp_path / "bad_id.csv"
    bad.write_bytes(TABLE.read_bytes().replace(b"Zz_9-kLmNoP", b"not a video"))
    with pytest.raises(ExportError, match=r"^bad_id.csv \(data row 3, field 'Content'\): 'not a video'"):
        parse_file(bad.name, bad.read_bytes())


def test_unreadable_publish_date_names_file_row_and_field(tmp_path):
    bad = tmp_path / "bad_date.csv"
    bad.write_bytes(TABLE.read_bytes().replace(b'"Oct 28, 2024"', b"28.10.2024"))
    with pytest.raises(ExportError, match=r"^bad_date.csv \(data row 2, field 'Video publish time'\): cannot read"):
        parse_file(bad.name, bad.read_bytes())


def test_missing_views_column_is_named(tmp_path):
    bad = tmp_path / "no_views.csv"
    bad.write_bytes(TABLE.read_bytes().replace(b",Views,", b",Plays,"))
    with pytest.raises(ExportError, match=r"^no_views.csv: missing column\(s\): views"):
        FORMAT.parse(bad.name, bad.read_bytes(), LOS_ANGELES)


def test_only_the_total_row_means_no_videos(tmp_path):
    empty = tmp_path / "Table data.csv"
    empty.write_bytes(b"\n".join(TABLE.read_bytes().split(b"\n")[:2]) + b"\n")
    assert parse_file(empty.name, empty.read_bytes()).activities.height == 0


def test_loads_into_the_warehouse(db_path):
    result = load_path(db_path, TABLE, options=LOS_ANGELES)
    # 3 videos + 1 channel.
    assert (result.format, result.rows_new, result.people_new) == ("youtube_studio", 3, 1)
    assert scalar(db_path, "SELECT sum(engagements) FROM activities") == 229
    assert scalar(db_path, "SELECT bool_and(is_staff) FROM members") is True


def test_expand_keeps_studios_zip_name_in_the_member_name(tmp_path):
    bundle = tmp_path / "Content 2024-09-01_2024-11-30 Pulse Community.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("Table data.csv", TABLE.read_bytes())
    names = [item.name for item in expand([bundle])]
    assert names == ["Content 2024-09-01_2024-11-30 Pulse Community.zip!Table data.csv"]
