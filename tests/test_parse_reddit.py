"""Reddit pushshift NDJSON adapter (comments, submissions, or both)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pipelines.errors import ExportError
from pipelines.load import load_path
from pipelines.parse import parse_file

from tests.conftest import FIXTURES, scalar

SUBMISSIONS = FIXTURES / "reddit" / "RS_2026-04_PulseCommunity"
COMMENTS = FIXTURES / "reddit" / "RC_2026-04_PulseCommunity"


def parse(name: str, data: bytes):
    return parse_file(name, data)


def rows_of(parsed) -> dict[str, dict]:
    return {row["activity_id"]: row for row in parsed.activities.iter_rows(named=True)}


def test_submissions_are_threads():
    parsed = parse(SUBMISSIONS.name, SUBMISSIONS.read_bytes())
    assert parsed.format == "reddit_pushshift"
    rows = rows_of(parsed)
    question = rows["reddit:t3_1abc01"]
    assert (question["activity_type"], question["thread_id"], question["parent_id"]) == (
        "thread", "reddit:t3_1abc01", None)
    assert question["channel"] == "r/PulseCommunity"
    assert question["text"] == "How do I export from Slack?\n\nI have a zip & don't know what to do with it."
    assert (question["reactions"], question["replies"]) == (12, 4)
    assert question["url"] == "https://www.reddit.com/r/PulseCommunity/comments/1abc01/how_do_i_export_from_slack/"
    assert question["occurred_at"] == datetime(2026, 4, 1, 10, 0, tzinfo=timezone.utc)
    # A removed link post by a deleted account: kept (it holds its thread), title only, score -3 counts 0.
    removed = rows["reddit:t3_1abc02"]
    assert (removed["platform_user_id"], removed["text"], removed["reactions"]) == (
        "[deleted]", "Pulse 1.0 released", 0)


def test_comments_hang_on_parents_within_the_submission_thread():
    parsed = parse(COMMENTS.name, COMMENTS.read_bytes())
    rows = rows_of(parsed)
    assert len(rows) == 5
    assert set(parsed.activities["activity_type"]) == {"comment"}
    top = rows["reddit:t1_k1c001"]
    # Older dump style: created_utc as a string and no permalink (rebuilt).
    assert top["occurred_at"] == datetime(2026, 4, 1, 10, 10, tzinfo=timezone.utc)
    assert top["url"] == "https://www.reddit.com/r/PulseCommunity/comments/1abc01/_/k1c001/"
    assert top["text"] == "Upload the zip as it is > it works."
    assert (top["parent_id"], top["thread_id"], top["replies"]) == ("reddit:t3_1abc01", "reddit:t3_1abc01", 2)
    nested = rows["reddit:t1_k1c002"]
    assert (nested["parent_id"], nested["thread_id"]) == ("reddit:t1_k1c001", "reddit:t3_1abc01")
    # Removed body by a deleted author: kept, empty text, under "[deleted]".
    gone = rows["reddit:t1_k1c003"]
    assert (gone["platform_user_id"], gone["text"]) == ("[deleted]", "")
    # A comment whose submission is not in the file still names its thread.
    assert rows["reddit:t1_k1c005"]["thread_id"] == "reddit:t3_1zzz99"


def test_comment_authors_bots_and_moderators():
    parsed = parse(COMMENTS.name, COMMENTS.read_bytes())
    people = {row["platform_user_id"]: row for row in parsed.identities.iter_rows(named=True)}
    assert sorted(people) == ["[deleted]", "automoderator", "helper_hank", "mod_maria", "pulse_fan"]
    assert {key for key, row in people.items() if row["is_bot"]} == {"automoderator"}
    assert {key for key, row in people.items() if row["is_staff"]} == {"automoderator", "mod_maria"}
    assert people["automoderator"]["handle"] == "AutoModerator"
    assert people["helper_hank"]["display_name"] == "u/helper_hank"


def test_mixed_file_of_both_kinds_and_repeats():
    data = COMMENTS.read_bytes() + SUBMISSIONS.read_bytes() + COMMENTS.read_bytes().split(b"\n")[0] + b"\n\n"
    parsed = parse("RC_RS_mixed.ndjson", data)
    assert parsed.activities.height == 7  # 5 comments + 2 submissions, the repeated comment once
    assert any("1 repeated" in note for note in parsed.notes)
    assert dict(parsed.activities.group_by("activity_type").len().iter_rows()) == {"comment": 5, "thread": 2}


def test_malformed_line_is_reported_by_number():
    lines = COMMENTS.read_text().split("\n")
    lines[2] = lines[2][:40]
    with pytest.raises(ExportError) as caught:
        parse(COMMENTS.name, "\n".join(lines).encode())
    assert (caught.value.file_name, caught.value.line) == (COMMENTS.name, 3)
    assert "not valid JSON" in str(caught.value)


def test_bad_created_utc_names_line_and_field():
    data = COMMENTS.read_bytes().replace(b'"created_utc":1775038800', b'"created_utc":"Apr 1"')
    with pytest.raises(ExportError, match=r"^RC_2026-04_PulseCommunity \(line 2, field 'created_utc'\): cannot read"):
        parse(COMMENTS.name, data)


def test_missing_link_id_names_line_and_field():
    data = COMMENTS.read_bytes().replace(b'"link_id":"t3_1zzz99",', b"")
    with pytest.raises(ExportError, match=r"line 5, field 'link_id'"):
        parse(COMMENTS.name, data)


def test_loaded_through_the_real_loader(db_path):
    load_path(db_path, SUBMISSIONS)
    result = load_path(db_path, COMMENTS)
    assert (result.format, result.rows_new) == ("reddit_pushshift", 5)
    assert scalar(db_path, "SELECT count(*) FROM activities WHERE thread_id = 'reddit:t3_1abc01'") == 5
    # One member for every deleted account, whichever file brought it.
    assert scalar(db_path, "SELECT count(*) FROM identities WHERE platform_user_id = '[deleted]'") == 1
    assert scalar(db_path, "SELECT count(*) FROM activities WHERE platform = 'reddit' AND is_contribution") == 7
    assert scalar(db_path, "SELECT count(*) FROM members WHERE is_bot") == 1
    assert scalar(db_path, "SELECT count(DISTINCT channel) FROM activities") == 1
