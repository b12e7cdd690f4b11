"""members: identity resolution and flags from the shell (the Data page does the same)."""

from __future__ import annotations

import argparse
import sys

from pipelines.commands import add_db_option
from pipelines.config import current_user, warehouse_path
from pipelines.load.flags import mark_identities
from pipelines.load.merges import MergeError, merge_identities, unmerge
from pipelines.serve.connection import current_snapshot
from pipelines.serve.identity import merge_history, merge_proposals


def add(subcommands) -> None:
    command = subcommands.add_parser("members", help="propose, merge and unmerge identities; flag bots and staff")
    actions = command.add_subparsers(dest="action", required=True)
    add_db_option(actions.add_parser("proposals", help="identities that look like one person"))
    add_db_option(actions.add_parser("merges", help="every manual merge, newest first"))
    merge = actions.add_parser("merge", help="merge two identities (PLATFORM:USER_ID each)")
    merge.add_argument("first")
    merge.add_argument("second")
    merge.add_argument("--reason", default="")
    add_db_option(merge)
    undo = actions.add_parser("unmerge", help="undo a merge by its id")
    undo.add_argument("merge_id", type=int)
    add_db_option(undo)
    flag = actions.add_parser("flag", help="mark an identity (PLATFORM:USER_ID) as bot or staff, or clear it")
    flag.add_argument("identity")
    flag.add_argument("--bot", action=argparse.BooleanOptionalAction, default=None)
    flag.add_argument("--staff", action=argparse.BooleanOptionalAction, default=None)
    add_db_option(flag)


def run(args: argparse.Namespace) -> int:
    db_path = warehouse_path(args.db)
    try:
        if args.action in ("proposals", "merges"):
            snapshot = current_snapshot(db_path)
            if snapshot is None:
                print(f"no warehouse at {db_path}", file=sys.stderr)
                return 1
            table = merge_proposals(snapshot) if args.action == "proposals" else merge_history(snapshot)
            print(table.write_csv(), end="")
        elif args.action == "merge":
            merge_id = merge_identities(db_path, _identity(args.first), _identity(args.second), reason=args.reason,
                                        merged_by=current_user())
            print(f"merged as merge {merge_id}; undo with: python -m pipelines members unmerge {merge_id}")
        elif args.action == "unmerge":
            unmerge(db_path, args.merge_id, unmerged_by=current_user())
            print(f"merge {args.merge_id} undone")
        else:
            if args.bot is None and args.staff is None:
                print("say --bot/--no-bot and/or --staff/--no-staff", file=sys.stderr)
                return 2
            mark_identities(db_path, [_identity(args.identity)], is_bot=args.bot, is_staff=args.staff,
                            set_by=current_user())
            print(f"{args.identity}: flags updated")
    except MergeError as err:
        print(str(err), file=sys.stderr)
        return 1
    return 0


def _identity(text: str) -> tuple[str, str]:
    platform, _, user = text.partition(":")
    if not platform or not user:
        raise MergeError(f"an identity is PLATFORM:USER_ID, e.g. discord:123 (got {text!r})")
    return platform, user
