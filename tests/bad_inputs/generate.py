"""The bad input corpus: broken, hostile and wrong files, each of which must be refused (or, for a
header-only export, loaded as zero rows) with a message naming the file and the problem, leaving
the warehouse as it was. tests/test_bad_inputs.py states the expected message of every file.

    .venv/bin/python tests/bad_inputs/generate.py     # (re)writes the small files beside this module

The small files are committed; most are a fixture from tests/fixtures with one thing broken, so
the adapter that reads it gets past detection and meets the fault. The huge ones (a 200,000-column
header, a file ten times the size limit, a zip of more members than allowed) are made at test
time in a temporary folder by the functions at the end, never committed.
"""

from __future__ import annotations

import csv
import gzip
import io
import random
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
BOM = b"\xef\xbb\xbf"

LUMA = FIXTURES / "luma" / "Spring Meetup - Guests - 2026-04-21-09-00-00.csv"
X = FIXTURES / "x" / "tweet_activity_metrics_PulseTest_20260401_20260501_en.csv"
EVENTBRITE = FIXTURES / "eventbrite" / "report-880000000001-attendees.csv"
DISCOURSE_POSTS = FIXTURES / "discourse" / "posts@pulse-forum-2026-04-22.dcqresult.csv"
FACEBOOK = FIXTURES / "facebook" / "Apr-01-2026_Apr-30-2026_1587421903.csv"
YOUTUBE = FIXTURES / "youtube" / "Table data.csv"
ZOOM_PARTICIPANTS = FIXTURES / "zoom" / "participants_84512345678.csv"
ZOOM_WEBINAR = FIXTURES / "zoom" / "91234567890 - Attendee Report.csv"
MEETUP = FIXTURES / "meetup" / "Pulse_Spring_Meetup_298765432.xls"
DISCORD = FIXTURES / "discord" / "help_march_april.json"
MASTODON = FIXTURES / "mastodon" / "outbox.json"
REDDIT = FIXTURES / "reddit" / "RC_2026-04_PulseCommunity"
SLACK = FIXTURES / "slack" / "pulse-workspace"
LINKEDIN = FIXTURES / "linkedin" / "pulse-community_content_1714521600000.xlsx"
DISCORD_CSV_HEADER = "AuthorID,Author,Date,Content,Attachments,Reactions\n"


# --- building blocks ---------------------------------------------------------------------------


def text(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


def replaced(path: Path, old: str, new: str, count: int = 1) -> bytes:
    content = text(path)
    assert old in content, f"{old!r} is not in {path.name}"
    return content.replace(old, new, count).encode("utf-8")


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text(path), newline="")))


def csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def without_column(path: Path, column: str) -> bytes:
    rows = csv_rows(path)
    index = [cell.lower() for cell in rows[0]].index(column.lower())
    return csv_bytes([row[:index] + row[index + 1:] for row in rows])


def renamed_column(path: Path, column: str, new_name: str) -> bytes:
    rows = csv_rows(path)
    rows[0] = [new_name if cell.lower() == column.lower() else cell for cell in rows[0]]
    return csv_bytes(rows)


def cell_set(path: Path, column: str, value: str, row: int = 1) -> bytes:
    """The fixture with one data cell (row counted from 1 below the header) replaced."""
    rows = csv_rows(path)
    rows[row][[cell.lower() for cell in rows[0]].index(column.lower())] = value
    return csv_bytes(rows)


def header_only(path: Path) -> bytes:
    return csv_bytes(csv_rows(path)[:1])


def zipped(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 4, 1, 0, 0, 0))  # fixed: the bytes never change
            info.compress_type = compression
            archive.writestr(info, content)
    return buffer.getvalue()


def slack_members(replace: dict[str, bytes | None] | None = None) -> dict[str, bytes]:
    """The Slack fixture's members as Slack zips them; a None in `replace` leaves a member out."""
    members = {str(p.relative_to(SLACK.parent)): p.read_bytes() for p in sorted(SLACK.rglob("*.json"))}
    for name, content in (replace or {}).items():
        if content is None:
            members.pop(name)
        else:
            members[name] = content
    return members


