"""LinkedIn page content export adapter, .xlsx and legacy .xls (fixtures: tests/fixtures/linkedin/make_workbooks.py)."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import openpyxl
import pytest

from pipelines.errors import ExportError
from pipelines.load import load_path
from pipelines.parse import ParseOptions, detect, parse_file
from pipelines.parse.linkedin_page import FORMAT

from tests.conftest import FIXTURES, scalar

XLSX = FIXTURES / "linkedin" / "pulse-community_content_1714521600000.xlsx"
XLS = FIXTURES / "linkedin" / "pulse-community_content_1714521600000.xls"
BERLIN = ParseOptions(local_zone="Europe/Berlin")


def workbook_bytes(edit) -> bytes:
    """The .xlsx fixture with one change made through openpyxl."""
    workbook = openpyxl.load_workbook(XLSX)
    edit(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize("path", [XLSX, XLS], ids=["xlsx", "xls"])
def test_posts_counts_and_page(path):
    parsed = parse_file(path.name, path.read_bytes(), BERLIN)
    assert parsed.format == "linkedin_page"
    posts = parsed.activities
    assert posts["activity_id"].to_list() == [
        "linkedin:activity:7190000000000000001", "linkedin:ugcPost:7190000000000000002",
        "linkedin:share:7190000000000000003"]
    assert (posts["activity_id"] == posts["thread_id"]).all() and set(posts["activity_type"]) == {"post"}
    assert posts["impressions"].sum() == 7400
    assert (posts["reactions"].sum(), posts["replies"].sum(), posts["shares"].sum()) == (175, 15, 15)
    # No engagement count in the export: likes + comments + reposts + clicks (45 + 20 + 250 clicks).
    assert posts["engagements"].to_list() == [113, 61, 346]
    # Created date 04/02/2026 is midnight in Berlin (CEST, UTC+2): Apr 1, 22:00 UTC, text or date cell alike.
    assert posts.row(0, named=True)["occurred_at"] == datetime(2026, 4, 1, 22, 0, tzinfo=timezone.utc)
    assert posts.row(0, named=True)["text"] == "We're hiring a community lead!\nApply by May 1."
    assert parsed.identities.rows() == [
        ("linkedin", "pulse-community", "pulse-community", "pulse-community", None, False, True, None)]
    assert any("daily Metrics sheet: 3 day(s)" in note and "not stored" in note for note in parsed.notes)


def test_both_workbook_kinds_are_detected():
    assert detect(XLSX.name, XLSX.read_bytes()).name == "linkedin_page"
    assert detect(XLS.name, XLS.read_bytes()).name == "linkedin_page"


def test_other_workbooks_are_not_this_format():
    other = openpyxl.Workbook()
    other.active.title = "Budget"
    out = io.BytesIO()
    other.save(out)
    with pytest.raises(ExportError, match="^budget.xlsx: not a supported export"):
        parse_file("budget.xlsx", out.getvalue())


def test_post_link_without_urn_names_sheet_row_and_field():
    data = workbook_bytes(lambda wb: wb["All posts"].cell(row=4, column=2, value="https://www.linkedin.com/company/x"))
    with pytest.raises(ExportError, match=r"^page_content_1.xlsx \(sheet 'All posts'\) \(data row 2, field 'Post link'\)"):
        parse_file("page_content_1.xlsx", data)


def test_unreadable_created_date_names_sheet_row_and_field():
    data = workbook_bytes(lambda wb: wb["All posts"].cell(row=5, column=6, value="20 avril 2026"))
    with pytest.raises(ExportError, match=r"\(sheet 'All posts'\) \(data row 3, field 'Created date'\): cannot read"):
        parse_file("page_content_1.xlsx", data)


def test_non_numeric_count_is_refused():
    data = workbook_bytes(lambda wb: wb["All posts"].cell(row=3, column=15, value="sixty"))
    with pytest.raises(ExportError, match=r"\(data row 1, field 'likes'\): 'sixty' is not a number"):
        parse_file("page_content_1.xlsx", data)


def test_bad_metrics_day_is_refused_though_not_stored():
    data = workbook_bytes(lambda wb: wb["Metrics"].cell(row=4, column=1, value="yesterday"))
    with pytest.raises(ExportError, match=r"\(sheet 'Metrics'\) \(data row 2, field 'Date'\): cannot read 'yesterday'"):
        parse_file("page_content_1.xlsx", data)


def test_missing_likes_column_is_named():
    data = workbook_bytes(lambda wb: wb["All posts"].cell(row=2, column=15, value="Hearts"))
    with pytest.raises(ExportError, match=r"^p.xlsx \(sheet 'All posts'\): missing column\(s\): likes"):
        parse_file("p.xlsx", data)


def test_workbook_without_posts_sheet_is_refused():
    data = workbook_bytes(lambda wb: wb.remove(wb["All posts"]))
    with pytest.raises(ExportError, match=r"^p.xlsx: no posts sheet"):
        FORMAT.parse("p.xlsx", data, BERLIN)


def test_header_only_posts_sheet_has_no_rows():
    def drop_posts(workbook):
        workbook["All posts"].delete_rows(3, 3)

    parsed = parse_file("p.xlsx", workbook_bytes(drop_posts))
    assert parsed.activities.height == 0 and parsed.identities.height == 0


def test_damaged_xls_is_refused():
    damaged = XLS.read_bytes()[:2048]
    with pytest.raises(ExportError, match=r"^damaged.xls: the .xls workbook cannot be read"):
        FORMAT.parse("damaged.xls", damaged, BERLIN)


def test_loads_into_the_warehouse(db_path):
    result = load_path(db_path, XLSX, options=BERLIN)
    # 3 posts + 1 page.
    assert (result.format, result.rows_new, result.people_new) == ("linkedin_page", 3, 1)
    assert scalar(db_path, "SELECT sum(impressions) FROM activities WHERE platform = 'linkedin'") == 7400
    # The .xls of the same posts adds nothing new.
    assert load_path(db_path, XLS, options=BERLIN).rows_present == 3
    assert scalar(db_path, "SELECT count(*) FROM activities") == 3
