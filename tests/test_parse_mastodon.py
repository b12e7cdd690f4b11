"""Mastodon archive outbox.json adapter (alone or inside the archive zip)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime, timezone

import pytest

from pipelines.errors import ExportError
from pipelines.load import load_path
from pipelines.parse import parse_file
from pipelines.parse.mastodon_outbox import html_to_text

from tests.conftest import FIXTURES, scalar

OUTBOX = FIXTURES / "mastodon" / "outbox.json"
ACTOR = FIXTURES / "mastodon" / "actor.json"
ACCOUNT = "https://social.example/users/pulse"


def status(number: int) -> str:
    return f"mastodon:{ACCOUNT}/statuses/{number}"


def archive_zip(outbox: bytes | None = None) -> bytes:
    """The account archive as Mastodon offers it: outbox.json, actor.json, likes.json, media."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("outbox.json", outbox if outbox is not None else OUTBOX.read_bytes())
        archive.writestr("actor.json", ACTOR.read_bytes())
        archive.writestr("likes.json", '{"id":"likes.json","type":"OrderedCollection","totalItems":0,'
                                       '"orderedItems":[]}')
        archive.writestr("avatar.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    return buffer.getvalue()


def rows_of(parsed) -> dict[str, dict]:
    return {row["activity_id"]: row for row in parsed.activities.iter_rows(named=True)}


def test_outbox_posts_replies_and_boosts():
    parsed = parse_file(OUTBOX.name, OUTBOX.read_bytes())
    assert parsed.format == "mastodon_outbox"
    rows = rows_of(parsed)
    # 8 items: 6 notes (one a direct message, skipped) and 2 boosts.
    assert len(rows) == 7
    assert any("1 direct message" in note for note in parsed.notes)
    first = rows[status(1001)]
    assert (first["activity_type"], first["thread_id"], first["parent_id"]) == ("post", status(1001), None)
    assert first["text"] == (
        "Hello & welcome to #pulse!\nDocs: https://docs.pulse.example/getting-started\nSee you there")
    assert (first["reactions"], first["shares"], first["replies"]) == (5, 2, 1)
    assert first["url"] == "https://social.example/@pulse/1001"
    # A self-reply threads on the account's own post.
    assert (rows[status(1002)]["activity_type"], rows[status(1002)]["thread_id"]) == ("reply", status(1001))
    # Replies to someone else's post hang on that post, the chain keeps its root.
    outside = "mastodon:https://other.example/users/bob/statuses/999"
    assert (rows[status(1003)]["parent_id"], rows[status(1003)]["thread_id"]) == (outside, outside)
    assert (rows[status(1004)]["parent_id"], rows[status(1004)]["thread_id"]) == (status(1003), outside)
    assert rows[status(1003)]["text"] == "@bob thanks for the bug report!"
    # "+02:00" converted to UTC.
    assert rows[status(1003)]["occurred_at"] == datetime(2026, 4, 2, 6, 0, tzinfo=timezone.utc)
    # Boosts are reactions given on the boosted post.
    boost = rows[f"mastodon:{ACCOUNT}/statuses/1005/activity"]
    assert (boost["activity_type"], boost["parent_id"], boost["text"], boost["url"]) == (
        "reaction", outside, None, None)
    assert rows[f"mastodon:{ACCOUNT}/statuses/1006/activity"]["thread_id"] == status(1001)
    # A content warning comes first; followers-only posts are kept.
    assert rows[status(1008)]["text"] == "Long read\n\nOutage post-mortem for followers"
    assert not any("invite code" in (row["text"] or "") for row in rows.values())


def test_outbox_alone_has_one_account_without_actor_json():
    parsed = parse_file(OUTBOX.name, OUTBOX.read_bytes())
    assert parsed.identities.rows() == [
        ("mastodon", ACCOUNT, "pulse@social.example", "pulse@social.example", None, False, False, None)]
    assert set(parsed.activities["platform_user_id"]) == {ACCOUNT}


def test_archive_zip_adds_the_actor_name_and_join_date():
    parsed = parse_file("archive-20260422090000-0123456789abcdef.zip", archive_zip())
    assert parsed.format == "mastodon_outbox"
    account = parsed.identities.row(0, named=True)
    assert (account["display_name"], account["handle"]) == ("Pulse Community", "pulse@social.example")
    assert account["joined_at"] == datetime(2025, 9, 1, tzinfo=timezone.utc)
    assert parsed.activities.height == 7


def test_html_to_text_keeps_link_text_and_line_breaks():
    assert html_to_text("<p>a &lt;b&gt; &amp; c</p><p>d<br>e</p>") == "a <b> & c\nd\ne"
    assert html_to_text('<a href="https://x.example/long"><span class="invisible">https://</span>'
                        '<span class="ellipsis">x.example/lo</span><span class="invisible">ng</span></a>') \
        == "https://x.example/long"


def test_empty_outbox_is_empty():
    data = b'{"@context":"https://www.w3.org/ns/activitystreams","id":"outbox.json","type":"OrderedCollection",' \
           b'"totalItems":0,"orderedItems":[]}'
    parsed = parse_file("archive.zip", archive_zip(data))
    assert parsed.activities.height == 0
    assert parsed.identities.height == 1  # the account, from actor.json
    alone = parse_file("outbox.json", data)
    assert (alone.format, alone.activities.height, alone.identities.height) == ("mastodon_outbox", 0, 0)


def test_bad_published_names_file_row_and_field():
    document = json.loads(OUTBOX.read_text())
    document["orderedItems"][3]["object"]["published"] = "2nd of April"
    with pytest.raises(ExportError) as caught:
        parse_file("outbox.json", json.dumps(document).encode())
    assert (caught.value.file_name, caught.value.row, caught.value.field) == ("outbox.json", 4, "object.published")


def test_missing_object_id_in_the_zip_names_the_member():
    document = json.loads(OUTBOX.read_text())
    del document["orderedItems"][0]["object"]["id"]
    with pytest.raises(ExportError, match=r"^archive.zip!outbox.json \(data row 1, field 'object.id'\)"):
        parse_file("archive.zip", archive_zip(json.dumps(document).encode()))


def test_loaded_through_the_real_loader(db_path, tmp_path):
    export = tmp_path / "archive-20260422090000-0123456789abcdef.zip"
    export.write_bytes(archive_zip())
    result = load_path(db_path, export)
    assert (result.format, result.rows_new, result.people_new) == ("mastodon_outbox", 7, 1)
    assert scalar(db_path, "SELECT count(*) FROM activities WHERE is_contribution") == 5
    assert scalar(db_path, "SELECT count(*) FROM activities WHERE activity_type = 'reaction'") == 2
    assert scalar(db_path, "SELECT display_name FROM members") == "Pulse Community"