def patch_central_directory(data: bytes, patch: Callable[[bytearray, int], None]) -> bytes:
    """Apply `patch(buffer, offset)` to every central-directory entry (the sizes and flags
    zipfile trusts), leaving the local headers and data as written."""
    buffer = bytearray(data)
    offset = buffer.find(b"PK\x01\x02")
    while offset != -1:
        patch(buffer, offset)
        offset = buffer.find(b"PK\x01\x02", offset + 4)
    return bytes(buffer)


def set_flag_encrypted(buffer: bytearray, offset: int) -> None:
    flags = struct.unpack_from("<H", buffer, offset + 8)[0]
    struct.pack_into("<H", buffer, offset + 8, flags | 0x1)


def set_method_unknown(buffer: bytearray, offset: int) -> None:
    struct.pack_into("<H", buffer, offset + 10, 99)  # 99: AES, which zipfile cannot read


def set_sizes_small(buffer: bytearray, offset: int) -> None:
    compressed = struct.unpack_from("<I", buffer, offset + 20)[0]
    struct.pack_into("<I", buffer, offset + 24, compressed * 2)  # claims 2x; really expands ~1000x


def flip_stored_byte(data: bytes, marker: bytes) -> bytes:
    """A stored (uncompressed) member with one byte of its data changed: its CRC no longer matches."""
    at = data.index(marker)
    return data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1:]


