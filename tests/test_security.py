"""Security promises, each proven: export text stays text; CSV downloads cannot run formulas; every
SQL value is bound; uploaded names cannot write outside data/; every write checks the analyst role
on the server; secrets never reach logs or pages.

The browser's view of hostile text (no script runs, no link or image appears) is in
tests/test_browser_e2e.py; here the same exports are checked in what the server sends.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import hashlib
import inspect
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from pages.ui import actions
from pages.ui.downloads import safe_csv
from pages.ui.roles import NotAllowed
from pipelines.load import load_export, load_path
from pipelines.serve.connection import current_snapshot
from pipelines.serve.filters import Filters

from tests.conftest import FIXTURES, app_on, scalar, warehouse_contents
from tests.live_app import (
    FORMULAS,
    HOSTILE_TEXTS,
    RAW_MARKUP,
    SCRIPT,
    TOKEN,
    AppSession,
    running_dashboard,
    write_hostile_exports,
)

PROJECT = Path(__file__).resolve().parent.parent
APRIL = {"range": "Custom", "from": "2026-04-01", "to": "2026-04-30", "everyone": "1"}
PAGES = ["overview", "growth", "engagement", "sentiment", "events", "kpis", "members", "data"]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    db = folder / "data" / "warehouse.duckdb"
    for path in write_hostile_exports(folder / "exports"):
        load_path(db, path)
    return db


# --- export text renders as text ---------------------------------------------------------------

# Element fields Streamlit renders as markdown: bodies of markdown, headings and alerts, labels and
# help of every widget, metric, tab and expander. (Table cells and chart data are never markdown.)
MARKDOWN_FIELDS = {"body", "label", "help", "caption", "title", "placeholder"}


def strings_in(proto, field: str = "") -> list[tuple[str, str]]:
    """Every (field name, string) in a protobuf message, depth first."""
    found = []
    for descriptor, value in proto.ListFields():
        repeated = not isinstance(value, (str, bytes)) and not hasattr(value, "ListFields") and hasattr(value, "__len__")
        values = value if repeated else [value]
        for item in values:
            if isinstance(item, str):
                found.append((descriptor.name, item))
            elif hasattr(item, "ListFields"):
                found.extend(strings_in(item, descriptor.name))
    return found


def markdown_strings(app) -> list[str]:
    """The strings of an AppTest run that the browser reads as markdown."""
    found, pending = [], [app._tree]
    while pending:
        node = pending.pop()
        pending.extend(getattr(node, "children", {}).values())
        proto = getattr(node, "proto", None)
        if proto is None or type(proto).__name__ in {"Code", "PlotlyChart", "ArrowNamedDataSet", "Arrow"}:
            continue
        found.extend(text for name, text in strings_in(proto) if name in MARKDOWN_FIELDS)
    return found


def unescaped(text: str) -> str:
    """The text with every backslash-escaped character blanked: what markdown still reads as syntax."""
    return re.sub(r"\\.", "\u2591", text)


def hostile_pieces_shown(texts: list[str]) -> list[str]:
    return [text for text in texts if any(piece in unescaped(text) for piece in RAW_MARKUP)]


@pytest.mark.parametrize("page", PAGES)
def test_export_text_is_escaped_wherever_markdown_is_read(page, hostile_db, monkeypatch):
    app = app_on(hostile_db, monkeypatch, f"pages/views/{page}.py" if page != "overview" else None, **APRIL)
    if page == "members":  # a profile, whose header is a hostile name
        member = scalar(hostile_db, "SELECT member_id FROM members WHERE display_name = $name", {"name": SCRIPT})
        app = app_on(hostile_db, monkeypatch, "pages/views/members.py", **APRIL, member=member)
    texts = markdown_strings(app)
    assert not app.exception
    assert hostile_pieces_shown(texts) == []
    assert not app.get("html")  # st.html would render export text as HTML
    assert all(not element.proto.allow_html for element in app.markdown)


def test_plain_escapes_every_markdown_construct():
    from pages.ui.formatting import plain

    for text in HOSTILE_TEXTS:
        escaped = plain(text)
        assert not hostile_pieces_shown([escaped]), escaped
        assert escaped.replace("\\", "") == text.replace("\\", "")  # same characters, only escaped


def links_table_script():
    import polars as pl

    from pages.ui.tables import rows_table

    rows_table(pl.DataFrame({"url": ["javascript:alert(1)", "https://x.example/1", "data:text/html,<script>"],
                             "text": ["a", "b", "c"]}), key="links", file_name="links.csv")


def test_links_from_exports_are_web_links_only():
    """rows_table makes `url` a link column: a javascript: or data: URL must never become a link."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(links_table_script).run()
    links = [url if isinstance(url, str) else None for url in app.dataframe[0].value["url"]]
    assert links == [None, "https://x.example/1", None]


