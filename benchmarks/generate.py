"""Generate a benchmark tier's export files under benchmarks/out/<tier>/ (git-ignored).

    .venv/bin/python benchmarks/generate.py --tier S|M|L [--force]

Writes exports/ (Discord JSON per channel and quarter, Discourse user list and posts, Luma guest
lists: the community of benchmarks/community.py), the one-file ingest export (ingest/, the tier's
`ingest_messages` messages in one channel) and a manifest.json with what was written. Files
already generated for the tier are reused unless --force. The incremental-load files are made on
demand by incremental_file(), from the tier's members (members.parquet) and recent messages.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import community as model  # noqa: E402
from benchmarks import exports  # noqa: E402

# Generated files and results; COMMUNITY_PULSE_BENCH_OUT moves them (the smoke test uses a temp folder).
OUT = Path(os.environ.get("COMMUNITY_PULSE_BENCH_OUT") or Path(__file__).resolve().parent / "out")
SEED = 7
MANIFEST_VERSION = 1


def tier_dir(tier: str, out_root: Path = OUT) -> Path:
    return out_root / tier


def generate_tier(tier: str, out_root: Path = OUT, force: bool = False) -> dict:
    """The tier's exports and manifest (reused when already there)."""
    folder = tier_dir(tier, out_root)
    manifest_path = folder / "manifest.json"
    if manifest_path.exists() and not force:
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("version") == MANIFEST_VERSION:
            return manifest
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    spec = model.TIERS[tier]
    community = model.build(spec, SEED)
    files = [*exports.write_discord(folder / "exports" / "discord", community),
             *exports.write_forum(folder / "exports" / "forum", community),
             *exports.write_luma(folder / "exports" / "luma", community)]
    discord = community.members.filter(pl.col("kind") == "discord")
    discord.select("member", "user_id", "handle", "first", "last", "weight").write_parquet(folder / "members.parquet")
    recent = community.messages.filter(pl.col("ms") >= model.END_MS - 30 * model.DAY_MS).select("message_id")
    recent.write_parquet(folder / "recent_messages.parquet")
    ingest = write_ingest_file(folder, spec)
    manifest = {
        "version": MANIFEST_VERSION,
        "tier": tier,
        "members": spec.members,
        "activities": community.messages.height + community.reactions.height + community.posts.height,
        "discord_messages": community.messages.height,
        "reactions_given": community.reactions.height,
        "forum_posts": community.posts.height,
        "events": community.events.height,
        "registrations": community.registrations.height,
        "files": [str(path.relative_to(folder)) for path in files],
        "bytes": sum(path.stat().st_size for path in files),
        "ingest_file": str(ingest.relative_to(folder)),
        "ingest_messages": spec.ingest_messages,
        "ingest_bytes": ingest.stat().st_size,
        "seconds": round(time.perf_counter() - started, 1),
    }
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return manifest


def write_ingest_file(folder: Path, spec: model.Tier) -> Path:
    """One channel of `ingest_messages` messages by a community of a tenth as many people."""
    messages = model.channel_messages(max(100, spec.ingest_messages // 10), spec.ingest_messages, SEED + 1)
    authors = model.draw_members(np.random.default_rng(SEED + 1), max(100, spec.ingest_messages // 10))
    people = exports.DiscordPeople(authors)
    messages = messages.with_columns(
        kind=pl.when(pl.col("parent") >= 0).then(pl.lit("Reply")).otherwise(pl.lit("Default")))
    path = folder / "ingest" / f"Bench Community - Chat - ingest [{exports.CHANNEL_BASE_ID + 99}].json"
    reactions = pl.DataFrame(schema={"message_id": pl.Int64, "emoji": pl.Int8, "reactor": pl.Int64})
    exports.write_discord_file(path, people, "ingest", messages, reactions)
    return path


def incremental_file(tier: str, index: int, out_root: Path = OUT) -> Path:
    """The index-th incremental export: `incremental_rows` messages in #general during the week
    after the tier's data (and after the previous incremental files), 90% by known members and
    10% by newcomers; some replies answer messages the warehouse already holds."""
    folder = tier_dir(tier, out_root)
    spec = model.TIERS[tier]
    path = folder / "incremental" / f"Bench Community - Chat - general [{exports.CHANNEL_BASE_ID}] (week {index}).json"
    if path.exists():
        return path
    rng = np.random.default_rng(SEED + 100 + index)
    known = pl.read_parquet(folder / "members.parquet")
    newcomers = model.draw_members(rng, max(10, spec.incremental_rows // 10)).with_columns(
        member=pl.col("member") + 10_000_000 * (index + 1), weight=pl.lit(0.5))
    newcomers = newcomers.with_columns(
        user_id=(pl.lit(1 << 60) + pl.col("member")).cast(pl.String),
        handle=pl.lit("new_") + pl.col("member").cast(pl.String))
    authors = pl.concat([known.with_columns(weight=pl.col("weight") * 9 / known["weight"].sum()),
                         newcomers.select(known.columns).with_columns(
                             weight=pl.col("weight") / newcomers["weight"].sum())])
    after_ms = model.END_MS + (1 + 7 * index) * model.DAY_MS
    messages = model.channel_messages(0, spec.incremental_rows, SEED + 200 + index, after_ms=after_ms,
                                      authors=authors.with_columns(kind=pl.lit("discord"),
                                                                   joined_ms=pl.lit(0), until_ms=pl.lit(0)))
    earlier = pl.read_parquet(folder / "recent_messages.parquet")["message_id"].to_numpy()
    answers_old = rng.random(messages.height) < 0.05
    messages = messages.with_columns(parent=pl.when(pl.Series(answers_old)).then(
        pl.Series(earlier[rng.integers(0, len(earlier), messages.height)])).otherwise(pl.col("parent")))
    messages = messages.with_columns(
        kind=pl.when(pl.col("parent") >= 0).then(pl.lit("Reply")).otherwise(pl.lit("Default")))
    people = exports.DiscordPeople(authors)
    reactions = pl.DataFrame(schema={"message_id": pl.Int64, "emoji": pl.Int8, "reactor": pl.Int64})
    exports.write_discord_file(path, people, "general", messages, reactions)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tier", choices=sorted(model.TIERS), default="S")
    parser.add_argument("--force", action="store_true", help="generate again even if the files are there")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    manifest = generate_tier(args.tier, args.out, args.force)
    print(json.dumps({k: v for k, v in manifest.items() if k != "files"}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
