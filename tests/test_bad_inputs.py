"""The bad input corpus (tests/bad_inputs/, made by its generate.py): every file is refused by the
CLI and by the Data page's check with a message naming the file and the problem, and the
warehouse is exactly as before: the same bytes after each file (so every table is unchanged; no
stray copy, no kept file either), and every table compared after the whole corpus went through the
real CLI. Header-only exports of a known format are the one exception, as README documents: they
load as zero rows, adding only their line to the load history.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.commands.ingest import ingest
from pipelines.load import load_path
from pipelines.load.flags import mark_identities
from pipelines.load.preview import preview_upload
from pipelines.parse import ParseOptions
from pipelines.parse.archive import MAX_FILE_BYTES, MAX_ZIP_MEMBERS

from tests.bad_inputs import generate
from tests.conftest import FIXTURES, scalar, warehouse_contents

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = generate.HERE
NOT_SUPPORTED = "not a supported export"
EMPTY = "the file is empty"
BINARY = "the file is binary, not a text export"
NOT_UTF8 = "the text is not UTF-8"
UTF16 = "the file is UTF-16 text"
MALFORMED_JSON = "the JSON is malformed"
NOT_A_DATE = "as a date and time"
REPEATED = "the header repeats column(s)"
DAMAGED_ZIP = "the zip is damaged or cut short"
NOTHING_IN_ZIP = "the zip holds no files to load"
ZIP_IN_ZIP = "a zip inside a zip is not opened"

# Every refused file of the corpus, and what its message must say (each message about it, for a
# zip whose members are refused one by one).
REFUSED = {
    # empty
    "empty.csv": EMPTY,
    "empty.json": EMPTY,
    "blank-lines.csv": EMPTY,
    "bom-only.csv": EMPTY,
    "two-boms-and-spaces.csv": EMPTY,
    "empty.zip": NOTHING_IN_ZIP,
    "only-a-folder.zip": NOTHING_IN_ZIP,
    "header-only-unknown.csv": NOT_SUPPORTED,
    # binary
    "random.bin": BINARY,
    "random-named.csv": BINARY,
    "picture.png": BINARY,
    "report.pdf": BINARY,
    "nul-bytes-in-luma.csv": BINARY,
    "discord.json.gz": BINARY,
    "RC_2026-04.zst": BINARY,
    "not-really-a-workbook.xls": "it looks like a binary file",
    "program.elf": BINARY,
    # truncated JSON
    "discord-cut-in-half.json": MALFORMED_JSON,
    "discord-cut-after-messages.json": MALFORMED_JSON,
    "discord-unterminated-string.json": MALFORMED_JSON,
    "discord-trailing-garbage.json": MALFORMED_JSON,
    "mastodon-outbox-cut.json": MALFORMED_JSON,
    "RC_2026-04_last-line-cut": "(line 5): the line is not valid JSON",
    "slack-day-file-cut.zip": MALFORMED_JSON,
    # wrong encoding
    "utf16-le-luma - Guests - 2026-04-21-09-00-00.csv": UTF16,
    "utf16-be-tweet_activity.csv": UTF16,
    "utf16-without-bom.csv": BINARY,
    "utf32-luma.csv": UTF16,
    "latin1-discord - Support - help [900].csv": NOT_UTF8,
    "cp1252-eventbrite-attendees.csv": NOT_UTF8,
    "latin1-discord.json": NOT_UTF8,
    "shift-jis-luma.csv": NOT_UTF8,
    # columns missing or renamed: no adapter recognises the shape, so the message offers the mapping
    "luma-without-email - Guests - 2026-04-21-09-00-00.csv": NOT_SUPPORTED,
    "luma-check-in-renamed - Guests - 2026-04-21-09-00-00.csv": NOT_SUPPORTED,
    "tweets-without-impressions.csv": NOT_SUPPORTED,
    "eventbrite-without-email.csv": NOT_SUPPORTED,
    "participants_84512345678-without-join-time.csv": "no participant table (a header with Join Time and Leave Time)",
    "discourse-posts-without-username.csv": NOT_SUPPORTED,
    "facebook-without-publish-time.csv": NOT_SUPPORTED,
    "youtube-without-publish-time.csv": NOT_SUPPORTED,
    "discord - Support - help [900] without content.csv": NOT_SUPPORTED,
    "meetup-without-rsvp.xls": NOT_SUPPORTED,
    "discord-without-messages.json": NOT_SUPPORTED,
    "discord-message-without-author.json": "a message lacks its id or author id",
    "discord-messages-not-a-list.json": "messages must be a list",
    "RC_2026-04_without-created-utc": "(line 2, field 'created_utc')",
    "luma-semicolons - Guests - 2026-04-21-09-00-00.csv": "the file uses ';' between fields",
    "tweets-ids-rounded-by-excel.csv": "IDs were rounded to scientific notation ('1.78E+18')",
    "slack-without-users.zip": NOT_SUPPORTED,
    "linkedin-without-posts-sheet.xlsx": "an Office document (such as an Excel workbook) without the sheets",
    # dates that do not parse
    "discord-bad-timestamp.json": "cannot read 'yesterday at noon' as a date and time",
    "discord-february-30.json": "cannot read '2026-02-30T08:00:00.000+00:00' as a date and time",
    "luma-bad-created-at - Guests - 2026-04-21-09-00-00.csv": "(data row 1, field 'created_at'): cannot read",
    "tweets-bad-time.csv": "(data row 1, field 'time'): cannot read 'April 1st, noon'",
    "eventbrite-bad-order-date.csv": "(data row 1, field 'Order Date'): cannot read '2026-13-45 10:15:00'",
    "participants_84512345678-bad-join-time.csv": "(data row 1, field 'join time'): cannot read '16.04.2026 17h58'",
    "discourse-posts-bad-created-at.csv": "(data row 1, field 'created_at'): cannot read 'last Tuesday'",
    "RC_2026-04_created-utc-as-words": "cannot read created_utc 'noon' as Unix seconds",
    "facebook-bad-publish-time.csv": "(data row 1, field 'Publish time'): cannot read '2026-04-03T18:12'",
    "youtube-bad-publish-date.csv": "cannot read '3 Novembre 2024' as a date and time",
    "meetup-bad-rsvp-date.xls": "(data row 1, field 'RSVPed on'): cannot read '20th March'",
    "91234567890 - Attendee Report bad join time.csv": "cannot read 'sometime in April' as a date and time",
    # zips
    "zip-slip-relative.zip": NOT_SUPPORTED,
    "zip-slip-absolute.zip": NOT_SUPPORTED,
    "zip-slip-windows.zip": NOT_SUPPORTED,
    "zip-bomb.zip": "'zeros.csv' expands 1027x: refused as a zip bomb",
    "zip-bomb-lying-sizes.zip": "cannot read this zip member: Bad CRC-32",
    "zip-in-zip.zip": ZIP_IN_ZIP,
    "zip-bomb-in-zip.zip": ZIP_IN_ZIP,
    "zip-damaged.zip": DAMAGED_ZIP,
    "zip-cut-in-half.zip": DAMAGED_ZIP,
    "zip-encrypted.zip": "the file is password-protected in the zip",
    "zip-unknown-compression.zip": "cannot read this zip member: That compression method is not supported",
    "zip-bad-crc.zip": "cannot read this zip member: Bad CRC-32",
    "zip-only-mac-junk.zip": NOTHING_IN_ZIP,
    # duplicated headers
    "luma-email-twice - Guests - 2026-04-21-09-00-00.csv": f"(line 1): {REPEATED} email",
    "tweets-time-twice-in-two-cases.csv": f"(line 1): {REPEATED} time",
    "meetup-rsvp-twice.xls": f"(line 1): {REPEATED} rsvp",
    "participants_84512345678-email-twice.csv": f"(line 4): {REPEATED} user email",
    # JSON that is not an export, or is hostile
    "json-null.json": NOT_SUPPORTED,
    "json-number.json": NOT_SUPPORTED,
    "json-empty-list.json": NOT_SUPPORTED,
    "json-unrelated.json": NOT_SUPPORTED,
    "json-nested-100000-deep.json": "RecursionError",
    "discord-5000-digit-id.json": "Exceeds the limit (4300 digits)",
    "discord-guild-is-a-list.json": "guild and channel must be JSON objects",
    # text that is not a table an adapter knows, or a table that is malformed
    "web-page.csv": NOT_SUPPORTED,
    "feed.xml": NOT_SUPPORTED,
    "luma-ragged-row - Guests - 2026-04-21-09-00-00.csv": "the CSV is malformed",
    "luma-unclosed-quote - Guests - 2026-04-21-09-00-00.csv": "the CSV is malformed",
    "tweets-impressions-not-numbers.csv": "(data row 1, field 'impressions'): 'a thousand' is not a number",
}
# Header-only exports of known formats: zero rows (README: "a header-only export loads as zero rows").
ZERO_ROWS = {
    "header-only-luma - Guests - 2026-04-21-09-00-00.csv": "luma_guests",
    "header-only-tweet_activity_metrics.csv": "x_tweet_activity",
    "header-only-eventbrite-attendees.csv": "eventbrite_attendees",
}


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and p.suffix not in {".py", ".pyc"})


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """A warehouse with something in every kind of table: chat, an event, social posts, a flag."""
    db = tmp_path_factory.mktemp("bad-inputs") / "warehouse.duckdb"
    for path in (FIXTURES / "discord" / "help_march_april.json",
                 FIXTURES / "luma" / "Spring Meetup - Guests - 2026-04-21-09-00-00.csv",
                 FIXTURES / "x" / "tweet_activity_metrics_PulseTest_20260401_20260501_en.csv"):
        load_path(db, path)
    mark_identities(db, [("discord", "4")], is_staff=True)
    return db


def folder_state(db: Path) -> dict[str, str]:
    """Every file in the warehouse's folder (kept copies included) and its SHA-256: none may
    appear, vanish or change, the warehouse itself included."""
    return {str(p.relative_to(db.parent)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(db.parent.rglob("*")) if p.is_file() and not p.name.endswith((".lock", ".gate", ".readers"))}


def refusals(output: str) -> list[str]:
    return [line[2:] for line in output.splitlines() if line.startswith("✗ ")]


def test_the_corpus_is_the_generated_one_and_every_file_has_an_expectation():
    on_disk = {p.name: p.read_bytes() for p in corpus_files()}
    assert on_disk == generate.small_files(), "run: .venv/bin/python tests/bad_inputs/generate.py"
    assert set(on_disk) == set(REFUSED) | set(ZERO_ROWS)
    assert len(on_disk) >= 60


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_its_name_and_the_problem_and_nothing_changes(name, warehouse, capsys):
    path = CORPUS / name
    before = folder_state(warehouse)

    # The CLI (python -m pipelines ingest, in process).
    assert ingest(warehouse, [path]) == 1
    output = capsys.readouterr()
    messages = refusals(output.err)
    assert messages and not refusals(output.out) and "✓" not in output.out
    for message in messages:
        assert message.startswith(name), message
        assert REFUSED[name] in message, message
        assert "Traceback" not in message

    # The Data page's check before anything is written.
    previews = preview_upload(warehouse, name, path.read_bytes(), ParseOptions())
    assert previews and not any(preview.loadable for preview in previews)
    for preview in previews:
        assert preview.problem.startswith(name) and REFUSED[name] in preview.problem, preview.problem

    assert folder_state(warehouse) == before


@pytest.mark.parametrize("name", sorted(ZERO_ROWS))
def test_a_header_only_export_loads_as_zero_rows(name, warehouse, tmp_path, capsys):
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(warehouse, db)
    before = warehouse_contents(db)
    assert ingest(db, [CORPUS / name]) == 0
    assert f"✓ {name}: {ZERO_ROWS[name]}, 0 rows new, 0 already present" in capsys.readouterr().out
    after = warehouse_contents(db)
    bookkeeping = {"ingest_batches", "warehouse_info"}
    assert {t: rows for t, rows in after.items() if t not in bookkeeping} == \
        {t: rows for t, rows in before.items() if t not in bookkeeping}
    assert scalar(db, "SELECT rows_loaded FROM ingest_batches WHERE file_name = $name", {"name": name}) == 0


def test_the_whole_corpus_through_the_real_cli(warehouse, tmp_path):
    """One `python -m pipelines ingest` of every refused file: each named in the errors, and every
    table exactly as before."""
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(warehouse, db)
    before = warehouse_contents(db)
    refused = [CORPUS / name for name in sorted(REFUSED)]
    result = subprocess.run([sys.executable, "-m", "pipelines", "ingest", *map(str, refused), "--db", str(db)],
                            cwd=PROJECT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stderr[-3000:]
    messages = refusals(result.stderr)
    for name, problem in REFUSED.items():
        assert any(m.startswith(name) and problem in m for m in messages), (name, result.stderr[-3000:])
    assert "✓" not in result.stdout, result.stdout
    assert f"{len(messages)} file(s) failed; nothing of them was stored" in result.stdout
    assert warehouse_contents(db) == before


# --- the huge ones, made here rather than committed ---------------------------------------------


@pytest.mark.parametrize("make, problem", [
    (generate.wide_header, " (line 1): the header has 200,023 columns, over the 10,000 limit"),
    (generate.wide_unknown_header, ": not a supported export: it looks like a table with columns c0, c1"),
])
def test_a_header_line_of_200000_columns(make, problem, warehouse, tmp_path, capsys):
    path = make(tmp_path)
    before = folder_state(warehouse)
    assert ingest(warehouse, [path]) == 1
    [message] = refusals(capsys.readouterr().err)
    assert message.startswith(path.name + problem)
    [preview] = preview_upload(warehouse, path.name, path.read_bytes(), ParseOptions())
    assert preview.problem == message
    assert folder_state(warehouse) == before


def test_a_file_ten_times_the_size_limit_is_refused_unread(warehouse, tmp_path, capsys, monkeypatch):
    huge = generate.ten_times_the_limit(tmp_path, MAX_FILE_BYTES)
    assert huge.stat().st_size == 10 * MAX_FILE_BYTES
    assert huge.stat().st_blocks * 512 < 1 << 20  # sparse: the test costs no disk
    real_read = Path.read_bytes

    def never_this_one(path: Path) -> bytes:
        assert path != huge, "a file over the limit was read into memory"
        return real_read(path)

    before = folder_state(warehouse)
    monkeypatch.setattr(Path, "read_bytes", never_this_one)
    assert ingest(warehouse, [huge]) == 1
    [message] = refusals(capsys.readouterr().err)
    assert message == f"{huge.name}: the file is 10240 MiB, over the 1024 MiB limit"
    monkeypatch.undo()
    assert folder_state(warehouse) == before


def test_an_upload_ten_times_the_limit_is_refused_before_parsing(warehouse, monkeypatch):
    """The Data page's own check (Streamlit also refuses uploads over server.maxUploadSize)."""
    from pipelines.load import preview

    monkeypatch.setattr(preview, "MAX_FILE_BYTES", 1024)
    [refused] = preview.preview_upload(warehouse, "big.json", b"{" + b" " * 10 * 1024, ParseOptions())
    assert refused.problem.startswith("big.json: the file is") and "over the" in refused.problem
    assert not refused.loadable
    config = (PROJECT / ".streamlit" / "config.toml").read_text()
    assert "maxUploadSize = 200" in config