# --- CSV downloads -----------------------------------------------------------------------------


def test_csv_download_neutralises_every_formula_start():
    frame = pl.DataFrame({"text": [*FORMULAS, "=1", "+1", "-1", "@x", "\t=1", "\r=1", "plain", "a=b", None],
                          "count": [-1] * 9 + [1, 2, 3, 4, 5],
                          "tags": [["=1", "x"]] * 14})
    rows = list(csv.reader(io.StringIO(safe_csv(frame).decode("utf-8"))))[1:]
    texts = [row[0] for row in rows]
    assert all(text.startswith("'") for text in texts[:11]), texts
    assert texts[11:] == ["plain", "a=b", ""]
    assert [row[1] for row in rows][:2] == ["-1", "-1"]  # numbers stay numbers
    assert {row[2] for row in rows} == {"'=1, x"}  # a list is joined, then neutralised


def test_a_real_download_of_hostile_rows_is_neutralised(hostile_db):
    """The rows behind a chart point (what the Overview's drill-down offers as CSV)."""
    from pipelines.serve import growth

    april = Filters(dt.date(2026, 4, 1), dt.date(2026, 4, 30), (), True, "UTC")
    rows = growth.activity_rows(current_snapshot(hostile_db), april)
    assert any(str(text).startswith(("=", "+", "-", "@", "\t")) for text in rows["text"].to_list())
    for row in csv.reader(io.StringIO(safe_csv(rows).decode("utf-8"))):
        assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row


# CSV downloads that hold no export text, so are not neutralised: their files round-trip.
CSV_WITHOUT_EXPORT_TEXT = {"targets_to_csv"}  # KPI keys, months, numbers, higher/lower (the KPIs page)


def test_every_download_button_goes_through_safe_csv():
    """Every CSV download of rows is made by safe_csv (rows_table's, and any page's own)."""
    for path in [*PROJECT.glob("pages/**/*.py"), PROJECT / "app.py"]:
        tree = ast.parse(path.read_text())
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            mime = next((k.value for k in call.keywords if k.arg == "mime"), None)
            if name != "download_button" or not (isinstance(mime, ast.Constant) and "csv" in str(mime.value)):
                continue
            data = call.args[1] if len(call.args) > 1 else next(k.value for k in call.keywords if k.arg == "data")
            made_by = ast.unparse(data)
            assert "safe_csv" in made_by or made_by.split("(")[0] in CSV_WITHOUT_EXPORT_TEXT, \
                f"{path.name}:{call.lineno} offers a CSV not made by safe_csv"


# --- SQL: every value bound --------------------------------------------------------------------

SQL_CALLS = {"execute", "executemany", "sql", "query", "fetch_frame", "fetch_scalar"}
# Places that format SQL text, each checked by hand: what they format is an identifier from
# DuckDB's catalog or a fixed list, or a clause written in the module itself; values stay bound.
FORMATTED_SQL_REVIEWED = {
    "pipelines/load/batches.py": "table names from the module's fixed list of base tables",
    "pipelines/load/rebuild.py": "table names from DuckDB's catalog",
    "pipelines/load/derived.py": "clauses and lists written in the module; values bound ($watermark, ...)",
    "pipelines/serve/parquet_export.py": "table and column names from the catalog, quoted; the path bound",
}


