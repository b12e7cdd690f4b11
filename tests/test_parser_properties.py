"""Property tests of the parse layer: whatever bytes arrive, parsing either succeeds or raises the
project's own ExportError (naming the file), never anything else.

Random bytes alone rarely get past format detection, so most strategies start from something an
adapter recognises: a fixture cut short and continued with random bytes, a fixture with bytes
changed, a fixture's header over rows of awkward cells, and zip-based exports (a Slack workspace,
an .xlsx workbook) whose members are damaged inside an otherwise valid zip.

The runs are derandomised so CI is repeatable; HYPOTHESIS_EXAMPLES=2000 (say) explores further.
"""

from __future__ import annotations

import io
import os
import warnings
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.errors import ExportError
from pipelines.load.sources import expand_zip
from pipelines.parse import ParsedExport, parse_file
from pipelines.parse.registry import ParseOptions

from tests.conftest import FIXTURES

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SLACK_ROOT = FIXTURES / "slack" / "pulse-workspace"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
DISCORD_CSV = ("Pulse - Support - help [900].csv",
               (b"AuthorID,Author,Date,Content,Attachments,Reactions\n"
                b'111,ann,2026-04-01T10:00:00+00:00,"Hello, all",,\n'
                b"222,bo,04/02/2026 9:15 AM,thanks,https://cdn.example/a.png,\xf0\x9f\x91\x8d (2)\n"))


def _parses(name: str, data: bytes) -> bool:
    try:
        parse_file(name, data)
        return True
    except ExportError:
        return False


# Valid exports to start from: the tests/fixtures files that parse (the Slack folder is zipped
# below), plus a DiscordChatExporter CSV, the one format without a fixture file of its own.
SEEDS = sorted([(p.name, p.read_bytes()) for p in FIXTURES.rglob("*")
                if p.is_file() and SLACK_ROOT not in p.parents and _parses(p.name, p.read_bytes())] + [DISCORD_CSV])
TABLE_SEEDS = [(name, data) for name, data in SEEDS
               if name.endswith((".csv", ".xls")) and not data.startswith(OLE2_MAGIC)]
# Cells that have broken readers before: empty, placeholders, numbers out of range, dates that are
# not, quotes and separators, formula starts, non-ASCII and control characters.
AWKWARD_CELLS = ["", "-", "--", "0", "-1", "1e999", "NaN", "1.22E+17", "9" * 40, "2026-02-30 25:61:00",
                 "04/31/2026 13:00 PM", "0000-00-00", "9999-12-31T23:59:59Z", "Apr 31, 2026", "true", "null",
                 '"', '""', "a,b", "\t", "\r", "=cmd|' /C calc'!A0", "é", "\u202e", "\x00", "{", "[", "user 1",
                 "https://example.com/x", "javascript:alert(1)", "<script>alert(1)</script>"]


def slack_export_bytes(replace: dict[str, bytes] | None = None) -> bytes:
    """The Slack fixture as the zip Slack downloads, with some members' bytes replaced."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(SLACK_ROOT.rglob("*.json")):
            name = str(path.relative_to(SLACK_ROOT.parent))
            archive.writestr(name, (replace or {}).get(name, path.read_bytes()))
    return buffer.getvalue()


SLACK_MEMBERS = sorted(str(p.relative_to(SLACK_ROOT.parent)) for p in SLACK_ROOT.rglob("*.json"))


def rezip(data: bytes, member: str, content: bytes) -> bytes:
    """A copy of a zip with one member's content replaced (the zip itself stays valid)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == member else source.read(info))
    return buffer.getvalue()


def parses_or_says_why(file_name: str, data: bytes) -> None:
    """The property itself: a ParsedExport, or an ExportError whose message starts with the file's name."""
    try:
        parsed = parse_file(file_name, data, ParseOptions(local_zone="Europe/London"))
    except ExportError as err:
        assert str(err).startswith(err.file_name) and err.file_name.startswith(file_name), str(err)
        return
    assert isinstance(parsed, ParsedExport)


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """Some bytes overwritten, deleted or inserted."""
    edited = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        if not edited:
            edited += b"x"
        at = draw(st.integers(0, len(edited) - 1))
        kind = draw(st.sampled_from(["overwrite", "delete", "insert"]))
        if kind == "overwrite":
            edited[at] = draw(st.integers(0, 255))
        elif kind == "delete":
            del edited[at:at + draw(st.integers(1, 40))]
        else:
            edited[at:at] = draw(st.sampled_from([b",", b'"', b"\n", b"\r", b"\x00", b"\t", b"{", b"[", b"]", b"}",
                                                  b"null", b"1e999", b"-", "é".encode(), b"\xff", b"\xc3"]))
    return bytes(edited)


