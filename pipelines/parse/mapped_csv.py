"""Any other CSV: the analyst maps its columns once (date, author, text, channel, …) and the
mapping, saved for that shape of header, reads every later file of the same shape.

A shape is the set of header names (normalised, order-free), so a re-export with the columns
in another order still matches, while a file with different columns asks again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

import polars as pl

from pipelines.errors import ExportError
from pipelines.parse.frames import ACTIVITY_SCHEMA, ACTIVITY_TYPES, IDENTITY_SCHEMA, ParsedExport
from pipelines.parse.text import decode_text, normalise_header, parse_times, read_csv_strings, require_columns

TIME_FORMATS = [
    "%Y-%m-%dT%H:%M:%S%.f%:z", "%Y-%m-%dT%H:%M:%S%:z", "%Y-%m-%dT%H:%M:%S%.fZ", "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
    "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M", "%m/%d/%Y",
    "%d.%m.%Y %H:%M", "%d.%m.%Y",
]


@dataclass(frozen=True)
class ColumnMapping:
    """Which column holds what, for one shape of CSV. Column names are as normalised (lower-case)."""

    signature: str
    source: str            # the analyst's name for where these files come from
    platform: str          # lower-case platform name stored with the rows
    date: str
    author: str
    text: str | None = None
    channel: str | None = None
    id: str | None = None  # the platform's own row id, when the file has one (else a hash is the key)
    email: str | None = None
    activity_type: str = "message"

    def columns(self) -> list[str]:
        return [c for c in (self.date, self.author, self.text, self.channel, self.id, self.email) if c]

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "ColumnMapping":
        return cls(**json.loads(text))


def header_signature(header: list[str] | tuple[str, ...]) -> str:
    names = sorted({normalise_header(name) for name in header if normalise_header(name)})
    return hashlib.sha256("\x1f".join(names).encode("utf-8")).hexdigest()[:16]


def new_mapping(header: list[str], *, source: str, platform: str, date: str, author: str, text: str | None = None,
                channel: str | None = None, id: str | None = None, email: str | None = None,
                activity_type: str = "message") -> ColumnMapping:
    """A mapping for files with this header; every named column must be in it."""
    cells = {normalise_header(name) for name in header}
    chosen = {key: normalise_header(value) if value else None for key, value in
              {"date": date, "author": author, "text": text, "channel": channel, "id": id, "email": email}.items()}
    missing = [value for value in chosen.values() if value and value not in cells]
    if missing:
        raise ValueError(f"not columns of this file: {', '.join(missing)}")
    if activity_type not in ACTIVITY_TYPES:
        raise ValueError(f"activity type must be one of {', '.join(ACTIVITY_TYPES)}")
    clean_platform = platform.strip().lower()
    if not clean_platform or not clean_platform.replace("-", "").replace("_", "").isalnum():
        raise ValueError("platform must be a short lower-case name such as 'forum' or 'circle'")
    return ColumnMapping(signature=header_signature(header), source=source.strip() or clean_platform,
                         platform=clean_platform, activity_type=activity_type, **chosen)  # type: ignore[arg-type]


def parse_mapped(file_name: str, data: bytes, local_zone: str, mapping: ColumnMapping) -> ParsedExport:
    table = read_csv_strings(file_name, decode_text(file_name, data))
    require_columns(file_name, table, mapping.columns())
    if table.is_empty():
        return ParsedExport(format="mapped_csv", notes=[f"{mapping.source}: the file has a header but no rows"])
    when = parse_times(file_name, table[mapping.date], TIME_FORMATS, field=mapping.date, assume_zone=local_zone)
    authors = table[mapping.author].str.strip_chars()
    if authors.is_null().any() or (authors == "").any():
        row = int((authors.is_null() | (authors == "")).arg_true()[0]) + 1
        raise ExportError(file_name, "a row has no author", row=row, field=mapping.author)
    texts = table[mapping.text] if mapping.text else pl.Series([None] * table.height, dtype=pl.String)
    keys = (table[mapping.id].str.strip_chars() if mapping.id else
            pl.Series([_digest(a, str(w), t or "") for a, w, t in zip(authors, when, texts, strict=True)]))
    activity_ids = f"{mapping.platform}:" + keys
    activities = pl.DataFrame({
        "activity_id": activity_ids, "platform": mapping.platform,
        "channel": table[mapping.channel] if mapping.channel else None,
        "thread_id": activity_ids, "parent_id": None, "platform_user_id": authors.str.to_lowercase(),
        "activity_type": mapping.activity_type, "occurred_at": when, "text": texts,
        "reactions": None, "replies": None, "shares": None, "impressions": None, "engagements": None, "url": None,
    }, schema=ACTIVITY_SCHEMA).unique("activity_id", keep="first", maintain_order=True)
    emails = table[mapping.email].str.strip_chars().str.to_lowercase() if mapping.email else None
    people = pl.DataFrame({"platform_user_id": authors.str.to_lowercase(), "name": authors,
                           "email": emails}).unique("platform_user_id", keep="first", maintain_order=True)
    identities = people.select(
        pl.lit(mapping.platform).alias("platform"), "platform_user_id", pl.col("name").alias("handle"),
        pl.col("name").alias("display_name"), pl.col("email").cast(pl.String).replace({"": None}),
        pl.lit(False).alias("is_bot"), pl.lit(False).alias("is_staff"),
        pl.lit(None, ACTIVITY_SCHEMA["occurred_at"]).alias("joined_at"),
    ).cast(IDENTITY_SCHEMA)  # type: ignore[arg-type]
    return ParsedExport(format="mapped_csv", identities=identities, activities=activities,
                        notes=[f"read with the saved column mapping of '{mapping.source}'; "
                               f"times without an offset read in {local_zone}"])


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
