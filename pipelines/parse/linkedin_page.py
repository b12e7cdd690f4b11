"""LinkedIn page content export (Page analytics > Content > Export): .xlsx, or legacy .xls.

The workbook has a daily "Metrics" sheet (Date, Impressions (organic / sponsored / total),
Unique impressions (organic), Clicks, Reactions, Comments, Reposts, Engagement rate, each
organic / sponsored / total) and an "All posts" sheet whose first row is a description
above the real header (Post title, Post link, Post type, Campaign name, Posted by, Created
date, Campaign start / end date, Audience, Impressions, Views, Offsite Views, Clicks, Click
through rate (CTR), Likes, Comments, Reposts, Follows, Engagement rate, Content Type).
Older exports say "Update title", "Update link" and "Shares"; both spellings are read.
Sheets are found by their header cells, so the header row may sit anywhere in the first
rows.

Stored: the posts. The page that exported is the community's own: one identity flagged
staff, named from LinkedIn's file name "<page>_content_<timestamp>.xls[x]" (else "LinkedIn
page"). Each post is a thread of its own (activity_type "post"), keyed by the URN in its
link: "linkedin:activity:<id>" (or share: / ugcPost:). impressions = Impressions, reactions
= Likes, replies = Comments, shares = Reposts; the export has no engagement count (only a
rate), so engagements = likes + comments + reposts + clicks. The daily Metrics sheet has no
table here yet: it is read and validated (dates, numbers) and only reported in the notes.

Created date is a date without a time or zone: it is read as midnight in the reporting time
zone (ParseOptions.local_zone), whether the workbook stores it as text or as a date cell.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from datetime import date, datetime
from pathlib import PurePath
from urllib.parse import unquote

import openpyxl
import polars as pl
import xlrd

from pipelines.errors import ExportError
from pipelines.parse.archive import open_archive
from pipelines.parse.frames import ACTIVITY_SCHEMA, IDENTITY_SCHEMA, ParsedExport, frame
from pipelines.parse.meta_posts import sum_counts
from pipelines.parse.registry import OLE2_MAGIC, ExportFormat, ParseOptions, Sniff
from pipelines.parse.text import normalise_header, parse_counts, parse_times, require_columns
from pipelines.parse.zoom_participants import table_from_rows

PLATFORM = "linkedin"
TITLE_COLUMNS = ["post title", "update title"]
LINK_COLUMNS = ["post link", "update link"]
SHARE_COLUMNS = ["reposts", "shares"]
POSTS_SHEET = "all posts"
DATE_FORMATS = ["%m/%d/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%m/%d/%Y %H:%M", "%m/%d/%y"]
METRIC_PREFIXES = ("impressions", "unique impressions", "clicks", "reactions", "comments", "reposts", "shares")
HEADER_SEARCH_ROWS = 10
_URN = re.compile(r"urn:li:(activity|share|ugcPost):(\d+)")
_LINKEDIN_NAME = re.compile(r"^(?P<page>.+?)_content_\d+$")
_SHEET_NAME = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")

Sheet = list[list[str]]


def matches(found: Sniff) -> bool:
    if found.archive_names:
        return found.has_members("xl/workbook.xml") and _xlsx_may_be_linkedin(found.raw)
    # A legacy workbook lists its sheet names near the start, 8-bit or UTF-16.
    lowered = found.raw.lower()
    return found.raw.startswith(OLE2_MAGIC) and (
        POSTS_SHEET.encode() in lowered or POSTS_SHEET.encode("utf-16-le") in lowered
    )


def parse(file_name: str, data: bytes, options: ParseOptions) -> ParsedExport:
    sheets = _read_workbook(file_name, data)
    posts_sheet = _find_sheet(sheets, lambda names: _any(names, TITLE_COLUMNS) and _any(names, LINK_COLUMNS))
    if posts_sheet is None:
        raise ExportError(file_name, "no posts sheet (a header with Post title and Post link): "
                                     "not a LinkedIn page content export")
    name, header_at = posts_sheet
    posts = table_from_rows(f"{file_name} (sheet '{name}')", sheets[name][header_at],
                            sheets[name][header_at + 1:], first_line=header_at + 1)
    notes = [_metrics_note(file_name, sheets)]
    page = _page_name(file_name)
    activities = _activities(f"{file_name} (sheet '{name}')", posts, page, options)
    notes.insert(0, f"{activities.height} post(s) of page '{page}', flagged staff; "
                    "engagements = likes + comments + reposts + clicks")
    account = {
        "platform": PLATFORM,
        "platform_user_id": _page_key(page),
        "handle": page,
        "display_name": page,
        "email": None,
        "is_bot": False,
        "is_staff": True,
        "joined_at": None,
    }
    return ParsedExport(
        format=FORMAT.name,
        identities=frame([account], IDENTITY_SCHEMA) if activities.height else frame([], IDENTITY_SCHEMA),
        activities=activities,
        notes=notes,
    )


# --- reading the workbook ------------------------------------------------------------


def _read_workbook(file_name: str, data: bytes) -> dict[str, Sheet]:
    """Every sheet as rows of text cells; dates as 'YYYY-MM-DD HH:MM:SS'."""
    if data.startswith(OLE2_MAGIC):
        return _xls_sheets(file_name, data)
    open_archive(file_name, data)  # size and zip-bomb limits before anything is expanded
    return _xlsx_sheets(file_name, data)


def _xlsx_sheets(file_name: str, data: bytes) -> dict[str, Sheet]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return {sheet.title: [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
                    for sheet in workbook.worksheets}
        finally:
            workbook.close()
    except Exception as err:  # openpyxl raises many types (zip, XML, KeyError) on a damaged workbook
        raise ExportError(file_name, f"the .xlsx workbook cannot be read: {type(err).__name__}: {err}") from None


def _xls_sheets(file_name: str, data: bytes) -> dict[str, Sheet]:
    try:
        # xlrd writes warnings to stdout unless given a log, and raises many types (IndexError,
        # struct.error, CompDocError) on a damaged file.
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
        try:
            return {sheet.name: [[_xls_cell_text(sheet.cell(row, column), book.datemode)
                                  for column in range(sheet.ncols)] for row in range(sheet.nrows)]
                    for sheet in book.sheets()}
        finally:
            book.release_resources()
    except Exception as err:
        raise ExportError(file_name, f"the .xls workbook cannot be read: {type(err).__name__}: {err}") from None


def _xls_cell_text(cell: xlrd.sheet.Cell, datemode: int) -> str:
    if cell.ctype == xlrd.XL_CELL_DATE:
        return _cell_text(xlrd.xldate.xldate_as_datetime(cell.value, datemode))
    return _cell_text(cell.value)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores every number as a float: 12.0 is the count 12
    return str(value).strip()


def _find_sheet(sheets: dict[str, Sheet], is_header) -> tuple[str, int] | None:
    """The first sheet (and row) whose header, within the first rows, satisfies is_header."""
    for name, rows in sheets.items():
        for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
            if is_header({normalise_header(cell) for cell in cells}):
                return name, index
    return None


def _any(names: set[str], candidates: list[str]) -> bool:
    return any(candidate in names for candidate in candidates)


def _first(table: pl.DataFrame, candidates: list[str]) -> str:
    return next((name for name in candidates if name in table.columns), candidates[0])


# --- the posts -----------------------------------------------------------------------


def _activities(where: str, posts: pl.DataFrame, page: str, options: ParseOptions) -> pl.DataFrame:
    title, link, shares = _first(posts, TITLE_COLUMNS), _first(posts, LINK_COLUMNS), _first(posts, SHARE_COLUMNS)
    require_columns(where, posts, [title, link, "created date", "impressions", "clicks", "likes", "comments", shares])
    if posts.is_empty():
        return pl.DataFrame(schema=ACTIVITY_SCHEMA)
    keys = _post_keys(where, posts[link])
    counts = {name: parse_counts(where, posts[column].str.replace_all(",", ""), field=column)
              for name, column in (("impressions", "impressions"), ("clicks", "clicks"), ("reactions", "likes"),
                                   ("replies", "comments"), ("shares", shares))}
    return pl.DataFrame(
        {
            "activity_id": keys,
            "platform": PLATFORM,
            "channel": page,
            "thread_id": keys,
            "parent_id": None,
            "platform_user_id": _page_key(page),
            "activity_type": "post",
            "occurred_at": parse_times(where, posts["created date"], DATE_FORMATS, field="Created date",
                                       assume_zone=options.local_zone),
            "text": posts[title].replace({"": None}),
            "reactions": counts["reactions"],
            "replies": counts["replies"],
            "shares": counts["shares"],
            "impressions": counts["impressions"],
            "engagements": sum_counts(counts["reactions"], counts["replies"], counts["shares"], counts["clicks"]),
            "url": posts[link],
        },
        schema=ACTIVITY_SCHEMA,
    ).unique("activity_id", keep="first", maintain_order=True)


def _post_keys(where: str, links: pl.Series) -> pl.Series:
    keys = []
    for row, link in enumerate(links.to_list(), start=1):
        found = _URN.search(unquote(link or ""))
        if not found:
            raise ExportError(where, f"the post link '{link}' has no post URN (urn:li:activity:…)", row=row,
                              field="Post link")
        keys.append(f"{PLATFORM}:{found.group(1)}:{found.group(2)}")
    return pl.Series(keys, dtype=pl.String)


def _page_name(file_name: str) -> str:
    found = _LINKEDIN_NAME.match(PurePath(file_name.split("!")[-1]).stem)
    return found.group("page") if found else "LinkedIn page"


def _page_key(page: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", page.lower()).strip("-") or "page"


# --- the daily metrics sheet (validated, not stored) ----------------------------------


def _metrics_note(file_name: str, sheets: dict[str, Sheet]) -> str:
    found = _find_sheet(sheets, lambda names: "date" in names and any(n.startswith("impressions") for n in names))
    if found is None:
        return "no daily Metrics sheet in the workbook"
    name, header_at = found
    where = f"{file_name} (sheet '{name}')"
    days = table_from_rows(where, sheets[name][header_at], sheets[name][header_at + 1:], first_line=header_at + 1)
    dates = parse_times(where, days["date"], DATE_FORMATS, field="Date")
    for column in (c for c in days.columns if c.startswith(METRIC_PREFIXES)):
        parse_counts(where, days[column].str.replace_all(",", ""), field=column)
    span = f" ({dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d})" if dates.drop_nulls().len() else ""
    return f"daily Metrics sheet: {days.height} day(s){span} validated, not stored (no page-metrics table yet)"


# --- detection -----------------------------------------------------------------------


def _xlsx_may_be_linkedin(raw: bytes) -> bool:
    """False only when the sniffed bytes show the workbook's sheets and none is 'All posts'."""
    workbook_xml = _member_from_prefix(raw, b"xl/workbook.xml")
    if workbook_xml is None:  # the workbook part lies beyond the sniffed bytes: parse will decide
        return True
    names = {name.decode("utf-8", "replace").strip().lower() for name in _SHEET_NAME.findall(workbook_xml)}
    return POSTS_SHEET in names