def formatted_sql_calls(path: Path) -> list[str]:
    """Calls that pass SQL built with f-strings, %, + or .format() (also via a local variable)."""
    tree = ast.parse(path.read_text())
    found = []
    for scope in (n for n in ast.walk(tree) if isinstance(n, (ast.Module, ast.FunctionDef))):
        assigned = {t.id: node.value for node in ast.walk(scope) if isinstance(node, ast.Assign)
                    for t in node.targets if isinstance(t, ast.Name)}
        for call in (n for n in ast.walk(scope) if isinstance(n, ast.Call)):
            name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            if name not in SQL_CALLS:
                continue
            arguments = call.args[1:2] if name in ("fetch_frame", "fetch_scalar") else call.args[:1]
            for argument in arguments:
                built = assigned.get(argument.id, argument) if isinstance(argument, ast.Name) else argument
                if _formatted(built):
                    found.append(f"{path.relative_to(PROJECT)}:{call.lineno}: {ast.unparse(argument)[:80]}")
    return found


def _formatted(node: ast.AST) -> bool:
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.FormattedValue) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return not (isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant))
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in {"format", "join"}


def test_pages_hold_no_sql_at_all():
    for path in [*PROJECT.glob("pages/**/*.py"), PROJECT / "app.py"]:
        source = path.read_text()
        assert not re.search(r"\b(SELECT|INSERT|UPDATE|DELETE)\b[^\n]*\b(FROM|INTO|SET)\b", source), path
        assert "duckdb" not in source and ".execute(" not in source, path


def test_named_queries_use_bound_parameters_only():
    for path in sorted((PROJECT / "pipelines" / "serve" / "queries").glob("*.sql")):
        text = re.sub(r"--[^\n]*", "", path.read_text())  # comments may say anything
        assert not re.search(r"\{[A-Za-z_]\w*\}|%\(?\w*\)?s\b|\?", text), f"{path.name}: a placeholder that is not $name"


def test_no_sql_is_string_formatted_outside_the_reviewed_places():
    offending = [site for path in sorted(PROJECT.glob("pipelines/**/*.py")) for site in formatted_sql_calls(path)
                 if site.split(":")[0] not in FORMATTED_SQL_REVIEWED]
    assert offending == [], "bind values as $parameters; format only identifiers, and add the file here with why"


def test_text_that_looks_like_sql_is_only_data(hostile_db):
    from pipelines.serve import identity, members

    snapshot = current_snapshot(hostile_db)
    before = warehouse_contents(hostile_db)
    for attack in ("' OR 1=1 --", "'; DROP TABLE source_activities; --", "%' UNION SELECT * FROM members --", "$1"):
        assert members.search_members(snapshot, attack).is_empty()
        assert identity.identity_search(snapshot, attack).is_empty()
    assert warehouse_contents(hostile_db) == before


# --- uploaded names cannot write outside data/ -------------------------------------------------


@pytest.mark.parametrize("name", ["../../escaped.json", "/tmp/community-pulse-absolute.json",
                                  "..\\..\\windows.json", "data/../../up.json", "~/home.json", "\x00nul.json"])
def test_an_uploaded_name_is_recorded_never_used_as_a_path(name, tmp_path):
    db = tmp_path / "data" / "warehouse.duckdb"
    outside_before = sorted(str(p) for p in tmp_path.rglob("*") if "data" not in p.relative_to(tmp_path).parts)
    export = (FIXTURES / "discord" / "help_march_april.json").read_bytes()
    result = load_export(db, name, export)
    assert result.rows_new > 0
    assert scalar(db, "SELECT file_name FROM ingest_batches") == name
    stored = scalar(db, "SELECT stored_as FROM ingest_batches")
    assert re.fullmatch(r"files/[0-9a-f]{2}/[0-9a-f]{64}", stored)
    assert hashlib.sha256((db.parent / stored).read_bytes()).hexdigest() == Path(stored).name
    assert sorted(str(p) for p in tmp_path.rglob("*") if "data" not in p.relative_to(tmp_path).parts) == outside_before
    assert not Path("/tmp/community-pulse-absolute.json").exists()


