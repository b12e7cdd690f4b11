"""mappings: map the columns of a CSV no adapter knows, once per shape of file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.commands import add_db_option
from pipelines.config import warehouse_path
from pipelines.errors import ExportError
from pipelines.load.mappings import save_mapping, saved_mappings
from pipelines.parse.frames import ACTIVITY_TYPES
from pipelines.parse.mapped_csv import new_mapping
from pipelines.parse.text import decode_text, first_line, split_header


def add(subcommands) -> None:
    command = subcommands.add_parser("mappings", help="map a generic CSV's columns once; list saved mappings")
    actions = command.add_subparsers(dest="action", required=True)
    add_db_option(actions.add_parser("list", help="the saved mappings"))
    new = actions.add_parser("add", help="save a mapping for files shaped like FILE")
    new.add_argument("file", type=Path)
    new.add_argument("--source", required=True, help="a name for where these files come from")
    new.add_argument("--platform", required=True, help="lower-case platform name, e.g. forum")
    new.add_argument("--date", required=True, help="the column with the date and time")
    new.add_argument("--author", required=True, help="the column with the author's name or id")
    for optional in ("text", "channel", "id", "email"):
        new.add_argument(f"--{optional}", help=f"the column with the {optional}")
    new.add_argument("--type", default="message", choices=ACTIVITY_TYPES, help="what each row is")
    add_db_option(new)


def run(args: argparse.Namespace) -> int:
    db_path = warehouse_path(args.db)
    if args.action == "list":
        for mapping in saved_mappings(db_path):
            print(f"{mapping.signature}  {mapping.source} [{mapping.platform}]  date={mapping.date} "
                  f"author={mapping.author} text={mapping.text} channel={mapping.channel}")
        return 0
    try:
        header = split_header(first_line(decode_text(args.file.name, args.file.read_bytes())))
        mapping = new_mapping(header, source=args.source, platform=args.platform, date=args.date,
                              author=args.author, text=args.text, channel=args.channel, id=args.id,
                              email=args.email, activity_type=args.type)
    except (ExportError, ValueError, OSError) as err:
        print(f"{args.file.name}: {err}", file=sys.stderr)
        return 1
    save_mapping(db_path, mapping)
    print(f"saved: files shaped like {args.file.name} now load as '{mapping.source}' "
          f"(python -m pipelines ingest {args.file})")
    return 0