def png() -> bytes:
    header = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return header + b"\x90wS\xde" + b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N" \
        + b"\x00\x00\x00\x00IEND\xaeB`\x82"


def noise(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


# --- the corpus --------------------------------------------------------------------------------


def small_files() -> dict[str, bytes]:
    """File name -> content of every committed file of the corpus."""
    discord = text(DISCORD)
    zeros = b"\x00" * (10 << 20)
    luma_header_row = csv_rows(LUMA)[0]
    files = {
        # empty
        "empty.csv": b"",
        "empty.json": b"",
        "blank-lines.csv": b"\n\n\r\n   \t\n",
        "bom-only.csv": BOM,
        "two-boms-and-spaces.csv": BOM + BOM + b"   \n",
        "empty.zip": zipped({}),
        "only-a-folder.zip": zipped({"exports/": b""}),
        # header only: unknown shapes are refused; known exports load as zero rows
        "header-only-unknown.csv": b"name,joined\n",
        "header-only-luma - Guests - 2026-04-21-09-00-00.csv": header_only(LUMA),
        "header-only-tweet_activity_metrics.csv": header_only(X),
        "header-only-eventbrite-attendees.csv": header_only(EVENTBRITE),
        # binary
        "random.bin": noise(4096, seed=1),
        "random-named.csv": noise(2048, seed=2),
        "picture.png": png(),
        "report.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstream\n"
                      + noise(512, seed=3) + b"\nendstream\n%%EOF\n",
        "nul-bytes-in-luma.csv": BOM + ",".join(luma_header_row).encode() + b"\n\x00\x00\x00gst-1\x00,\x00\n",
        "discord.json.gz": gzip.compress(DISCORD.read_bytes(), mtime=0),
        "RC_2026-04.zst": b"\x28\xb5\x2f\xfd" + noise(300, seed=4),
        "not-really-a-workbook.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + noise(1024, seed=5),
        "program.elf": b"\x7fELF\x02\x01\x01" + noise(256, seed=6),
        # truncated JSON
        "discord-cut-in-half.json": DISCORD.read_bytes()[: len(DISCORD.read_bytes()) // 2],
        "discord-cut-after-messages.json": b'{"guild": {"id": "1"}, "channel": {"id": "2"}, "messages": [',
        "discord-unterminated-string.json": discord[: discord.index('"content": "') + 20].encode(),
        "discord-trailing-garbage.json": DISCORD.read_bytes() + b"\n}}]] garbage",
        "mastodon-outbox-cut.json": MASTODON.read_bytes()[:700],
        "RC_2026-04_last-line-cut": REDDIT.read_bytes()[:-60],
        "slack-day-file-cut.zip": zipped(slack_members({
            "pulse-workspace/general/2026-04-01.json":
                (SLACK / "general" / "2026-04-01.json").read_bytes()[:100]})),
        # wrong encoding
        "utf16-le-luma - Guests - 2026-04-21-09-00-00.csv": LUMA.read_bytes()[3:].decode().encode("utf-16"),
        "utf16-be-tweet_activity.csv": b"\xfe\xff" + X.read_bytes().decode().encode("utf-16-be"),
        "utf16-without-bom.csv": text(LUMA).encode("utf-16-le"),
        "utf32-luma.csv": text(LUMA).encode("utf-32"),
        "latin1-discord - Support - help [900].csv":
            (DISCORD_CSV_HEADER + "1,José,2026-04-01 10:00,café crème,,\n").encode("latin-1"),
        "cp1252-eventbrite-attendees.csv": text(EVENTBRITE).replace("Acme", "\u201cAcme\u201d").encode("cp1252"),
        "latin1-discord.json": replaced(DISCORD, '"name": "help"', '"name": "aide \u00e9t\u00e9"')
            .decode().encode("latin-1", errors="replace"),
        "shift-jis-luma.csv": (",".join(luma_header_row) + "\ngst-9,山田,,,yamada@example.com\n").encode("shift_jis"),
        # columns missing or renamed
        "luma-without-email - Guests - 2026-04-21-09-00-00.csv": without_column(LUMA, "email"),
        "luma-check-in-renamed - Guests - 2026-04-21-09-00-00.csv": renamed_column(LUMA, "checked_in_at", "checkin_time"),
        "tweets-without-impressions.csv": without_column(X, "impressions"),
        "eventbrite-without-email.csv": without_column(EVENTBRITE, "Email"),
        "participants_84512345678-without-join-time.csv": replaced(ZOOM_PARTICIPANTS, "Join Time,", "Joined,"),
        "discourse-posts-without-username.csv": without_column(DISCOURSE_POSTS, "username"),
        "facebook-without-publish-time.csv": without_column(FACEBOOK, "Publish time"),
        "youtube-without-publish-time.csv": renamed_column(YOUTUBE, "Video publish time", "Published"),
        "discord - Support - help [900] without content.csv": b"AuthorID,Author,Date,Attachments,Reactions\n"
                                                             b"1,ann,2026-04-01 10:00,,\n",
        "meetup-without-rsvp.xls": replaced(MEETUP, "\tRSVP\t", "\tAnswer\t"),
        "discord-without-messages.json": replaced(DISCORD, '"messages": [', '"posts": ['),
        "discord-message-without-author.json": replaced(DISCORD, '"author": {', '"writer": {'),
        "discord-messages-not-a-list.json": b'{"guild": {"id": "1"}, "channel": {"id": "2"}, "messages": "none"}',
        "RC_2026-04_without-created-utc": REDDIT.read_bytes().replace(b'"created_utc":1775038800,', b"", 1),
        "luma-semicolons - Guests - 2026-04-21-09-00-00.csv": text(LUMA).replace(",", ";").encode(),
        "tweets-ids-rounded-by-excel.csv": replaced(X, '"1780000000000000001"', '"1.78E+18"'),
        "slack-without-users.zip": zipped(slack_members({"pulse-workspace/users.json": None})),
        "linkedin-without-posts-sheet.xlsx": _workbook_without_posts_sheet(),
        # dates that do not parse
        "discord-bad-timestamp.json": replaced(DISCORD, '"timestamp": "2026-03-15T08:00:00.000+00:00"',
                                               '"timestamp": "yesterday at noon"'),
        "discord-february-30.json": replaced(DISCORD, '"timestamp": "2026-03-15T08:00:00.000+00:00"',
                                             '"timestamp": "2026-02-30T08:00:00.000+00:00"'),
        "luma-bad-created-at - Guests - 2026-04-21-09-00-00.csv": cell_set(LUMA, "created_at", "15/04/2026 10h"),
        "tweets-bad-time.csv": cell_set(X, "time", "April 1st, noon"),
        "eventbrite-bad-order-date.csv": cell_set(EVENTBRITE, "Order Date", "2026-13-45 10:15:00"),
        "participants_84512345678-bad-join-time.csv": replaced(ZOOM_PARTICIPANTS, "04/16/2026 5:58:10 PM",
                                                               "16.04.2026 17h58"),
        "discourse-posts-bad-created-at.csv": replaced(DISCOURSE_POSTS, "2026-04-01 10:00:00.123+00", "last Tuesday"),
        "RC_2026-04_created-utc-as-words": REDDIT.read_bytes().replace(b'"created_utc":1775038800',
                                                                       b'"created_utc":"noon"', 1),
        "facebook-bad-publish-time.csv": replaced(FACEBOOK, '"04/03/2026 18:12"', '"2026-04-03T18:12"'),
        "youtube-bad-publish-date.csv": replaced(YOUTUBE, '"Nov 3, 2024"', '"3 Novembre 2024"'),
        "meetup-bad-rsvp-date.xls": replaced(MEETUP, "03/20/2026", "20th March"),
        "91234567890 - Attendee Report bad join time.csv": replaced(ZOOM_WEBINAR, '"Apr 20, 2026 18:01:00"',
                                                                     '"sometime in April"'),
        # zips that try to write elsewhere, expand hugely, nest, or are damaged
        "zip-slip-relative.zip": zipped({"../../../../tmp/evil.csv": b"owned,1\n",
                                         "../outside.json": b'{"not": "an export"}'}),
        "zip-slip-absolute.zip": zipped({"/etc/cron.d/evil.csv": b"* * * * * root sh\n",
                                         "/tmp/evil.json": b'{"x": 1}'}),
        "zip-slip-windows.zip": zipped({"..\\..\\Windows\\evil.csv": b"a,b\n", "C:\\evil.csv": b"a,b\n"}),
        "zip-bomb.zip": zipped({"zeros.csv": zeros}),
        "zip-bomb-lying-sizes.zip": patch_central_directory(zipped({"zeros.csv": zeros[: 1 << 20]}), set_sizes_small),
        "zip-in-zip.zip": zipped({"inner.zip": zipped({"help.json": DISCORD.read_bytes()})}),
        "zip-bomb-in-zip.zip": zipped({"inner.zip": zipped({"zeros.csv": zeros})}),
        "zip-damaged.zip": b"PK\x03\x04" + noise(600, seed=7),
        "zip-cut-in-half.zip": zipped({"help.json": DISCORD.read_bytes(), "luma.csv": LUMA.read_bytes()})[:1500],
        "zip-encrypted.zip": patch_central_directory(zipped({"help.json": DISCORD.read_bytes()}), set_flag_encrypted),
        "zip-unknown-compression.zip": patch_central_directory(zipped({"help.json": DISCORD.read_bytes()}),
                                                               set_method_unknown),
        "zip-bad-crc.zip": flip_stored_byte(zipped({"help.json": DISCORD.read_bytes()}, zipfile.ZIP_STORED),
                                            b"Fixture Guild"),
        "zip-only-mac-junk.zip": zipped({"__MACOSX/._help.json": b"\x00\x05\x16\x07", ".DS_Store": b"\x00\x00\x00\x01Bud1"}),
        # duplicated headers
        "luma-email-twice - Guests - 2026-04-21-09-00-00.csv": renamed_column(LUMA, "phone_number", "email"),
        "tweets-time-twice-in-two-cases.csv": renamed_column(X, "engagement rate", "TIME"),
        "meetup-rsvp-twice.xls": replaced(MEETUP, "\tTitle\t", "\tRSVP\t"),
        "participants_84512345678-email-twice.csv": replaced(ZOOM_PARTICIPANTS, "Guest,Recording Consent",
                                                             "User Email,Recording Consent"),
        # JSON that is not an export, or is hostile
        "json-null.json": b"null",
        "json-number.json": b"12345",
        "json-empty-list.json": b"[]",
        "json-unrelated.json": b'{"name": "my notes", "items": [1, 2, 3]}',
        "json-nested-100000-deep.json": b'{"guild": {}, "channel": {}, "messages": ' + b"[" * 100_000,
        "discord-5000-digit-id.json": replaced(DISCORD, '"id": "100"', '"id": ' + "9" * 5000),
        "discord-guild-is-a-list.json": replaced(DISCORD, '"guild": {', '"guild": [{').replace(
            b'"iconUrl": ""\n  },', b'"iconUrl": ""\n  }],', 1),
        # text that is not a table an adapter knows
        "web-page.csv": b"<!doctype html><html><body><script>alert(1)</script><a href='javascript:x'>x</a></body></html>",
        "feed.xml": b'<?xml version="1.0"?><rss><channel><item><title>x</title></item></channel></rss>',
        "luma-ragged-row - Guests - 2026-04-21-09-00-00.csv": text(LUMA).replace("tt-1,General,", "tt-1,General,x,y,z,",
                                                                                 1).encode(),
        "luma-unclosed-quote - Guests - 2026-04-21-09-00-00.csv": text(LUMA).replace('"Learning, mostly"',
                                                                                    '"Learning, mostly', 1).encode(),
        "tweets-impressions-not-numbers.csv": cell_set(X, "impressions", "a thousand"),
    }
    return files


def _workbook_without_posts_sheet() -> bytes:
    """The LinkedIn fixture with its 'All posts' sheet renamed, as if another report was exported."""
    source = zipfile.ZipFile(LINKEDIN)
    members = {}
    for info in source.infolist():
        content = source.read(info)
        if info.filename == "xl/workbook.xml":
            content = content.replace(b'name="All posts"', b'name="Followers"')
        members[info.filename] = content
    return zipped(members)


def write_small_files() -> None:
    for stale in HERE.iterdir():
        if stale.is_file() and stale.suffix != ".py":
            stale.unlink()
    for name, content in small_files().items():
        (HERE / name).write_bytes(content)


# --- the huge ones, made at test time ----------------------------------------------------------

WIDE_COLUMNS = 200_000


def wide_header(folder: Path) -> Path:
    """A Luma guest list whose header line has 200,000 more columns (about 2.5 MB on one line)."""
    path = folder / "wide - Guests - 2026-04-21-09-00-00.csv"
    header = text(LUMA).splitlines()[0] + "," + ",".join(f"extra_{n}" for n in range(WIDE_COLUMNS))
    path.write_text(header + "\n" + "\n".join(text(LUMA).splitlines()[1:]) + "\n", encoding="utf-8")
    return path


def wide_unknown_header(folder: Path) -> Path:
    """200,000 columns nobody knows."""
    path = folder / "wide-unknown.csv"
    path.write_text(",".join(f"c{n}" for n in range(WIDE_COLUMNS)) + "\n1,2,3\n", encoding="utf-8")
    return path


def ten_times_the_limit(folder: Path, limit: int) -> Path:
    """A sparse file ten times the size limit: it takes no disk space, and must never be read."""
    path = folder / "ten-times-the-limit.json"
    with open(path, "wb") as handle:
        handle.write(b'{"guild": {"id": "1"}, "channel": {"id": "2"}, "messages": [')
        handle.truncate(10 * limit)
    return path


def too_many_members(folder: Path, limit: int) -> Path:
    """A zip of one member more than allowed (empty members: a small file)."""
    path = folder / "too-many-members.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for n in range(limit + 1):
            archive.writestr(f"m{n}.csv", b"")
    return path


if __name__ == "__main__":
    write_small_files()
    print(f"wrote {len(small_files())} files to {HERE}")
