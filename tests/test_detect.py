"""Format detection and the byte-level quirks of real files."""

from __future__ import annotations

import pytest

from pipelines.errors import ExportError
from pipelines.parse import all_formats, detect, parse_file

from tests.conftest import FIXTURES

MEETUP = FIXTURES / "luma" / "Spring Meetup - Guests - 2026-04-21-09-00-00.csv"


def test_every_real_export_of_this_issue_is_recognised(real_exports):
    expected = {"discord": "discord_json", "x": "x_tweet_activity", "luma": "luma_guests"}
    for folder, format_name in expected.items():
        for path in sorted((real_exports / folder).iterdir()):
            assert detect(path.name, path.read_bytes()).name == format_name, path.name


def test_doubled_bom_and_crlf_are_fine():
    data = MEETUP.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    parsed = parse_file(MEETUP.name, b"\xef\xbb\xbf" + data)
    assert parsed.attendance.height == 3


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "the file is empty"),
        (b"   \n\r\n", "the file is empty"),
        ("AuthorID,Author\n".encode("utf-16"), "UTF-16"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"name,when\nann,2026\n", "not a supported export: it looks like a table with columns name, when"),
        (b'{"hello": 1}', "JSON whose keys match no supported export"),
        (b"just some words", "not a supported export"),
        (b"Tweet id,Tweet permalink,Tweet text,time,impressions,engagements\n1,\xff\xfe,x,y,1,1\n", "not UTF-8"),
    ],
)
def test_bad_input_gets_a_clear_message_naming_the_file(data, message):
    with pytest.raises(ExportError, match=message) as caught:
        parse_file("upload.bin", data)
    assert str(caught.value).startswith("upload.bin")


def test_duplicate_headers_are_refused():
    header = "api_id,name,email,email,created_at,approval_status,checked_in_at\n"
    with pytest.raises(ExportError, match="repeats column"):
        parse_file("dupes.csv", (header + "a,b,c,d,2026-01-01T00:00:00Z,approved,\n").encode())


def test_missing_column_is_named():
    data = MEETUP.read_bytes().replace(b"checked_in_at", b"checked_in")
    with pytest.raises(ExportError, match="not a supported export"):
        parse_file(MEETUP.name, data)


def test_headers_match_case_insensitively():
    data = MEETUP.read_bytes().replace(b"api_id,name,", b"API_ID,Name,")
    assert parse_file(MEETUP.name, data).attendance.height == 3


def test_formats_are_listed_once_each():
    names = [f.name for f in all_formats()]
    assert {"discord_json", "discord_csv", "x_tweet_activity", "luma_guests"} <= set(names)
    assert len(names) == len(set(names))


def test_unforeseen_shapes_still_raise_the_projects_error():
    # A Discord export whose messages hold numbers where objects belong.
    data = b'{"guild": {"id": "1"}, "channel": {"id": "2"}, "messages": [{"id": "3", "author": {"id": "4"}, ' \
           b'"timestamp": "2026-01-01T00:00:00+00:00", "reactions": [7]}]}'
    with pytest.raises(ExportError, match="^odd.json: cannot be read as DiscordChatExporter JSON"):
        parse_file("odd.json", data)
