"""Meta Business Suite post export CSV (Insights > Content > Export), Facebook or Instagram.

One row per post with lifetime totals ("Lifetime" in the Date column). The platform is read
from the columns: Page ID / Page name -> facebook, Account ID / Account username ->
instagram. Meta varies the metric columns between exports and over time (Impressions became
Views; Facebook has Reactions, Instagram Likes), so only the identity columns are required.

The page or account that exported is the community's own: one identity per page/account,
flagged staff, so the brand's posts never count as a member's contributions. Each post is a
thread of its own (activity_type "post") keyed "<platform>:<Post ID>"; IDs are kept as
text (16-19 digits) and Excel's rounded "1.22E+17" is refused. Counts: impressions = Views
(or Impressions in older exports), reactions = Reactions (Instagram: Likes), replies =
Comments, shares = Shares. engagements = Meta's own "Reactions, Comments and Shares" where
the export has it (Facebook), else reactions + comments + shares + Total clicks (the counts
the export has). Text: Facebook puts the caption in Title or Description depending on the
post type, so the longer of the two is kept; Instagram's is Description.

Publish time is written "MM/DD/YYYY HH:MM" without an offset: it is read in the reporting
time zone (ParseOptions.local_zone).
"""

from __future__ import annotations

import polars as pl

from pipelines.errors import ExportError
from pipelines.parse.frames import ACTIVITY_SCHEMA, IDENTITY_SCHEMA, ParsedExport, frame
from pipelines.parse.registry import ExportFormat, ParseOptions, Sniff
from pipelines.parse.text import (
    decode_text,
    parse_counts,
    parse_times,
    read_csv_strings,
    refuse_scientific_ids,
    require_columns,
)

COMMON_COLUMNS = ["post id", "publish time", "permalink"]
ACCOUNTS = {
    "facebook": {"id": "page id", "handle": "page name", "name": "page name"},
    "instagram": {"id": "account id", "handle": "account username", "name": "account name"},
}
PUBLISH_FORMATS = ["%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S"]
_META_ID = r"^\d+(_\d+)?$"  # older Facebook exports write '<page id>_<post id>'


def matches(found: Sniff) -> bool:
    return found.has_columns(*COMMON_COLUMNS) and (
        found.has_columns("page id") or found.has_columns("account id")
    )


def parse(file_name: str, data: bytes, options: ParseOptions) -> ParsedExport:
    table = read_csv_strings(file_name, decode_text(file_name, data))
    platform = "facebook" if "page id" in table.columns else "instagram"
    account = ACCOUNTS[platform]
    require_columns(file_name, table, COMMON_COLUMNS + [account["id"], account["handle"]])
    for column in ("post id", account["id"]):
        refuse_scientific_ids(file_name, table, column)
        _require_ids(file_name, table, column)
    if table.is_empty():
        return ParsedExport(format=FORMAT.name, notes=["the export has a header but no posts"])
    _require_lifetime(file_name, table)
    counts = _counts(file_name, table)
    keys = f"{platform}:" + table["post id"].str.strip_chars()
    handles = table[account["handle"]].str.strip_chars()
    activities = pl.DataFrame(
        {
            "activity_id": keys,
            "platform": platform,
            "channel": handles if platform == "facebook" else "@" + handles,
            "thread_id": keys,
            "parent_id": None,
            "platform_user_id": table[account["id"]].str.strip_chars(),
            "activity_type": "post",
            "occurred_at": parse_times(file_name, table["publish time"], PUBLISH_FORMATS, field="Publish time",
                                       assume_zone=options.local_zone),
            "text": _captions(table),
            **counts,
            "url": table["permalink"].str.strip_chars().replace({"": None}),
        },
        schema=ACTIVITY_SCHEMA,
    ).unique("activity_id", keep="first", maintain_order=True)
    return ParsedExport(
        format=FORMAT.name,
        identities=_accounts(table, platform, account),
        activities=activities,
        notes=[
            (f"{platform} posts with lifetime totals; the exporting {'page' if platform == 'facebook' else 'account'} "
             "is the community's own and is flagged staff"),
            f"engagements: {_engagement_source(table)}",
        ],
    )