@SETTINGS
@given(data=st.binary(max_size=4096), name=st.sampled_from(["export.csv", "export.json", "export.xls", "x.zip"]))
def test_any_bytes(data, name):
    parses_or_says_why(name, data)


@SETTINGS
@given(seed=st.sampled_from(SEEDS), data=st.data())
def test_a_fixture_cut_short_and_continued_with_noise(seed, data):
    name, content = seed
    cut = data.draw(st.integers(0, len(content)))
    tail = data.draw(st.binary(max_size=512))
    parses_or_says_why(name, content[:cut] + tail)


@SETTINGS
@given(seed=st.sampled_from(SEEDS), data=st.data())
def test_a_fixture_with_bytes_changed(seed, data):
    name, content = seed
    parses_or_says_why(name, data.draw(mutated(content)))


# Openings that make each JSON adapter claim the file, so deep nesting reaches its JSON reader.
JSON_OPENINGS = [
    b"",
    b'{"guild": {"id": "1"}, "channel": {"id": "2"}, "messages": ',
    b'{"type": "OrderedCollection", "id": "https://x.example/users/a/outbox", "orderedItems": ',
    (b'{"id": "c1", "author": "a", "body": "b", "created_utc": 1, "link_id": "t3_1", "parent_id": "t3_1", '
     b'"subreddit": "s", "x": '),
]


@SETTINGS
@given(opening=st.sampled_from(JSON_OPENINGS), depth=st.integers(1, 60_000),
       nest=st.sampled_from([b"[", b'{"a": ', b'[{"b": ']))
def test_json_nested_deeper_than_python_recurses(opening, depth, nest):
    parses_or_says_why("deep.json", opening + nest * depth)


@st.composite
def table_under_a_known_header(draw) -> tuple[str, bytes]:
    """A fixture's header lines (kept, so the adapter is chosen) over rows of awkward cells."""
    name, content = draw(st.sampled_from(TABLE_SEEDS))
    lines = content.decode("utf-8-sig").splitlines()
    kept = draw(st.integers(1, max(1, len(lines) // 2)))
    separator = "\t" if name.endswith(".xls") else ","
    width = len(lines[0].split(separator))
    cell = st.one_of(st.sampled_from(AWKWARD_CELLS), st.text(max_size=12))
    rows = draw(st.lists(st.lists(cell, min_size=max(0, width - 2), max_size=width + 2), max_size=8))
    body = "\n".join(separator.join(row) for row in rows)
    return name, ("\n".join(lines[:kept]) + "\n" + body).encode("utf-8", "surrogatepass")


@SETTINGS
@given(case=table_under_a_known_header())
def test_a_known_header_over_awkward_rows(case):
    parses_or_says_why(*case)


@SETTINGS
@given(member=st.sampled_from(SLACK_MEMBERS), data=st.data())
def test_a_slack_export_with_a_damaged_member(member, data):
    original = (SLACK_ROOT.parent / member).read_bytes()
    damaged = data.draw(st.one_of(mutated(original), st.binary(max_size=256)))
    parses_or_says_why("slack-export.zip", slack_export_bytes({member: damaged}))


@pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl warns about the damage it reads past
@pytest.mark.parametrize("workbook", sorted(FIXTURES.rglob("*.xlsx")), ids=lambda p: p.name)
def test_an_xlsx_with_a_damaged_member(workbook):
    content = workbook.read_bytes()
    members = [m for m in zipfile.ZipFile(io.BytesIO(content)).namelist() if m.endswith(".xml")]

    @SETTINGS
    @given(member=st.sampled_from(members), data=st.data())
    def check(member, data):
        original = zipfile.ZipFile(io.BytesIO(content)).read(member)
        damaged = data.draw(st.one_of(mutated(original), st.binary(max_size=256)))
        parses_or_says_why(workbook.name, rezip(content, member, damaged))

    check()


@SETTINGS
@given(names=st.lists(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=30), min_size=1,
                      max_size=4),
       contents=st.lists(st.binary(max_size=200), min_size=4, max_size=4))
def test_a_zip_of_anything_yields_files_or_errors_naming_the_zip(names, contents):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicated member names are part of the test
        for name, content in zip(names, contents, strict=False):
            archive.writestr(name, content)
    for item in expand_zip("bundle.zip", buffer.getvalue()):
        if isinstance(item, ExportError):
            assert str(item).startswith("bundle.zip")
        else:
            assert item.name.startswith("bundle.zip!")
            parses_or_says_why(item.name, item.data)


def test_the_strategies_reach_every_adapter():
    """A guard against a vacuous property: the fixtures the strategies start from parse as themselves."""
    formats = {parse_file(name, content).format for name, content in SEEDS}
    formats.add(parse_file("slack-export.zip", slack_export_bytes()).format)
    from pipelines.parse import all_formats

    assert formats == {f.name for f in all_formats()}