def _member_from_prefix(raw: bytes, wanted: bytes) -> bytes | None:
    """A zip member's content read from the local headers in the first bytes of the zip, if whole there."""
    offset = raw.find(b"PK\x03\x04")
    while 0 <= offset and offset + 30 <= len(raw):
        _, flags, method, _, _, _, size, _, name_length, extra_length = struct.unpack(
            "<HHHHHIIIHH", raw[offset + 4:offset + 30]
        )
        start = offset + 30 + name_length + extra_length
        if raw[offset + 30:offset + 30 + name_length] == wanted:
            body = raw[start:start + size] if size and not flags & 0x08 else raw[start:]
            return _inflate(body) if method == 8 else (body if method == 0 and size else None)
        offset = raw.find(b"PK\x03\x04", start)
    return None


def _inflate(body: bytes) -> bytes | None:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        content = inflater.decompress(body, 1 << 20)
    except zlib.error:
        return None
    return content if inflater.eof else None


FORMAT = ExportFormat(
    name="linkedin_page",
    label="LinkedIn page content export (.xlsx / .xls)",
    platform=PLATFORM,
    description="A page's posts (All posts sheet) with impressions, clicks, likes, comments, reposts; the daily "
    "Metrics sheet is validated, not stored; created dates are read as midnight in the reporting time zone.",
    matches=matches,
    parse=parse,
)