def test_a_zip_of_more_members_than_allowed(warehouse, tmp_path, capsys):
    bundle = generate.too_many_members(tmp_path, MAX_ZIP_MEMBERS)
    before = folder_state(warehouse)
    assert ingest(warehouse, [bundle]) == 1
    [message] = refusals(capsys.readouterr().err)
    assert message == f"{bundle.name}: the zip holds {MAX_ZIP_MEMBERS + 1} files, over the {MAX_ZIP_MEMBERS} limit"
    assert folder_state(warehouse) == before


def test_nothing_was_written_outside_the_warehouse_folder(tmp_path, capsys):
    """The zip-slip members (../, absolute, Windows paths) hold exports here: they load, under
    their zip's name, and nothing appears outside the warehouse's folder."""
    db = tmp_path / "data" / "warehouse.duckdb"
    help_export = (FIXTURES / "discord" / "help_march_april.json").read_bytes()
    slip = tmp_path / "slip.zip"
    slip.write_bytes(generate.zipped({"../../escaped.json": help_export,
                                      "/tmp/community-pulse-absolute.json": help_export.replace(b'"900"', b'"901"'),
                                      "..\\..\\windows.json": help_export.replace(b'"900"', b'"902"')}))
    outside_before = sorted(p for p in tmp_path.rglob("*") if "data" not in p.parts)
    assert ingest(db, [slip]) == 0
    assert "slip.zip!../../escaped.json: discord_json" in capsys.readouterr().out
    assert sorted(p for p in tmp_path.rglob("*") if "data" not in p.parts) == outside_before
    assert not Path("/tmp/community-pulse-absolute.json").exists()
    assert not (tmp_path.parent / "escaped.json").exists()
    kept = [str(p.relative_to(db.parent)) for p in (db.parent / "files").rglob("*") if p.is_file()]
    assert len(kept) == 3 and all(re.fullmatch(r"files/[0-9a-f]{2}/[0-9a-f]{64}", path) for path in kept)
    assert scalar(db, "SELECT count(*) FROM ingest_batches WHERE file_name LIKE 'slip.zip!%'") == 3