# --- the analyst role, enforced where the writes are ------------------------------------------

WRITE_ACTIONS = {  # every write action of pages/ui/actions.py, with arguments that would work
    "load_files": lambda db: actions.load_files(db, [], None, lambda *a: None),
    "undo": lambda db: actions.undo(db, 1),
    "merge": lambda db: actions.merge(db, [(("discord", "1"), ("luma", "guest0@hostile.invalid"))], reason="x"),
    "undo_merge": lambda db: actions.undo_merge(db, 1),
    "flag": lambda db: actions.flag(db, ("discord", "1"), is_bot=True, is_staff=None),
    "keep_mapping": lambda db: actions.keep_mapping(db, None),
    "load_demo": lambda db: actions.load_demo(db, on_file=lambda *a: None),
}


def test_every_action_is_listed_here():
    defined = {name for name, value in inspect.getmembers(actions, inspect.isfunction)
               if value.__module__ == actions.__name__ and name != "acting_user"}
    assert defined == set(WRITE_ACTIONS)


@pytest.mark.parametrize("action", sorted(WRITE_ACTIONS))
def test_a_viewer_is_refused_by_every_write_action(action, hostile_db, monkeypatch):
    monkeypatch.setenv("COMMUNITY_PULSE_ROLE", "viewer")
    before = warehouse_contents(hostile_db)
    with pytest.raises(NotAllowed):
        WRITE_ACTIONS[action](hostile_db)
    assert warehouse_contents(hostile_db) == before


def writing_functions() -> set[str]:
    """Names of functions in pipelines/ that write the warehouse: those opening writable_copy or
    swapping a file in, and (transitively) those calling them."""
    calls: dict[str, set[str]] = {}
    for path in PROJECT.glob("pipelines/**/*.py"):
        for function in (n for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.FunctionDef)):
            calls.setdefault(function.name, set()).update(
                (c.func.attr if isinstance(c.func, ast.Attribute) else getattr(c.func, "id", ""))
                for c in ast.walk(function) if isinstance(c, ast.Call))
    writers = {"writable_copy", "swap_in"}
    while True:
        more = {name for name, called in calls.items() if called & writers} - writers
        if not more:
            return writers - {"writable_copy", "swap_in", "upgrade_model", "_upgraded"}
        writers |= more


def guarded(call: ast.Call, parents: dict) -> bool:
    """True if require_analyst() is called before `call` on its way: in the statements before it in
    its block or in any enclosing block, within its function (or the page script)."""
    node = call
    while node in parents:
        parent = parents[node]
        for field in ("body", "orelse", "finalbody", "handlers"):
            block = getattr(parent, field, None)
            if isinstance(block, list) and node in block:
                for earlier in block[: block.index(node)]:
                    if any(isinstance(c, ast.Call) and getattr(c.func, "id", "") == "require_analyst"
                           for c in ast.walk(earlier)):
                        return True
        if isinstance(parent, (ast.FunctionDef, ast.Lambda)):
            return False
        node = parent
    return False


def test_every_write_from_a_page_is_preceded_by_the_role_check():
    writers = writing_functions()
    assert {"load_export", "undo_batch", "mark_identities", "merge_many", "save_mapping", "rescore"} <= writers
    unguarded = []
    for path in [*PROJECT.glob("pages/**/*.py"), PROJECT / "app.py"]:
        tree = ast.parse(path.read_text())
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        # Only calls into pipelines/ count: names imported from it, or attributes of its modules. A
        # page's own wrapper (def save_targets(): require_analyst(); store.save_targets(...)) is
        # checked inside, where it calls the writer.
        from_pipelines = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                          and (node.module or "").startswith("pipelines") for alias in node.names}
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            function = call.func
            if isinstance(function, ast.Attribute) and getattr(function.value, "id", "") in from_pipelines:
                name = function.attr
            elif isinstance(function, ast.Name) and function.id in from_pipelines:
                name = function.id
            else:
                continue
            if name in writers and not guarded(call, parents):
                unguarded.append(f"{path.relative_to(PROJECT)}:{call.lineno} {name}()")
    assert unguarded == [], sorted(writers)