def _require_ids(file_name: str, table: pl.DataFrame, column: str) -> None:
    values = table[column].fill_null("").str.strip_chars()
    bad = ~values.str.contains(_META_ID)
    if bad.any():
        row = int(bad.arg_true()[0]) + 1
        raise ExportError(file_name, f"'{values[row - 1]}' is not a Meta ID", row=row, field=column)


def _require_lifetime(file_name: str, table: pl.DataFrame) -> None:
    """Per-day rows would count a post once per day: only lifetime totals are read."""
    if "date" not in table.columns:
        return
    other = ~table["date"].fill_null("").str.strip_chars().str.to_lowercase().is_in(["lifetime", ""])
    if other.any():
        row = int(other.arg_true()[0]) + 1
        raise ExportError(
            file_name,
            f"Date is '{table['date'][row - 1]}': only Lifetime totals are supported; export the posts with "
            "Lifetime values",
            row=row,
            field="Date",
        )


def _count(file_name: str, table: pl.DataFrame, *names: str) -> pl.Series | None:
    column = next((name for name in names if name in table.columns), None)
    return parse_counts(file_name, table[column], field=column) if column else None


def _counts(file_name: str, table: pl.DataFrame) -> dict[str, pl.Series | None]:
    reactions = _count(file_name, table, "reactions", "likes")
    replies = _count(file_name, table, "comments")
    shares = _count(file_name, table, "shares")
    clicks = _count(file_name, table, "total clicks")
    own = _count(file_name, table, "reactions, comments and shares")
    return {
        "reactions": reactions,
        "replies": replies,
        "shares": shares,
        "impressions": _count(file_name, table, "impressions", "views"),
        "engagements": own if own is not None else sum_counts(reactions, replies, shares, clicks),
    }


def sum_counts(*counts: pl.Series | None) -> pl.Series | None:
    """Row-wise sum of the count columns an export has; empty where none of them has a value."""
    present = [count.alias(f"c{index}") for index, count in enumerate(counts) if count is not None]
    if not present:
        return None
    return pl.DataFrame(present).select(
        pl.when(pl.any_horizontal(pl.all().is_not_null())).then(pl.sum_horizontal(pl.all()))
    ).to_series().cast(pl.Int64)


def _engagement_source(table: pl.DataFrame) -> str:
    if "reactions, comments and shares" in table.columns:
        return "Meta's 'Reactions, Comments and Shares' column"
    parts = [name for name in ("reactions", "likes", "comments", "shares", "total clicks") if name in table.columns]
    return " + ".join(parts) or "none in this export"


def _captions(table: pl.DataFrame) -> pl.Series:
    title = table["title"].fill_null("") if "title" in table.columns else pl.Series([""] * table.height)
    description = table["description"].fill_null("") if "description" in table.columns else pl.Series([""] * table.height)
    longer = pl.DataFrame({"t": title, "d": description}).select(
        pl.when(pl.col("t").str.len_chars() >= pl.col("d").str.len_chars()).then("t").otherwise("d")
    ).to_series()
    return longer.replace({"": None})


def _accounts(table: pl.DataFrame, platform: str, account: dict[str, str]) -> pl.DataFrame:
    name_column = account["name"] if account["name"] in table.columns else account["handle"]
    seen = table.select(
        pl.col(account["id"]).str.strip_chars().alias("id"),
        pl.col(account["handle"]).str.strip_chars().alias("handle"),
        pl.col(name_column).str.strip_chars().alias("name"),
    ).unique("id", keep="first", maintain_order=True)
    rows = [
        {
            "platform": platform,
            "platform_user_id": row["id"],
            "handle": row["handle"],
            "display_name": row["name"] or row["handle"],
            "email": None,
            "is_bot": False,
            "is_staff": True,
            "joined_at": None,
        }
        for row in seen.iter_rows(named=True)
    ]
    return frame(rows, IDENTITY_SCHEMA)


FORMAT = ExportFormat(
    name="meta_posts",
    label="Meta Business Suite posts CSV (Facebook / Instagram)",
    platform="facebook/instagram",
    description="A page's or account's posts with lifetime totals; platform from the columns; publish times "
    "have no offset and are read in the reporting time zone.",
    matches=matches,
    parse=parse,
)
