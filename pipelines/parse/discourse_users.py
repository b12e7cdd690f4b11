"""Discourse admin "Export user list" CSV (Admin > Users > Export): one row per account.

Identities only. Decisions:
- platform_user_id is the username lower-cased: the posts export names authors by username,
  and Discourse usernames are unique case-insensitively, so both files meet on that key.
- email (lower-cased; placeholders without an "@" such as the system account's "no_email" are
  dropped), joined_at = created_at; is_staff = admin or moderator (Discourse's own
  definition of staff); is_bot for Discourse's built-in bot accounts, which have ids below 1
  (system = -1, discobot = -2).
- Discourse wraps names, titles and locations that contain a comma in literal double quotes
  before writing the CSV, so `Doe, Jane` arrives as `"Doe, Jane"` inside the field; those
  outer quotes are removed.
- Times are written as "2024-01-31 09:15:00 UTC" (Discourse stores UTC).
- Suspended, silenced, inactive and staged accounts are kept: they are still people who were
  members (staged users are mailing-list senders); the note counts staged accounts.
"""

from __future__ import annotations

import polars as pl

from pipelines.errors import ExportError
from pipelines.parse.frames import IDENTITY_SCHEMA, ParsedExport
from pipelines.parse.registry import ExportFormat, ParseOptions, Sniff
from pipelines.parse.text import decode_text, parse_times, read_csv_strings, require_columns

PLATFORM = "discourse"
# The columns every version of the export has written; newer ones add silenced_till, staged, …
COLUMNS = ["id", "name", "username", "email", "created_at", "trust_level", "active", "admin", "moderator"]
TIME_FORMATS = ["%Y-%m-%d %H:%M:%S UTC", "%Y-%m-%d %H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M:%S%.fZ", "%Y-%m-%d %H:%M:%S%.f"]
TRUE_WORDS = {"true", "t", "1", "yes"}
FALSE_WORDS = {"false", "f", "0", "no", ""}


def matches(found: Sniff) -> bool:
    return found.has_columns(*COLUMNS, "last_seen_at")


def parse(file_name: str, data: bytes, options: ParseOptions) -> ParsedExport:
    table = read_csv_strings(file_name, decode_text(file_name, data))
    require_columns(file_name, table, COLUMNS)
    if table.is_empty():
        return ParsedExport(format=FORMAT.name, notes=["the user list has a header but no users"])
    usernames = _usernames(file_name, table)
    user_ids = _user_ids(file_name, table)
    is_staff = _flag(file_name, table, "admin") | _flag(file_name, table, "moderator")
    names = _unwrapped(table["name"])
    identities = pl.DataFrame(
        {
            "platform": PLATFORM,
            "platform_user_id": usernames.str.to_lowercase(),
            "handle": usernames,
            "display_name": pl.Series([n or u for n, u in zip(names, usernames)], dtype=pl.String),
            "email": _emails(table["email"]),
            "is_bot": user_ids < 1,
            "is_staff": is_staff,
            # Discourse writes UTC; the " UTC" suffix is matched literally.
            "joined_at": parse_times(file_name, table["created_at"], TIME_FORMATS, field="created_at",
                                     assume_zone="UTC"),
        },
        schema=IDENTITY_SCHEMA,
    ).unique("platform_user_id", keep="first", maintain_order=True)
    notes = [f"{int(is_staff.sum())} admin/moderator account(s) are flagged staff"]
    if "staged" in table.columns:
        staged = _flag(file_name, table, "staged")
        if staged.any():
            notes.append(f"{int(staged.sum())} staged account(s) (mailing-list senders) are kept as identities")
    return ParsedExport(format=FORMAT.name, identities=identities, notes=notes)


def _usernames(file_name: str, table: pl.DataFrame) -> pl.Series:
    usernames = table["username"].fill_null("").str.strip_chars()
    empty = usernames == ""
    if empty.any():
        row = int(empty.arg_true()[0]) + 1
        raise ExportError(file_name, "a user has no username", row=row, field="username")
    return usernames


def _user_ids(file_name: str, table: pl.DataFrame) -> pl.Series:
    cleaned = table["id"].fill_null("").str.strip_chars()
    ids = cleaned.cast(pl.Int64, strict=False)
    bad = ids.is_null()
    if bad.any():
        row = int(bad.arg_true()[0]) + 1
        raise ExportError(file_name, f"user id '{cleaned[row - 1]}' is not a whole number", row=row, field="id")
    return ids


def _emails(values: pl.Series) -> pl.Series:
    """Lower-cased; placeholders such as the system accounts' 'no_email' are not addresses.

    Left in, they would merge every forum's system accounts into one member by email.
    """
    cleaned = values.fill_null("").str.strip_chars().str.to_lowercase()
    return cleaned.zip_with(cleaned.str.contains("@"), pl.Series([None] * len(cleaned), dtype=pl.String))


def _flag(file_name: str, table: pl.DataFrame, column: str) -> pl.Series:
    """'true' / 'false' (Ruby's booleans) -> Boolean; anything else is reported."""
    words = table[column].fill_null("").str.strip_chars().str.to_lowercase()
    bad = ~words.is_in(TRUE_WORDS | FALSE_WORDS)
    if bad.any():
        row = int(bad.arg_true()[0]) + 1
        raise ExportError(file_name, f"'{words[row - 1]}' is not true or false", row=row, field=column)
    return words.is_in(TRUE_WORDS)


def _unwrapped(values: pl.Series) -> list[str | None]:
    """Remove the literal quotes Discourse puts around values containing a comma."""
    result = []
    for value in values.fill_null("").str.strip_chars().to_list():
        if len(value) >= 2 and value.startswith('"') and value.endswith('"') and "," in value:
            value = value[1:-1]
        result.append(value or None)
    return result


FORMAT = ExportFormat(
    name="discourse_users",
    label="Discourse user list CSV",
    platform=PLATFORM,
    description="Admin 'Export user list': usernames, emails, sign-up dates (UTC); admins and moderators "
    "flagged staff, system accounts (id below 1) bots.",
    matches=matches,
    parse=parse,
)