def test_a_viewer_forging_clicks_on_the_server_changes_nothing(hostile_db, tmp_path):
    """A viewer's browser shows no write buttons, and disabled ones; a crafted websocket message can
    still 'click' every button the viewer's pages draw. None of it may write."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    db = tmp_path / "data" / "warehouse.duckdb"
    db.parent.mkdir()
    db.write_bytes(hostile_db.read_bytes())
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    clicked = []
    with running_dashboard(db, tmp_path / "server.log", role="viewer") as app:
        session = AppSession(app.url)
        try:
            for page in PAGES:
                drawn = session.run(page, "&".join(f"{k}={v}" for k, v in APRIL.items()))
                for button in drawn.of("button"):
                    after = session.run(page, "", [WidgetState(id=button.id, trigger_value=True)])
                    assert not after.exceptions(), (page, button.label, after.exceptions())
                    clicked.append(f"{page}: {button.label}")
        finally:
            session.close()
    assert clicked  # the viewer's pages do draw buttons (downloads aside), e.g. disabled saves
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


# --- secrets -----------------------------------------------------------------------------------

CANARIES = {"secrets file": "canary-secrets-file-5f1e2d", "environment": "canary-environment-9a8b7c",
            "export token": TOKEN}


def slack_export_with_a_token(folder: Path) -> Path:
    """The Slack fixture with a file whose URLs carry an access token, as Slack's export writes them."""
    import json
    import zipfile

    root = FIXTURES / "slack" / "pulse-workspace"
    path = folder / "slack-with-token.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for member in sorted(root.rglob("*.json")):
            content = member.read_bytes()
            if member.name == "2026-04-02.json":
                messages = json.loads(content)
                messages[0]["files"] = [{"id": "F1", "name": "log.txt",
                                         "url_private": f"https://files.slack.com/files-pri/T1-F1/log.txt?t={TOKEN}",
                                         "url_private_download": f"https://files.slack.com/x/log.txt?t={TOKEN}"}]
                messages[0]["text"] += f" (token pasted by mistake: {TOKEN})"
                content = json.dumps(messages).encode()
            archive.writestr(str(member.relative_to(root.parent)), content)
    return path


def test_secrets_never_reach_logs_pages_or_the_warehouse(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'role = "analyst"\nsmtp_password = "{CANARIES["secrets file"]}"\n'
                       f'[database]\npassword = "{CANARIES["secrets file"]}"\n')
    environment = {"COMMUNITY_PULSE_SMTP_PASSWORD": CANARIES["environment"]}
    db = tmp_path / "data" / "warehouse.duckdb"
    export = slack_export_with_a_token(tmp_path)
    cli = subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(export), "--db", str(db)], cwd=PROJECT,
                         capture_output=True, text=True, timeout=300, env={**os.environ, **environment})
    assert cli.returncode == 0, cli.stderr
    with running_dashboard(db, tmp_path / "server.log", extra_args=("--secrets.files", str(secrets)),
                           env=environment) as app:
        session = AppSession(app.url)
        try:
            for page in PAGES:
                drawn = session.run(page, "range=Custom&from=2026-03-01&to=2026-04-30&everyone=1")
                assert not drawn.exceptions(), (page, drawn.exceptions())
            # An upload that fails, so error paths speak too.
            session.upload("data", "Export files", "broken.json", b'{"guild": {}, "channel": {}, "messages": [')
        finally:
            session.close()
        received = b"".join(session.received)
    sources = {"CLI output": cli.stdout + cli.stderr, "pages": received.decode("utf-8", "replace"),
               "server log": (tmp_path / "server.log").read_text(), "warehouse": repr(warehouse_contents(db))}
    for where, text in sources.items():
        for origin, canary in CANARIES.items():
            assert canary not in text, f"the {origin} secret appears in the {where}"
