"""The dashboard and the CLI at the same time, as two real processes.

A reader process plays the app: it keeps a warehouse connection open and queries without
pause. Meanwhile the CLI loads 8 files of exactly 40 messages each. The reader must only
ever see whole batches (40 x batches rows), and every load must succeed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.conftest import scalar

PROJECT = Path(__file__).resolve().parent.parent
FILES, MESSAGES_PER_FILE = 8, 40

READER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from pipelines.serve.connection import current_snapshot
    from pipelines.serve.named_queries import run_query
    from pipelines.frames_io import fetch_scalar

    db, stop_after, per_file = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    seen, torn, versions = 0, [], set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        snapshot = current_snapshot(db)
        if snapshot is None:
            continue
        versions.add(snapshot.version)
        cursor = snapshot.cursor()
        rows, batches = cursor.execute(
            "SELECT (SELECT count(*) FROM activities), (SELECT count(*) FROM ingest_batches)").fetchall()[0]
        cursor.close()
        seen += 1
        if rows != per_file * batches:
            torn.append((rows, batches))
        if batches >= stop_after:
            break
    print(json.dumps({"observations": seen, "torn": torn, "versions": len(versions)}))
    """
)


def write_channel_export(path: Path, index: int) -> None:
    messages = [
        {
            "id": str(10_000 * (index + 1) + n),
            "type": "Default",
            "timestamp": f"2026-0{1 + index % 9}-1{n % 10}T10:{n % 60:02d}:00.000+00:00",
            "content": f"message {n} of file {index}",
            "author": {"id": str(n % 7 + 1), "name": f"user{n % 7}", "discriminator": "0000", "isBot": False},
            "reactions": [],
        }
        for n in range(MESSAGES_PER_FILE)
    ]
    document = {"guild": {"id": "1", "name": "g"}, "channel": {"id": str(index), "name": f"c{index}"},
                "messages": messages}
    path.write_text(json.dumps(document))


def test_app_reads_while_cli_loads(tmp_path):
    db = tmp_path / "shared.duckdb"
    files = []
    for index in range(FILES):
        files.append(tmp_path / f"channel_{index}.json")
        write_channel_export(files[-1], index)
    # The warehouse exists before the reader starts, as it would for an open dashboard.
    subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(files[0]), "--db", str(db)],
                   cwd=PROJECT, check=True, capture_output=True)

    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(db), str(FILES), str(MESSAGES_PER_FILE)],
        cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    time.sleep(0.5)  # let the reader open the warehouse and start querying
    for path in files[1:]:
        loaded = subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(path), "--db", str(db)],
                                cwd=PROJECT, capture_output=True, text=True)
        assert loaded.returncode == 0, loaded.stderr
    out, err = reader.communicate(timeout=180)
    assert reader.returncode == 0, err
    report = json.loads(out)
    assert report["torn"] == []
    assert report["versions"] >= 2  # it really did read across loads
    assert report["observations"] > FILES
    assert scalar(db, "SELECT count(*) FROM activities") == FILES * MESSAGES_PER_FILE
